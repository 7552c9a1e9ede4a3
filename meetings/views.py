"""Pages of the meeting record. Views parse input, call one service, render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pages import form_page as _form_page
from accounts.pages import page_context
from accounts.permissions import (
    Access,
    is_coordinator,
    partnership_view,
    require_visible,
)
from core.formatting import date_gb
from core.forms import add_service_errors
from documents.views import document_response
from meetings import extensions, outputs, selectors, services
from meetings.forms import (
    AttendanceForm,
    AttendeeForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    MeetingSeriesForm,
    MinutesAmendForm,
    MinutesApproveForm,
    PaperForm,
    QuorumForm,
)
from meetings.models import Attendance, Decision, Item, Meeting, Paper, QuorumRule
from partnership.models import Body, Group, MembershipStatus, Person


def _meeting(request, partnership, pk) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("group", "partnership", "approved_at"),
        partnership=partnership,
        pk=pk,
    )
    require_visible(request.user, meeting, partnership)
    require_visible(request.user, meeting.group, partnership)
    return meeting


def _managed_meeting(partnership, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("group", "partnership"), partnership=partnership, pk=pk
    )


def _feed_user(request):
    """The signed-in user, or the owner of a calendar feed token given as ?token=."""
    if request.user.is_authenticated:
        return request.user
    token = request.GET.get("token", "")
    if token:
        return get_user_model().objects.filter(feed_token=token, is_active=True).first()
    return None


def _clash_warnings(request, meeting: Meeting) -> None:
    for name, other in selectors.meeting_clashes(meeting=meeting):
        messages.warning(
            request,
            f"Diary clash: {name} is also invited to {other.group.name} on {date_gb(other.date)}",
        )


# Meetings ------------------------------------------------------------------------------------


@partnership_view()
def meeting_list(request, partnership):
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
    groups = partnership.groups.order_by("name")
    from partnership.selectors import groups_visible

    groups = groups_visible(user=request.user, partnership=partnership)
    return render(
        request,
        "meetings/meeting_list.html",
        page_context(
            request, partnership, upcoming=upcoming, past=past, group=group, groups=groups
        ),
    )


@partnership_view()
def meeting_detail(request, partnership, pk):
    """A meeting: attendance, quorum, items with papers, minutes status and actions."""
    meeting = _meeting(request, partnership, pk)
    readable = selectors.minutes_readable(request.user, meeting)
    items = list(selectors.items_visible(user=request.user, meeting=meeting)) if readable else []
    attendance = selectors.attendance_visible(user=request.user, meeting=meeting)
    can_manage = is_coordinator(request.user, partnership)
    return render(
        request,
        "meetings/meeting_detail.html",
        page_context(
            request,
            partnership,
            meeting=meeting,
            items=items,
            minutes_readable=readable,
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
            panels=extensions.meeting_panels(request, meeting),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def meeting_create(request, partnership):
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
            _clash_warnings(request, meeting)
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return _form_page(
        request, partnership, "meetings/form.html", form, heading="Schedule a meeting"
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def meeting_series_create(request, partnership):
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
                _clash_warnings(request, meeting)
            url = reverse("meetings:meeting_list", kwargs={"slug": partnership.slug})
            return redirect(f"{url}?group={meetings[0].group_id}")
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        heading="Schedule a series of meetings",
        hint='Use this for a "Dates of Future Meetings" item: every date gets a meeting with the same time and room.',
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, partnership, pk):
    """Move a meeting, change its room, or mark it held or cancelled."""
    meeting = _managed_meeting(partnership, pk)
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
            _clash_warnings(request, meeting)
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=meeting,
        heading="Change the meeting",
        caption=str(meeting),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def attendance_edit(request, partnership, pk):
    """Record who was present, who sent apologies and who was absent."""
    meeting = _managed_meeting(partnership, pk)
    members = [
        m.person
        for m in meeting.group.memberships.exclude(status=MembershipStatus.ENDED)
        .select_related("person")
        .order_by("person__name")
    ]
    current = {a.person_id: a for a in meeting.attendance.filter(person__isnull=False)}
    seen = {p.pk for p in members}
    extra_people = [
        a.person
        for a in meeting.attendance.select_related("person")
        if a.person_id and a.person_id not in seen
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
    return _form_page(
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
def attendee_add(request, partnership, pk):
    """Add a substitute, a non-member attendee or someone outside the register."""
    meeting = _managed_meeting(partnership, pk)
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
    return _form_page(
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
def attendee_remove(request, partnership, pk):
    """Remove an attendance line recorded in error."""
    a = get_object_or_404(Attendance, meeting__partnership=partnership, pk=pk)
    services.attendance_remove(attendance=a)
    messages.success(request, "Attendance line removed")
    return redirect("meetings:attendance_edit", slug=partnership.slug, pk=a.meeting_id)


@partnership_view()
def attendance_history(request, partnership):
    """Attendance over time per person and per body ("very few partners attending")."""
    group = None
    if request.GET.get("group", "").isdigit():
        group = get_object_or_404(Group, partnership=partnership, pk=request.GET["group"])
        require_visible(request.user, group, partnership)
    history = selectors.attendance_history(user=request.user, partnership=partnership, group=group)
    who, record = None, []
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


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def quorum_edit(request, partnership, pk):
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
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        group=group,
        heading="Quorum rule",
        caption=group.name,
        hint="The meeting page warns when fewer are present.",
    )


# Items and papers ----------------------------------------------------------------------------


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def item_create(request, partnership, pk):
    """Add an agenda and minute item or sub-item."""
    meeting = _managed_meeting(partnership, pk)
    next_number = meeting.items.count() + 1
    form = ItemForm(
        request.POST or None,
        partnership=partnership,
        initial={"visibility": meeting.visibility, "number": next_number},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Item {item.number} added")
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=meeting,
        heading="Add an item",
        caption=str(meeting),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def item_edit(request, partnership, pk):
    """Change an item's text while the minutes are draft or circulated."""
    item = get_object_or_404(
        Item.objects.select_related("meeting"), meeting__partnership=partnership, pk=pk
    )
    initial = {f: getattr(item, f) for f in ("number", "title", "minutes", "visibility")}
    initial["restricted_to"] = list(item.restricted_to.values_list("pk", flat=True))
    form = ItemForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Item {item.number} saved")
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=item.meeting_id)
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=item.meeting,
        item=item,
        heading=f"Change item {item.number}",
        caption=str(item.meeting),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def paper_add(request, partnership, pk):
    """Attach a paper to an item."""
    item = get_object_or_404(
        Item.objects.select_related("meeting"), meeting__partnership=partnership, pk=pk
    )
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_add(
                item=item, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{paper.title} attached to item {item.number}")
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=item.meeting_id)
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        item=item,
        meeting=item.meeting,
        heading=f"Attach a paper to item {item.number}",
        caption=str(item.meeting),
        multipart=True,
    )


@partnership_view()
def paper_download(request, partnership, pk):
    """A paper, for whoever may read its item and meeting."""
    paper = get_object_or_404(
        Paper.objects.select_related("item", "item__meeting", "item__meeting__group"),
        item__meeting__partnership=partnership,
        pk=pk,
    )
    for record in (paper.item.meeting, paper.item.meeting.group, paper.item):
        require_visible(request.user, record, partnership)
    if not selectors.minutes_readable(request.user, paper.item.meeting):
        raise Http404("No such paper")
    # Papers are at most 10 MB: read and close the file here rather than stream it.
    with paper.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=paper.content_type)
    response["Content-Disposition"] = content_disposition_header(True, paper.filename)
    return response


# Minutes lifecycle ---------------------------------------------------------------------------


def _lifecycle(request, partnership, pk, service, done: str):
    meeting = _managed_meeting(partnership, pk)
    try:
        service(meeting=meeting, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)


@partnership_view(Access.COORDINATOR)
@require_POST
def minutes_circulate(request, partnership, pk):
    """Circulate the draft minutes to the partners."""
    return _lifecycle(request, partnership, pk, services.minutes_circulate, "Minutes circulated")


@partnership_view(Access.COORDINATOR)
@require_POST
def minutes_lock(request, partnership, pk):
    """Lock approved minutes."""
    return _lifecycle(request, partnership, pk, services.minutes_lock, "Minutes locked")


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def minutes_approve(request, partnership, pk):
    """Record the approval of circulated minutes at a later meeting, with any amendment."""
    meeting = _managed_meeting(partnership, pk)
    later = list(selectors.later_meetings(meeting=meeting))
    initial = {"approved_at": request.GET.get("at") or (later[0].pk if later else None)}
    form = MinutesApproveForm(request.POST or None, meeting=meeting, later=later, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amendments = []
        if data["note"].strip():
            amendments.append(
                services.AmendmentInput(
                    note=data["note"], item=data["item"], new_text=data["new_text"] or None
                )
            )
        try:
            services.minutes_approve(
                meeting=meeting,
                approved_at=data["approved_at"],
                amendments=amendments,
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Minutes of {date_gb(meeting.date)} approved")
            return redirect(
                "meetings:meeting_detail", slug=partnership.slug, pk=data["approved_at"].pk
            )
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=meeting,
        heading="Approve the minutes",
        caption=f"Minutes of {meeting}",
        hint="Record the meeting that approved them and any correction it agreed.",
        submit="Approve the minutes",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def minutes_amend(request, partnership, pk):
    """Amend approved minutes by a recorded decision of a later meeting."""
    meeting = _managed_meeting(partnership, pk)
    later = list(selectors.later_meetings(meeting=meeting))
    form = MinutesAmendForm(request.POST or None, meeting=meeting, later=later)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_amend(
                meeting=meeting,
                agreed_at=data["agreed_at"],
                amendment=services.AmendmentInput(
                    note=data["note"], item=data["item"], new_text=data["new_text"] or None
                ),
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Amendment recorded")
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return _form_page(
        request,
        partnership,
        "meetings/form.html",
        form,
        meeting=meeting,
        heading="Amend approved minutes",
        caption=f"Minutes of {meeting}",
        hint="Approved minutes change only by an amendment agreed at a later meeting. The earlier version is kept.",
        submit="Record the amendment",
    )


@partnership_view(Access.COORDINATOR)
def minutes_versions(request, partnership, pk):
    """Every version of a meeting's minutes, as kept."""
    meeting = _managed_meeting(partnership, pk)
    versions = list(meeting.versions.select_related("created_by").order_by("-number"))
    return render(
        request,
        "meetings/minutes_versions.html",
        page_context(request, partnership, meeting=meeting, versions=versions),
    )


def _minutes_doc(request, partnership, pk):
    meeting = _meeting(request, partnership, pk)
    if not selectors.minutes_readable(request.user, meeting):
        raise Http404("These minutes are not published yet")
    return selectors.minutes_document(user=request.user, meeting=meeting)


@partnership_view()
def minutes_html(request, partnership, pk):
    """The minutes in the council layout, to print or file."""
    doc = _minutes_doc(request, partnership, pk)
    return render(
        request,
        "meetings/minutes.html",
        page_context(request, partnership, doc=doc, meeting=doc.meeting),
    )


@partnership_view()
def minutes_docx(request, partnership, pk):
    """The minutes as a Word document (built once per version by the task queue)."""
    return _minutes_file(request, partnership, pk, "docx")


@partnership_view()
def minutes_pdf(request, partnership, pk):
    """The minutes as a PDF (built once per version by the task queue)."""
    return _minutes_file(request, partnership, pk, "pdf")


def _minutes_file(request, partnership, pk, format: str):
    doc = _minutes_doc(request, partnership, pk)
    return document_response(
        request,
        partnership,
        kind="minutes",
        object_id=doc.meeting.pk,
        version=outputs.minutes_version(doc),
        format=format,
        file_name=outputs.minutes_filename(doc, format),
    )


# Calendars -----------------------------------------------------------------------------------


@partnership_view()
def group_calendar(request, partnership, pk):
    """A group's meetings as an iCalendar feed (private meetings need ?token=)."""
    user = _feed_user(request)
    group = get_object_or_404(Group, partnership=partnership, pk=pk)
    require_visible(user, group, partnership)
    meetings = selectors.meetings_of_group(user=user, group=group)
    events = [
        outputs.meeting_event(
            m, reverse("meetings:meeting_detail", kwargs={"slug": partnership.slug, "pk": m.pk})
        )
        for m in meetings
    ]
    return HttpResponse(
        outputs.calendar(f"{group.name} meetings", events),
        content_type="text/calendar; charset=utf-8",
    )


@partnership_view()
def decisions_calendar(request, partnership):
    """Decision follow-up dates as an iCalendar feed (private decisions need ?token=)."""
    user = _feed_user(request)
    events = [
        {
            "uid": f"follow-up-{f.pk}",
            "summary": f"{f.description} ({f.decision.title})",
            "date": f.date,
            "url": reverse(
                "meetings:decision_detail", kwargs={"slug": partnership.slug, "pk": f.decision_id}
            ),
        }
        for f in selectors.follow_ups_visible(user=user, partnership=partnership)
    ]
    return HttpResponse(
        outputs.calendar(f"{partnership.name}: decision follow-ups", events),
        content_type="text/calendar; charset=utf-8",
    )


# Decisions and search ------------------------------------------------------------------------


@partnership_view()
def decision_list(request, partnership):
    """The decisions register: search and filter by group."""
    q = request.GET.get("q", "").strip()[:200]
    group = None
    if request.GET.get("group", "").isdigit():
        group = Group.objects.filter(partnership=partnership, pk=request.GET["group"]).first()
    decisions = Paginator(
        selectors.decisions_visible(user=request.user, partnership=partnership, q=q, group=group),
        50,
    ).get_page(request.GET.get("page"))
    from partnership.selectors import groups_visible

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
def decision_detail(request, partnership, pk):
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
def decision_create(request, partnership):
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
    return _form_page(request, partnership, "meetings/form.html", form, heading="Record a decision")


@partnership_view()
def search(request, partnership):
    """Search the minutes the user may read."""
    q = request.GET.get("q", "").strip()[:200]
    items = (
        selectors.search_items(user=request.user, partnership=partnership, q=q)
        if len(q) >= 2
        else []
    )
    return render(
        request, "meetings/search.html", page_context(request, partnership, q=q, items=items)
    )
