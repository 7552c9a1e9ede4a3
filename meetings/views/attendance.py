"""Attendance: recording who was present, substitutes and guests, and attendance over time."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pages import form_page, page_context
from accounts.permissions import Access, partnership_view, require_visible
from core.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import AttendanceForm, AttendeeForm
from meetings.models import Attendance
from meetings.views._common import managed_meeting
from partnership.models import Body, Group, MembershipStatus, Partnership, Person


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Record who was present, who sent apologies and who was absent."""
    meeting = managed_meeting(partnership, pk)
    members = [
        m.person
        for m in meeting.group.memberships.exclude(status=MembershipStatus.ENDED)
        .select_related("person")
        .order_by("person__name")
    ]
    current = {a.person_id: a for a in meeting.attendance.filter(person__isnull=False)}
    seen = {p.pk for p in members}
    extra_people: list[Person] = [
        a.person
        for a in meeting.attendance.select_related("person")
        if a.person is not None and a.person_id not in seen
    ]
    form = AttendanceForm(request.POST or None, people=members + extra_people, current=current)
    if request.method == "POST" and form.is_valid():
        statuses, roles, reasons = form.statuses()
        count = services.attendance_set(
            meeting=meeting, statuses=statuses, roles=roles, reasons=reasons
        )
        messages.success(request, f"Attendance recorded for {count} people")
        return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    others = meeting.attendance.filter(person__isnull=True)
    subs = meeting.attendance.filter(substitute_for__isnull=False).select_related(
        "person", "substitute_for"
    )
    return form_page(
        request,
        partnership,
        "meetings/attendance_form.html",
        form,
        meeting=meeting,
        others=list(others) + list(subs),
        attendee_form=AttendeeForm(partnership=partnership, initial={"status": "present"}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def attendee_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Add a substitute, a non-member attendee or someone outside the register."""
    meeting = managed_meeting(partnership, pk)
    form = AttendeeForm(
        request.POST or None, partnership=partnership, initial={"status": "present"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            a = services.attendance_record(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{a.display_name} recorded")
            return redirect("meetings:attendance_edit", slug=partnership.slug, pk=meeting.pk)
    return form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=meeting,
        heading="Add an attendee",
        caption=str(meeting),
        hint='A substitute ("X for Y"), a non-member attendee, or someone not in the register.',
    )


@partnership_view(Access.COORDINATOR)
@require_POST
def attendee_remove(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Remove an attendance line recorded in error."""
    a = get_object_or_404(Attendance, meeting__partnership=partnership, pk=pk)
    services.attendance_remove(attendance=a)
    messages.success(request, "Attendance line removed")
    return redirect("meetings:attendance_edit", slug=partnership.slug, pk=a.meeting_id)


@partnership_view()
def attendance_history(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Attendance over time per person and per body ("very few partners attending")."""
    group = None
    if request.GET.get("group", "").isdigit():
        group = get_object_or_404(Group, partnership=partnership, pk=request.GET["group"])
        require_visible(request.user, group, partnership)
    history = selectors.attendance_history(user=request.user, partnership=partnership, group=group)
    who: Person | Body | None = None
    record: list[Attendance] = []
    if request.GET.get("person", "").isdigit():
        who = get_object_or_404(Person, partnership=partnership, pk=request.GET["person"])
        require_visible(request.user, who, partnership)
        record = selectors.attendance_record_of(
            user=request.user, partnership=partnership, person=who
        )
    elif request.GET.get("body", "").isdigit():
        who = get_object_or_404(Body, partnership=partnership, pk=request.GET["body"])
        require_visible(request.user, who, partnership)
        record = selectors.attendance_record_of(
            user=request.user, partnership=partnership, body=who
        )
    return render(
        request,
        "meetings/attendance_history.html",
        page_context(request, partnership, history=history, group=group, who=who, record=record),
    )
