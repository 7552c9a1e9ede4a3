"""The API's token authentication: `Authorization: Bearer csp_…`, looked up by its digest."""

from django.http import HttpRequest
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.selectors import token_active
from api.services import token_used


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal API token in the Authorization header (Bearer or Token)."""

    keywords = ("bearer", "token")

    def authenticate(self, request: HttpRequest):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as: Authorization: Bearer <token>"
            )
        record = token_active(token=header[1])
        if record is None or not record.user.is_active:
            raise exceptions.AuthenticationFailed("That API token is not valid or was revoked")
        token_used(record=record)
        return record.user, record

    def authenticate_header(self, request: HttpRequest) -> str:
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token made on your account's API tokens page. "
            "Without one you get public records only.",
        }
