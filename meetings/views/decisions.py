"""The decisions register, and searching the minutes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.pages import form_page, page_context
from accounts.permissions import Access, partnership_view, require_visible
from core.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import DecisionForm
from meetings.models import Decision, Item
from partnership.models import Group, Partnership
from partnership.selectors import groups_visible


@partnership_view()
def decision_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The decisions register: search and filter by group."""
    q = request.GET.get("q", "").strip()[:200]
    group = None
    if request.GET.get("group", "").isdigit():
        group = Group.objects.filter(partnership=partnership, pk=request.GET["group"]).first()
    decisions = Paginator(
        selectors.decisions_visible(user=request.user, partnership=partnership, q=q, group=group),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/decision_list.html",
        page_context(
            request,
            partnership,
            decisions=decisions,
            q=q,
            group=group,
            groups=groups_visible(user=request.user, partnership=partnership),
        ),
    )


@partnership_view()
def decision_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """One decision with its follow-up dates, linked item and papers."""
    decision = get_object_or_404(
        Decision.objects.select_related("made_by_group").prefetch_related("follow_ups"),
        partnership=partnership,
        pk=pk,
    )
    require_visible(request.user, decision, partnership)
    return render(
        request,
        "meetings/decision_detail.html",
        page_context(
            request,
            partnership,
            decision=decision,
            item=selectors.decision_item_visible(user=request.user, decision=decision),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Record a decision."""
    form = DecisionForm(
        request.POST or None, partnership=partnership, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Decision recorded")
            return redirect("meetings:decision_detail", slug=partnership.slug, pk=decision.pk)
    return form_page(request, partnership, "meetings/form.html", form, heading="Record a decision")


@partnership_view()
def search(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Search the minutes the user may read."""
    q = request.GET.get("q", "").strip()[:200]
    items: list[Item] = (
        list(selectors.search_items(user=request.user, partnership=partnership, q=q))
        if len(q) >= 2
        else []
    )
    return render(
        request, "meetings/search.html", page_context(request, partnership, q=q, items=items)
    )
