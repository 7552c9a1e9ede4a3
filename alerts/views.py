"""Pages of e-mail alerts: the subscription form, confirmation, unsubscribing and managing.

Links in e-mails carry signed tokens (alerts/tokens.py); a bad or expired one answers 404 with
a page that says so. Confirming and unsubscribing are buttons (POST), so a mail scanner that
opens links does not act on them, except the one-click unsubscribe POST of RFC 8058, which a
mail client sends without a CSRF token: that view is CSRF-exempt (the signed token is the
proof).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.pages import form_page
from accounts.permissions import partnership_view, require_visible
from alerts import selectors, services
from alerts.forms import SubscribeForm
from alerts.models import Frequency, Subscriber, Subscription
from alerts.tokens import (
    confirmation,
    manage_token,
    subscriber_to_manage,
    subscription_to_leave,
)
from core.formatting import date_gb
from core.forms import add_service_errors
from partnership.models import Group


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alerts/link_invalid.html",
        {"confirm_days": settings.ALERTS_CONFIRM_DAYS},
        status=404,
    )


@partnership_view()
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, partnership, pk: int) -> HttpResponse:
    """Get e-mail alerts about a group: by account when signed in, else by confirmed address."""
    group = get_object_or_404(Group, partnership=partnership, pk=pk)
    require_visible(request.user, group, partnership)
    signed_in = request.user.is_authenticated
    current = None
    if signed_in:
        subscriber = selectors.subscriber_of_user(user=request.user)
        current = selectors.subscriptions_of(subscriber=subscriber).filter(group=group).first()
    initial = (
        {"kinds": current.kinds, "frequency": current.frequency}
        if current
        else {"frequency": Frequency.IMMEDIATE}
    )
    form = SubscribeForm(request.POST or None, signed_in=signed_in, initial=initial)
    if request.method == "POST":
        if not signed_in and services.subscription_requests_throttled(request):
            return render(request, "alerts/throttled.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if signed_in:
                    services.subscription_set_for_user(
                        user=request.user,
                        group=group,
                        kinds=data["kinds"],
                        frequency=data["frequency"],
                    )
                else:
                    services.subscription_request(
                        email=data["email"],
                        group=group,
                        kinds=data["kinds"],
                        frequency=data["frequency"],
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if signed_in:
                    messages.success(request, f"You will get e-mail alerts about {group.name}")
                    return redirect("alerts:mine")
                return redirect("alerts:check_email")
    return form_page(
        request,
        partnership,
        "alerts/subscribe.html",
        form,
        group=group,
        current=current,
        caption=group.name,
    )


def check_email(request: HttpRequest) -> HttpResponse:
    """After the form: the same words whether or not the address is known."""
    return render(
        request, "alerts/check_email.html", {"confirm_days": settings.ALERTS_CONFIRM_DAYS}
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The double opt-in link: a button that starts the alerts."""
    value = confirmation(token)
    if value is None or not Group.objects.filter(pk=value["g"]).exists():
        return _invalid_link(request)
    group = Group.objects.select_related("partnership").get(pk=value["g"])
    if request.method == "POST":
        subscription = services.subscription_confirm(token=token)
        if subscription is None:
            return _invalid_link(request)
        return render(
            request,
            "alerts/confirmed.html",
            {
                "subscription": subscription,
                "manage_url": _manage_url(subscription.subscriber),
            },
        )
    return render(request, "alerts/confirm.html", {"group": group, "request_value": value})


def _manage_url(subscriber: Subscriber) -> str:
    return reverse("alerts:manage", kwargs={"token": manage_token(subscriber)})


def _manage_page(request: HttpRequest, subscriber: Subscriber, *, by_account: bool):
    if request.method == "POST":
        subscriptions = selectors.subscriptions_of(subscriber=subscriber)
        if request.POST.get("end") == "all":
            ended = list(subscriptions)
        else:
            ended = list(subscriptions.filter(pk=request.POST.get("end") or 0))
        for subscription in ended:
            services.subscription_end(subscription=subscription)
        if ended:
            names = ", ".join(s.group.name for s in ended)
            messages.success(request, f"You will get no more e-mail alerts about {names}")
        return redirect(request.path)
    return render(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "subscriptions": list(selectors.subscriptions_of(subscriber=subscriber)),
            "by_account": by_account,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """Your e-mail alerts, by your account."""
    subscriber = selectors.subscriber_of_user(user=request.user)
    if subscriber is None:
        return render(request, "alerts/manage.html", {"subscriptions": [], "by_account": True})
    return _manage_page(request, subscriber, by_account=True)


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The alerts of the address a signed link names (the link in every alert)."""
    subscriber = subscriber_to_manage(token)
    if subscriber is None:
        return _invalid_link(request)
    return _manage_page(request, subscriber, by_account=False)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe (RFC 8058 POST from the mail client, or the button here)."""
    subscription: Subscription | None = subscription_to_leave(token)
    if request.method == "POST":
        if subscription is not None:
            group = subscription.group
            services.subscription_end(subscription=subscription)
            return render(request, "alerts/unsubscribed.html", {"group": group})
        # Already gone (a second click) or never valid: say so without telling which.
        return render(request, "alerts/unsubscribed.html", {"group": None})
    if subscription is None:
        return _invalid_link(request)
    return render(
        request,
        "alerts/unsubscribe.html",
        {"subscription": subscription, "since": date_gb(subscription.created)},
    )
