"""Pages of funding. Views parse input, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.pages import page_context
from accounts.permissions import Access, partnership_view, require_visible
from core.exports import Sheet, csv_response, xlsx_response
from core.formatting import money
from core.forms import add_service_errors
from funding import selectors, services
from funding.forms import (
    CheckForm,
    DecisionForm,
    PaidForm,
    PotForm,
    ProtocolForm,
    RequestForm,
    RolloverForm,
    RolloverOutcomeForm,
    SubmitForm,
    pounds,
)
from funding.models import FundingRequest, Pot, Rollover
from plan.views import form_page


def _pot_url(partnership, pot) -> str:
    return reverse("funding:pot_detail", kwargs={"slug": partnership.slug, "pk": pot.pk})


def _request_url(partnership, request_obj) -> str:
    return reverse(
        "funding:request_detail", kwargs={"slug": partnership.slug, "pk": request_obj.pk}
    )


@partnership_view()
def pot_list(request, partnership):
    """Every pot with its committed, paid and uncommitted balances."""
    summaries = selectors.pot_summaries(user=request.user, partnership=partnership)
    protocol = selectors.protocol_of(partnership=partnership)
    return render(
        request,
        "funding/pot_list.html",
        page_context(request, partnership, summaries=summaries, protocol=protocol),
    )


@partnership_view()
def pot_detail(request, partnership, pk):
    """A pot: its balances, requests and rollovers."""
    pot = get_object_or_404(Pot.objects.select_related("funder"), partnership=partnership, pk=pk)
    require_visible(request.user, pot, partnership)
    requests = selectors.requests_visible(user=request.user, partnership=partnership).filter(
        pot=pot
    )
    return render(
        request,
        "funding/pot_detail.html",
        page_context(
            request,
            partnership,
            pot=pot,
            balance=selectors.pot_balance_for(user=request.user, pot=pot),
            requests=requests,
            rollovers=selectors.rollovers_of(pot=pot),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def pot_create(request, partnership):
    """Record a pot of money from a funder."""
    form = PotForm(
        request.POST or None, partnership=partnership, initial={"visibility": "partners"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            pot = services.pot_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{pot.name} recorded")
            return redirect(_pot_url(partnership, pot))
    return form_page(
        request,
        partnership,
        form,
        title="Record a funding pot",
        back=reverse("funding:pot_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def request_create(request, partnership, pk):
    """Record a request for money from a pot."""
    pot = get_object_or_404(Pot, partnership=partnership, pk=pk)
    form = RequestForm(
        request.POST or None, partnership=partnership, initial={"visibility": pot.visibility}
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_create(pot=pot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Request {made.title} recorded as a draft")
            return redirect(_request_url(partnership, made))
    return form_page(
        request,
        partnership,
        form,
        title="Record a funding request",
        caption=str(pot),
        back=_pot_url(partnership, pot),
    )


def _visible_request(request, partnership, pk) -> FundingRequest:
    obj = get_object_or_404(
        FundingRequest.objects.select_related("pot", "requesting_body", "priority", "meeting_item"),
        pot__partnership=partnership,
        pk=pk,
    )
    require_visible(request.user, obj.pot, partnership)
    return require_visible(request.user, obj, partnership)


@partnership_view()
def request_detail(request, partnership, pk):
    """A request: what it is for, its protocol checks, its decision and payment."""
    obj = _visible_request(request, partnership, pk)
    protocol = selectors.protocol_of(partnership=partnership)
    checks = {c.criterion_id: c for c in obj.checks.all()}
    criteria = list(protocol.criteria.filter(active=True)) if protocol else []
    return render(
        request,
        "funding/request_detail.html",
        page_context(
            request,
            partnership,
            req=obj,
            protocol=protocol,
            criteria=criteria,
            checks=checks,
            unmet=services.protocol_unmet(obj),
            balance=selectors.pot_balance_for(user=request.user, pot=obj.pot),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def request_submit(request, partnership, pk):
    """Submit a draft request for a decision."""
    obj = get_object_or_404(FundingRequest, pot__partnership=partnership, pk=pk)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_submit(request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{obj.title} submitted")
            return redirect(_request_url(partnership, obj))
    return form_page(
        request,
        partnership,
        form,
        title="Submit the request",
        caption=obj.title,
        back=_request_url(partnership, obj),
        submit="Submit",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def request_check(request, partnership, pk):
    """Check a request against the protocol's criteria."""
    obj = get_object_or_404(FundingRequest, pot__partnership=partnership, pk=pk)
    protocol = selectors.protocol_of(partnership=partnership)
    if protocol is None:
        messages.info(request, "Set the funding protocol first, then check requests against it")
        return redirect("funding:protocol_edit", slug=partnership.slug)
    existing = dict(obj.checks.values_list("criterion_id", "met"))
    form = CheckForm(request.POST or None, protocol=protocol, existing=existing)
    if request.method == "POST" and form.is_valid():
        services.request_check(
            request=obj, results=form.results(), checked_on=form.cleaned_data["checked_on"]
        )
        unmet = services.protocol_unmet(obj)
        messages.success(
            request,
            "Meets every criterion of the protocol"
            if not unmet
            else f"Checked: {len(unmet)} criteria not met",
        )
        return redirect(_request_url(partnership, obj))
    return form_page(
        request,
        partnership,
        form,
        title="Check the request against the protocol",
        caption=f"{obj.title}, {money(obj.amount_pence)}",
        back=_request_url(partnership, obj),
        submit="Save the checks",
        intro=f"Who decides: {protocol.decider}. Requests over "
        f"{money(protocol.coordinator_limit_pence)} are decided at a meeting.",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def request_decide(request, partnership, pk):
    """Record the decision on a request, and where it was made."""
    obj = get_object_or_404(
        FundingRequest.objects.select_related("pot"), pot__partnership=partnership, pk=pk
    )
    form = DecisionForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "request": obj,
            "decided_on": data["decided_on"],
            "decided_by": data["decided_by"],
            "meeting_reference": data["meeting_reference"],
            "meeting_item": data["meeting_item"],
            "decision_note": data["decision_note"],
        }
        try:
            if data["decision"] == "approve":
                services.request_approve(
                    **common,
                    over_commit=data["over_commit"],
                    over_commitment_reason=data["over_commitment_reason"],
                )
            else:
                services.request_decline(**common)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            obj.refresh_from_db()
            messages.success(request, f"{obj.title}: {obj.get_status_display().lower()}")
            return redirect(_request_url(partnership, obj))
    balance = services.pot_balance(obj.pot)
    return form_page(
        request,
        partnership,
        form,
        title="Record the decision",
        caption=f"{obj.title}, {money(obj.amount_pence)}",
        back=_request_url(partnership, obj),
        submit="Record the decision",
        intro=f"{obj.pot.name} has {money(balance.uncommitted)} uncommitted.",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def request_paid(request, partnership, pk):
    """Record that an approved request has been paid."""
    obj = get_object_or_404(FundingRequest, pot__partnership=partnership, pk=pk)
    form = PaidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_mark_paid(request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{obj.title} marked as paid")
            return redirect(_request_url(partnership, obj))
    return form_page(
        request,
        partnership,
        form,
        title="Record the payment",
        caption=f"{obj.title}, {money(obj.amount_pence)}",
        back=_request_url(partnership, obj),
        submit="Mark as paid",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def rollover_create(request, partnership, pk):
    """Ask the funder to carry a pot's unspent money into next year."""
    pot = get_object_or_404(Pot.objects.select_related("funder"), partnership=partnership, pk=pk)
    balance = services.pot_balance(pot)
    form = RolloverForm(
        request.POST or None,
        partnership=partnership,
        initial={
            "asked_of": pot.funder_id,
            "amount_pence": pounds(max(balance.uncommitted - balance.pending_rollover, 0)),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rollover_request(pot=pot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Rollover request recorded")
            return redirect(_pot_url(partnership, pot))
    return form_page(
        request,
        partnership,
        form,
        title="Ask to roll money into next year",
        caption=str(pot),
        back=_pot_url(partnership, pot),
        intro=f"{money(balance.uncommitted)} is uncommitted. Conditions: "
        f"{pot.conditions or 'none recorded'}",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def rollover_outcome(request, partnership, pk):
    """Record the funder's answer to a rollover request."""
    rollover = get_object_or_404(
        Rollover.objects.select_related("pot"), pot__partnership=partnership, pk=pk
    )
    form = RolloverOutcomeForm(request.POST or None, pot=rollover.pot)
    if request.method == "POST" and form.is_valid():
        try:
            services.rollover_decide(rollover=rollover, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The funder's answer is recorded")
            return redirect(_pot_url(partnership, rollover.pot))
    return form_page(
        request,
        partnership,
        form,
        title="Record the funder's answer",
        caption=f"Rollover of {money(rollover.amount_pence)} from {rollover.pot}",
        back=_pot_url(partnership, rollover.pot),
    )


@partnership_view(Access.VIEWER)
def protocol_detail(request, partnership):
    """The partnership's funding protocol: who decides, thresholds and the checklist."""
    protocol = selectors.protocol_of(partnership=partnership)
    criteria = protocol.criteria.filter(active=True) if protocol else []
    return render(
        request,
        "funding/protocol_detail.html",
        page_context(request, partnership, protocol=protocol, criteria=criteria),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def protocol_edit(request, partnership):
    """Set the funding protocol."""
    protocol = selectors.protocol_of(partnership=partnership)
    initial = {}
    if protocol:
        initial = {
            "decider": protocol.decider,
            "coordinator_limit_pence": pounds(protocol.coordinator_limit_pence),
            "criteria": "\n".join(c.text for c in protocol.criteria.filter(active=True)),
            "adopted_on": protocol.adopted_on,
            "notes": protocol.notes,
        }
    form = ProtocolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_set(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Funding protocol saved")
            return redirect("funding:protocol_detail", slug=partnership.slug)
    return form_page(
        request,
        partnership,
        form,
        title="Set the funding protocol",
        back=reverse("funding:pot_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view()
def export_csv(request, partnership):
    """Pots and requests as one CSV: a pots table, a blank line, then a requests table."""
    tables = selectors.export_tables(user=request.user, partnership=partnership)
    pots, requests = tables["Pots"], tables["Requests"]
    return csv_response(
        filename=f"{partnership.slug}-funding.csv",
        headers=pots[0],
        rows=[*pots[1:], [], *requests],
    )


@partnership_view()
def export_xlsx(request, partnership):
    """Pots and requests as an Excel workbook, one sheet each."""
    tables = selectors.export_tables(user=request.user, partnership=partnership)
    return xlsx_response(
        *(Sheet(title, rows[0], rows[1:]) for title, rows in tables.items()),
        filename=f"{partnership.slug}-funding.xlsx",
    )
