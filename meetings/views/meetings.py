"""Meeting pages: the list, one meeting (with the action register's sections), scheduling,
changing a meeting, publishing its agenda and a group's quorum rule."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pages import form_page, page_context
from accounts.permissions import Access, is_coordinator, partnership_view, require_visible
from actions import selectors as action_selectors
from core.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import MeetingForm, MeetingSeriesForm, QuorumForm
from meetings.models import QuorumRule
from meetings.views._common import (
    clash_warnings,
    managed_meeting,
    visible_meeting,
)
from partnership.models import Group, Partnership
from partnership.selectors import groups_visible

PANEL_LIMIT = 100  # matters arising, and actions raised, a page of the meeting page


@partnership_view()
def meeting_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The partnership's meetings, upcoming and past, optionally for one group."""
    meetings = selectors.meetings_visible(user=request.user, partnership=partnership)
    group = None
    if request.GET.get("group", "").isdigit():
        group = get_object_or_404(Group, partnership=partnership, pk=request.GET["group"])
        require_visible(request.user, group, partnership)
        meetings = meetings.filter(group=group)
    today = dt.date.today()
    upcoming = list(meetings.filter(date__gte=today).order_by("date", "start_time")[:50])
    past = Paginator(meetings.filter(date__lt=today).order_by("-date"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        page_context(
            request,
            partnership,
            upcoming=upcoming,
            past=past,
            group=group,
            groups=groups_visible(user=request.user, partnership=partnership),
        ),
    )


def _page_number(request: HttpRequest, name: str) -> int:
    value = request.GET.get(name, "")
    return max(1, min(int(value), 10_000)) if value.isdigit() else 1


def _with_page(query: QueryDict, name: str, number: int) -> str:
    q = query.copy()
    q[name] = str(number)
    return "?" + q.urlencode()


@partnership_view()
def meeting_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A meeting: attendance, quorum, the agenda or minutes with papers, and its actions."""
    meeting = visible_meeting(request, partnership, pk)
    readable = selectors.minutes_readable(request.user, meeting)
    agenda = selectors.agenda_readable(request.user, meeting)
    items = list(selectors.items_visible(user=request.user, meeting=meeting)) if agenda else []
    attendance = selectors.attendance_visible(user=request.user, meeting=meeting)
    can_manage = is_coordinator(request.user, partnership)
    query = request.GET.copy()
    return render(
        request,
        "meetings/meeting_detail.html",
        page_context(
            request,
            partnership,
            meeting=meeting,
            items=items,
            minutes_readable=readable,
            agenda_readable=agenda,
            present=[a for a in attendance if a.status == "present"],
            apologies=[a for a in attendance if a.status == "apologies"],
            absent=[a for a in attendance if a.status == "absent"],
            quorum=selectors.quorum(meeting=meeting),
            clashes=selectors.meeting_clashes(meeting=meeting) if can_manage else [],
            to_approve=selectors.circulated_minutes_before(user=request.user, meeting=meeting)
            if can_manage
            else [],
            amendments=list(meeting.amendments.select_related("agreed_at", "item"))
            if readable
            else [],
            circulations=selectors.circulations_of(meeting=meeting) if can_manage else [],
            # The action register's sections (actions sits above meetings; this page is the
            # top floor, which reads any app's selectors).
            raised=action_selectors.actions_of_meeting_page(
                user=request.user,
                meeting=meeting,
                limit=PANEL_LIMIT,
                page=_page_number(request, "raised"),
            ),
            arising=action_selectors.matters_arising_page(
                user=request.user,
                meeting=meeting,
                limit=PANEL_LIMIT,
                page=_page_number(request, "arising"),
            ),
            page_url=lambda name, number: _with_page(query, name, number),
            today=dt.date.today(),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Schedule a meeting of a group."""
    initial = {"visibility": "public", "status": "scheduled"}
    if request.GET.get("group", "").isdigit():
        initial["group"] = request.GET["group"]
    form = MeetingForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Meeting of {meeting.group.name} scheduled")
            clash_warnings(request, meeting)
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return form_page(request, partnership, "meetings/form.html", form, heading="Schedule a meeting")


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def meeting_series_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Schedule a series of meetings at once, as a "Dates of Future Meetings" item lists them."""
    form = MeetingSeriesForm(
        request.POST or None, partnership=partnership, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.meeting_series_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{len(meetings)} meetings scheduled")
            for meeting in meetings:
                clash_warnings(request, meeting)
            url = reverse("meetings:meeting_list", kwargs={"slug": partnership.slug})
            return redirect(f"{url}?group={meetings[0].group_id}")
    return form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        heading="Schedule a series of meetings",
        hint='Use this for a "Dates of Future Meetings" item: every date gets a meeting with the same time and room.',
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Move a meeting, change its room, or mark it held or cancelled."""
    meeting = managed_meeting(partnership, pk)
    fields = [
        "date",
        "start_time",
        "end_time",
        "location",
        "online_link",
        "status",
        "minutes_heading",
        "visibility",
    ]
    form = MeetingForm(
        request.POST or None,
        partnership=partnership,
        initial={
            **{f: getattr(meeting, f) for f in fields},
            "group": meeting.group_id,
            "restricted_to": list(meeting.restricted_to.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Meeting saved")
            clash_warnings(request, meeting)
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=meeting,
        heading="Change the meeting",
        caption=str(meeting),
    )


@partnership_view(Access.COORDINATOR)
@require_POST
def agenda_publish(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Publish the agenda: the items' titles and papers, at each item's visibility."""
    meeting = managed_meeting(partnership, pk)
    try:
        services.agenda_publish(meeting=meeting, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Agenda published")
    return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def quorum_edit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Set a group's quorum rule."""
    group = get_object_or_404(Group, partnership=partnership, pk=pk)
    rule = QuorumRule.objects.filter(group=group).first()
    initial = {
        "min_present": rule.min_present if rule else 0,
        "min_responsible_authorities": rule.min_responsible_authorities if rule else 0,
    }
    form = QuorumForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.quorum_rule_set(group=group, **form.cleaned_data)
        messages.success(request, f"Quorum rule of {group.name} saved")
        return redirect(
            f"{reverse('meetings:meeting_list', kwargs={'slug': partnership.slug})}?group={group.pk}"
        )
    return form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        group=group,
        heading="Quorum rule",
        caption=group.name,
        hint="The meeting page warns when fewer are present.",
    )
