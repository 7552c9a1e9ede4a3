"""Pages of engagement. Views parse input, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.pages import page_context
from accounts.permissions import Access, partnership_view, require_visible
from core.forms import add_service_errors
from engagement import selectors, services
from engagement.forms import (
    ConcernForm,
    ConsultationForm,
    EventForm,
    FindingForm,
    FollowUpForm,
    PublicMeetingForm,
    PublicMeetingNoticeForm,
    PublicMeetingSummaryForm,
    WorkshopForm,
)
from engagement.models import Consultation, Event, Finding, FollowUpKind, PublicMeeting
from plan.views import form_page


def _event_url(partnership, event_id) -> str:
    return reverse("engagement:event_detail", kwargs={"slug": partnership.slug, "pk": event_id})


def _consultation_url(partnership, pk) -> str:
    return reverse("engagement:consultation_detail", kwargs={"slug": partnership.slug, "pk": pk})


@partnership_view()
def event_list(request, partnership):
    """Stakeholder events, with links to public meetings and consultations."""
    events = selectors.events_visible(user=request.user, partnership=partnership)
    return render(
        request, "engagement/event_list.html", page_context(request, partnership, events=events)
    )


@partnership_view()
def outcomes(request, partnership):
    """How have the outcomes of the stakeholder events been taken forward?"""
    rows = selectors.outcomes_taken_forward(user=request.user, partnership=partnership)
    return render(
        request, "engagement/outcomes.html", page_context(request, partnership, rows=rows)
    )


@partnership_view()
def event_detail(request, partnership, pk):
    """An event: attendance, workshops by theme, findings and their follow-ups."""
    event = get_object_or_404(
        Event.objects.select_related("priority"), partnership=partnership, pk=pk
    )
    require_visible(request.user, event, partnership)
    return render(
        request,
        "engagement/event_detail.html",
        page_context(
            request,
            partnership,
            event=event,
            workshops=event.workshops.all(),
            findings=selectors.event_findings(event=event),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def event_create(request, partnership):
    """Record a stakeholder event."""
    form = EventForm(
        request.POST or None, partnership=partnership, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{event.title} recorded")
            return redirect(_event_url(partnership, event.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Record a stakeholder event",
        back=reverse("engagement:event_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def workshop_create(request, partnership, pk):
    """Record a workshop held at an event."""
    event = get_object_or_404(Event, partnership=partnership, pk=pk)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.workshop_add(event=event, **form.cleaned_data)
        messages.success(request, "Workshop recorded")
        return redirect(_event_url(partnership, event.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Record a workshop",
        caption=event.title,
        back=_event_url(partnership, event.pk),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def finding_create(request, partnership, pk):
    """Record something an event found."""
    event = get_object_or_404(Event, partnership=partnership, pk=pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.finding_add(event=event, **form.cleaned_data)
        messages.success(request, "Finding recorded")
        return redirect(_event_url(partnership, event.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Record a finding",
        caption=event.title,
        back=_event_url(partnership, event.pk),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def follow_up_create(request, partnership, pk):
    """Record how a finding is being taken forward."""
    finding = get_object_or_404(
        Finding.objects.select_related("event"), event__partnership=partnership, pk=pk
    )
    form = FollowUpForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == FollowUpKind.ACTION:
                services.follow_up_as_action(
                    finding=finding,
                    meeting=data["meeting"],
                    text=data["description"],
                    owners=data["owners"],
                    deadline=data["deadline"],
                    recorded_on=data["recorded_on"],
                )
            else:
                services.follow_up_record(
                    finding=finding,
                    kind=data["kind"],
                    description=data["description"],
                    recorded_on=data["recorded_on"],
                    objective=data["objective"],
                    done=data["done"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Follow-up recorded")
            return redirect(_event_url(partnership, finding.event_id))
    return form_page(
        request,
        partnership,
        form,
        title="Take a finding forward",
        caption=finding.text,
        back=_event_url(partnership, finding.event_id),
    )


@partnership_view()
def public_meeting_list(request, partnership):
    """Statutory public meetings by year, warning of years with none."""
    years = selectors.public_meeting_years(user=request.user, partnership=partnership)
    return render(
        request,
        "engagement/public_meeting_list.html",
        page_context(request, partnership, years=years),
    )


@partnership_view()
def public_meeting_detail(request, partnership, pk):
    """A public meeting: notice, attendance by authority and summary."""
    meeting = get_object_or_404(PublicMeeting, partnership=partnership, pk=pk)
    require_visible(request.user, meeting, partnership)
    authorities = selectors.responsible_authorities(user=request.user, partnership=partnership)
    attendees = meeting.attendees.select_related("body").order_by("name")
    return render(
        request,
        "engagement/public_meeting_detail.html",
        page_context(
            request,
            partnership,
            meeting=meeting,
            attendees=attendees,
            missing=selectors.meeting_missing_authorities(meeting, authorities),
            today=timezone.localdate(),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def public_meeting_create(request, partnership):
    """Record a statutory public meeting."""
    form = PublicMeetingForm(
        request.POST or None, partnership=partnership, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.public_meeting_record(
                partnership=partnership, **{**data, "attendees": list(data["attendees"])}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Public meeting recorded")
            return redirect(
                "engagement:public_meeting_detail", slug=partnership.slug, pk=meeting.pk
            )
    return form_page(
        request,
        partnership,
        form,
        title="Record a public meeting",
        back=reverse("engagement:public_meeting_list", kwargs={"slug": partnership.slug}),
    )


def _public_meeting_url(partnership, pk) -> str:
    return reverse("engagement:public_meeting_detail", kwargs={"slug": partnership.slug, "pk": pk})


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def public_meeting_notice(request, partnership, pk):
    """Publish a public meeting's notice today (it must be before the meeting)."""
    meeting = get_object_or_404(PublicMeeting, partnership=partnership, pk=pk)
    form = PublicMeetingNoticeForm(request.POST or None, initial={"notice_url": meeting.notice_url})
    if request.method == "POST" and form.is_valid():
        try:
            services.public_meeting_notice_publish(
                meeting=meeting, on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Notice published")
            return redirect(_public_meeting_url(partnership, meeting.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Publish the notice",
        caption=str(meeting),
        back=_public_meeting_url(partnership, meeting.pk),
        submit="Publish the notice today",
        intro="The public site shows the notice from today, and the compliance calendar counts it: "
        "regulation 12 asks for notice before the meeting.",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def public_meeting_summary(request, partnership, pk):
    """Publish what was discussed at a public meeting today (on or after the meeting)."""
    meeting = get_object_or_404(PublicMeeting, partnership=partnership, pk=pk)
    form = PublicMeetingSummaryForm(request.POST or None, initial={"summary": meeting.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.public_meeting_summary_publish(
                meeting=meeting, on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Summary published")
            return redirect(_public_meeting_url(partnership, meeting.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Publish what was discussed",
        caption=str(meeting),
        back=_public_meeting_url(partnership, meeting.pk),
        submit="Publish the summary today",
        intro="The public site shows the summary from today, and the compliance calendar counts it.",
    )


@partnership_view()
def consultation_list(request, partnership):
    """Community consultations and the concerns residents raised most."""
    consultations = selectors.consultations_visible(user=request.user, partnership=partnership)
    concern = selectors.public_concern(user=request.user, partnership=partnership)
    return render(
        request,
        "engagement/consultation_list.html",
        page_context(request, partnership, consultations=consultations, concern=concern),
    )


@partnership_view()
def consultation_detail(request, partnership, pk):
    """A consultation and what residents said."""
    consultation = get_object_or_404(Consultation, partnership=partnership, pk=pk)
    require_visible(request.user, consultation, partnership)
    return render(
        request,
        "engagement/consultation_detail.html",
        page_context(
            request,
            partnership,
            consultation=consultation,
            concerns=consultation.concerns.select_related("priority"),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def consultation_create(request, partnership):
    """Record a community consultation."""
    form = ConsultationForm(request.POST or None, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        try:
            c = services.consultation_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{c.title} recorded")
            return redirect(_consultation_url(partnership, c.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Record a consultation",
        back=reverse("engagement:consultation_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def concern_create(request, partnership, pk):
    """Record what residents said about one topic."""
    consultation = get_object_or_404(Consultation, partnership=partnership, pk=pk)
    form = ConcernForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_add(consultation=consultation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Recorded what residents said")
            return redirect(_consultation_url(partnership, consultation.pk))
    return form_page(
        request,
        partnership,
        form,
        title="Record what residents said",
        caption=consultation.title,
        back=_consultation_url(partnership, consultation.pk),
    )
