"""Full-text search across the whole record: the page, its form and the `search` command."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
