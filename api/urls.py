"""The API's URLs: the collections under /api/v1/, the documentation and the account's tokens."""

from django.urls import path

from api import pages
from api.views import COLLECTIONS, csv_view, json_view

app_name = "api"

urlpatterns = [
    path("api/", pages.documentation, name="docs"),
    path("api/v1/openapi.json", pages.openapi, name="schema"),
    path("account/api-tokens/", pages.tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
for _cls in COLLECTIONS:
    _key = _cls.name.replace("-", "_")
    urlpatterns += [
        path(f"api/v1/p/<slug:slug>/{_cls.name}/", json_view(_cls), name=_key),
        path(f"api/v1/p/<slug:slug>/{_cls.name}.csv", csv_view(_cls), name=f"{_key}_csv"),
    ]
