"""The minutes' lifecycle (circulate, approve, lock, amend, versions) and the minutes as a page,
Word and PDF. The outputs carry the action register's ACTION and DEADLINE columns, read by
meetings.outputs.minutes_document (this is the top floor, which reads any app's selectors)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pages import form_page, page_context
from accounts.permissions import Access, partnership_view
from core.formatting import date_gb
from core.forms import add_service_errors
from documents.views import document_response
from meetings import outputs, selectors, services
from meetings.forms import MinutesAmendForm, MinutesApproveForm
from meetings.models import Item, Meeting
from meetings.selectors import MinutesDocument
from meetings.views._common import managed_meeting, visible_meeting
from partnership.models import Partnership


def _lifecycle(
    request: HttpRequest, partnership: Partnership, pk: int, service: Callable, done: str
) -> HttpResponse:
    meeting = managed_meeting(partnership, pk)
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
def minutes_circulate(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Circulate the draft minutes: e-mail the group's current members, through the queue."""
    return _lifecycle(
        request,
        partnership,
        pk,
        services.minutes_circulate,
        "Minutes circulated: the group's members are being e-mailed",
    )


@partnership_view(Access.COORDINATOR)
@require_POST
def minutes_lock(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Lock approved minutes."""
    return _lifecycle(request, partnership, pk, services.minutes_lock, "Minutes locked")


def _item_to_correct(request: HttpRequest, meeting: Meeting) -> Item | None:
    """The item named by ?item=, whose current text pre-fills the corrected-text box."""
    value = request.GET.get("item", "")
    if not value.isdigit():
        return None
    return meeting.items.filter(pk=value).first()


def _amendment(data: dict) -> services.AmendmentInput:
    """The amendment as entered; a text box left as the item's current text changes nothing."""
    item, new_text = data["item"], data["new_text"] or None
    if item is not None and new_text is not None and new_text.strip() == item.minutes.strip():
        new_text = None
    return services.AmendmentInput(note=data["note"], item=item, new_text=new_text)


def _amendment_page(
    request: HttpRequest,
    partnership: Partnership,
    meeting: Meeting,
    form,
    item: Item | None,
    **extra,
) -> HttpResponse:
    return form_page(
        request,
        partnership,
        "meetings/amendment_form.html",
        form,
        meeting=meeting,
        items=list(meeting.items.order_by("position")),
        item_to_correct=item,
        caption=f"Minutes of {meeting}",
        **extra,
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def minutes_approve(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Record the approval of circulated minutes at a later meeting, with any amendment."""
    meeting = managed_meeting(partnership, pk)
    later = list(selectors.later_meetings(meeting=meeting))
    item = _item_to_correct(request, meeting)
    initial = {"approved_at": request.GET.get("at") or (later[0].pk if later else None)}
    if item is not None:
        initial |= {"item": item.pk, "new_text": item.minutes}
    form = MinutesApproveForm(request.POST or None, meeting=meeting, later=later, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amendments = [_amendment(data)] if data["note"].strip() else []
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
    return _amendment_page(
        request,
        partnership,
        meeting,
        form,
        item,
        heading="Approve the minutes",
        hint="Record the meeting that approved them and any correction it agreed.",
        submit="Approve the minutes",
        keep={"at": request.GET.get("at", "")},
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def minutes_amend(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Amend approved minutes by a recorded decision of a later meeting."""
    meeting = managed_meeting(partnership, pk)
    later = list(selectors.later_meetings(meeting=meeting))
    item = _item_to_correct(request, meeting)
    initial = {"item": item.pk, "new_text": item.minutes} if item is not None else {}
    form = MinutesAmendForm(request.POST or None, meeting=meeting, later=later, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_amend(
                meeting=meeting,
                agreed_at=data["agreed_at"],
                amendment=_amendment(data),
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Amendment recorded")
            return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
    return _amendment_page(
        request,
        partnership,
        meeting,
        form,
        item,
        heading="Amend approved minutes",
        hint="Approved minutes change only by an amendment agreed at a later meeting. The earlier version is kept.",
        submit="Record the amendment",
        keep={},
    )


@partnership_view(Access.COORDINATOR)
def minutes_versions(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Every version of a meeting's minutes, as kept."""
    meeting = managed_meeting(partnership, pk)
    versions = list(meeting.versions.select_related("created_by").order_by("-number"))
    return render(
        request,
        "meetings/minutes_versions.html",
        page_context(request, partnership, meeting=meeting, versions=versions),
    )


def _minutes_doc(request: HttpRequest, partnership: Partnership, pk: int) -> MinutesDocument:
    meeting = visible_meeting(request, partnership, pk)
    if not selectors.minutes_readable(request.user, meeting):
        raise Http404("These minutes are not published yet")
    return outputs.minutes_document(user=request.user, meeting=meeting)


@partnership_view()
def minutes_html(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The minutes in the council layout, to print or file."""
    doc = _minutes_doc(request, partnership, pk)
    return render(
        request,
        "meetings/minutes.html",
        page_context(request, partnership, doc=doc, meeting=doc.meeting),
    )


@partnership_view()
def minutes_docx(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The minutes as a Word document (built once per version by the task queue)."""
    return _minutes_file(request, partnership, pk, "docx")


@partnership_view()
def minutes_pdf(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The minutes as a PDF (built once per version by the task queue)."""
    return _minutes_file(request, partnership, pk, "pdf")


def _minutes_file(
    request: HttpRequest, partnership: Partnership, pk: int, format: str
) -> HttpResponse:
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
