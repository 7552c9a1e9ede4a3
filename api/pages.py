"""The API's pages: the documentation, the OpenAPI document and the account's API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from api import docs, selectors, services
from api.forms import TokenForm
from api.models import ApiToken
from partnership.selectors import partnerships_list


def documentation(request: HttpRequest) -> HttpResponse:
    """Every collection, its filters and the fields of its records, read from the schema."""
    return render(
        request,
        "api/documentation.html",
        {
            "endpoints": docs.endpoints(docs.openapi_document()),
            "partnerships": partnerships_list(),
        },
    )


def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3 document, as JSON."""
    return JsonResponse(docs.openapi_document(), json_dumps_params={"indent": 1})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; making one shows it once."""
    form = TokenForm(request.POST or None)
    new = None
    if request.method == "POST" and form.is_valid():
        try:
            new = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            for message in exc.message_dict.get("name", []):
                form.add_error("name", message)
        else:
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "new": new, "tokens": list(selectors.tokens_of(user=request.user))},
    )
    if new is not None:
        response["Cache-Control"] = "no-store"  # the token must not linger in a cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    get_object_or_404(ApiToken, user=request.user, pk=pk)
    record = services.token_revoke(user=request.user, pk=pk)
    messages.success(request, f"The token “{record.name}” is revoked: it no longer works.")
    return redirect("api:tokens")
