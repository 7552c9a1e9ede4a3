"""Pages of the action register. Views parse input, call one service, render."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pages import page_context
from accounts.permissions import (
    Access,
    partnership_view,
    person_of,
)
from accounts.selectors import feed_token_owner
from accounts.services import feed_token_current, feed_token_reset
from actions import exports, selectors, services
from actions.deadlines import parse_deadline
from actions.forms import ActionFilterForm, ActionForm, MattersArisingForm, ProgressForm
from actions.models import ActionStatus
from core.forms import add_service_errors
from meetings.models import Meeting
from meetings.outputs import calendar, site_base
from partnership.selectors import bodies_visible, groups_visible, people_visible


def _ctx(request, partnership, **extra) -> dict:
    return page_context(request, partnership, today=dt.date.today(), **extra)


def _filters(request, partnership) -> tuple[ActionFilterForm, selectors.ActionFilters]:
    form = ActionFilterForm(
        request.GET or None,
        partnership=partnership,
        groups=groups_visible(user=request.user, partnership=partnership),
        people=people_visible(user=request.user, partnership=partnership),
        bodies=bodies_visible(user=request.user, partnership=partnership),
    )
    filters = selectors.ActionFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ActionFilters(
            group=data["group"],
            owner=data["owner"],
            body_id=data["body"],
            status=data["status"],
            overdue=data["overdue"],
            q=data["q"].strip(),
        )
    return form, filters


@partnership_view()
def action_log(request, partnership):
    """Every action the user may see, filtered by group, owner, body, status or overdue."""
    form, filters = _filters(request, partnership)
    today = dt.date.today()
    qs = selectors.action_log(
        user=request.user, partnership=partnership, filters=filters, today=today
    )
    total = selectors.action_log_count(
        user=request.user, partnership=partnership, filters=filters, today=today
    )
    page = Paginator(range(total), 100).get_page(request.GET.get("page"))  # numbers only
    page.object_list = selectors.action_log_rows(
        qs=qs, partnership=partnership, filters=filters, page=page.number, size=100
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_log.html",
        _ctx(request, partnership, form=form, page=page, query=query.urlencode()),
    )


def _export(request, partnership, fmt: str) -> HttpResponse:
    _, filters = _filters(request, partnership)
    qs = selectors.action_log(
        user=request.user, partnership=partnership, filters=filters, today=dt.date.today()
    )
    rows = selectors.export_rows(qs)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-actions.{fmt}"'
    return response


@partnership_view()
def action_export_csv(request, partnership):
    """The action log as CSV, with the page's filters."""
    return _export(request, partnership, "csv")


@partnership_view()
def action_export_xlsx(request, partnership):
    """The action log as an Excel workbook, with the page's filters."""
    return _export(request, partnership, "xlsx")


@partnership_view(Access.VIEWER)
def my_actions(request, partnership):
    """The signed-in person's own actions, soonest deadline first."""
    actions = list(selectors.my_actions(user=request.user, partnership=partnership))
    return render(
        request,
        "actions/my_actions.html",
        _ctx(
            request,
            partnership,
            person=person_of(request.user, partnership),
            open_actions=[a for a in actions if a.status == ActionStatus.OPEN],
            closed_actions=[a for a in actions if a.status != ActionStatus.OPEN],
        ),
    )


@partnership_view(Access.VIEWER)
def dashboard(request, partnership):
    """Due soon, overdue, and open actions by owner and by body."""
    data = selectors.dashboard(user=request.user, partnership=partnership, today=dt.date.today())
    return render(request, "actions/dashboard.html", _ctx(request, partnership, **data))


def _meeting(partnership, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("group", "partnership"), partnership=partnership, pk=pk
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def action_create(request, partnership, pk):
    """Record an action raised at one of the meeting's items."""
    meeting = _meeting(partnership, pk)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = request.GET["item"]
    form = ActionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(meeting=meeting, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Action for {action.owners_written} recorded")
            for warning in services.deadline_warnings(
                meeting=meeting, deadline=parse_deadline(data["deadline"])
            ):
                messages.warning(request, warning)
            if "another" in request.POST:
                return redirect("actions:action_create", slug=partnership.slug, pk=meeting.pk)
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return render(
        request,
        "actions/action_form.html",
        _ctx(request, partnership, form=form, meeting=meeting),
        status=400 if form.errors else 200,
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def action_edit(request, partnership, pk):
    """Change an action's text, owners or deadline."""
    action = selectors.action_detail(user=request.user, partnership=partnership, pk=pk)
    if action is None:
        raise Http404("No such action")
    form = ActionForm(
        request.POST or None,
        meeting=action.meeting,
        initial={
            "item": action.item_id,
            "text": action.text,
            "owners": action.owners_written,
            "deadline": action.deadline_text,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action, text=data["text"], owners=data["owners"], deadline=data["deadline"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Action saved")
            for warning in services.deadline_warnings(
                meeting=action.meeting, deadline=parse_deadline(data["deadline"])
            ):
                messages.warning(request, warning)
            return redirect("actions:action_detail", slug=partnership.slug, pk=action.pk)
    return render(
        request,
        "actions/action_form.html",
        _ctx(request, partnership, form=form, meeting=action.meeting, action=action),
        status=400 if form.errors else 200,
    )


@partnership_view()
def action_detail(request, partnership, pk):
    """One action: owners, deadline as written and resolved, progress notes."""
    action = selectors.action_detail(user=request.user, partnership=partnership, pk=pk)
    if action is None:
        raise Http404("No such action")
    can_update = selectors.can_update(user=request.user, action=action)
    return render(
        request,
        "actions/action_detail.html",
        _ctx(
            request,
            partnership,
            action=action,
            can_update=can_update,
            progress_form=ProgressForm(initial={"status": ""}) if can_update else None,
        ),
    )


@partnership_view(Access.VIEWER)
@require_POST
def action_progress(request, partnership, pk):
    """Record progress on an action: owners and coordinators only."""
    action = selectors.action_detail(user=request.user, partnership=partnership, pk=pk)
    if action is None:
        raise Http404("No such action")
    if not selectors.can_update(user=request.user, action=action):
        raise PermissionDenied("Only the action's owners and coordinators can update it")
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.action_progress(
                action=action,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Progress recorded")
            return redirect("actions:action_detail", slug=partnership.slug, pk=action.pk)
    return render(
        request,
        "actions/action_detail.html",
        _ctx(request, partnership, action=action, can_update=True, progress_form=form),
        status=400,
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def matters_arising(request, partnership, pk):
    """Mark each open action of earlier meetings: done, carried forward or dropped."""
    meeting = _meeting(partnership, pk)
    actions = selectors.matters_arising(user=request.user, meeting=meeting)
    form = MattersArisingForm(request.POST or None, actions=actions)
    if request.method == "POST" and form.is_valid():
        outcomes = form.outcomes()
        try:
            for action, outcome, note in outcomes:
                services.matter_arising_record(
                    meeting=meeting, action=action, outcome=outcome, note=note, user=request.user
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{len(outcomes)} matters arising recorded")
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return render(
        request,
        "actions/matters_arising.html",
        _ctx(request, partnership, form=form, meeting=meeting),
        status=400 if form.errors else 200,
    )


# Calendar feed -------------------------------------------------------------------------------


@partnership_view(Access.VIEWER)
@require_http_methods(["GET", "POST"])
def feed_settings(request, partnership):
    """Your private calendar feed's address, and a button to reset its secret token."""
    user = request.user
    if request.method == "POST":
        feed_token_reset(user=user)
        messages.success(request, "Your calendar address has changed: the old one stops working")
        return redirect("actions:feed_settings", slug=partnership.slug)
    feed = request.build_absolute_uri(
        reverse(
            "actions:person_feed",
            kwargs={"slug": partnership.slug, "token": feed_token_current(user=user)},
        )
    )
    return render(request, "actions/feed_settings.html", _ctx(request, partnership, feed=feed))


@partnership_view()
def person_feed(request, partnership, token):
    """A person's action deadlines as an iCalendar feed, by their secret token."""
    user = feed_token_owner(token)
    if user is None:
        raise Http404("No such calendar")
    actions = selectors.my_actions(user=user, partnership=partnership).filter(
        status=ActionStatus.OPEN, due__isnull=False
    )
    events = [
        {
            "uid": f"action-{a.pk}",
            "summary": f"Action due: {a.text}",
            "date": a.due,
            "description": f"{a.owners_written}, deadline as minuted: {a.deadline_text}",
            "url": reverse("actions:action_detail", kwargs={"slug": partnership.slug, "pk": a.pk}),
        }
        for a in actions
    ]
    return HttpResponse(
        calendar(
            f"My actions: {partnership.short_name or partnership.name}",
            events,
            base_url=site_base(request),
        ),
        content_type="text/calendar; charset=utf-8",
    )
