"""Numbered pages with next and previous links and a page-size cap."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    page_size_query_description = "Records per page (at most 500; 50 if not given)."
    page_query_description = "The page number, from 1."

    @property
    def page_size(self) -> int:
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict) -> dict:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count"]["description"] = "How many records match, on every page."
        out["properties"]["next"]["description"] = "The next page's address, or null on the last."
        out["properties"]["previous"]["description"] = (
            "The previous page's address, or null on the first."
        )
        out["properties"]["results"]["description"] = "This page's records."
        return out
