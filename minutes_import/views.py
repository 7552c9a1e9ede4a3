"""Pages of the minutes import: upload a document, check what was read, confirm it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from accounts.pages import form_page
from accounts.permissions import Access, partnership_view
from core.forms import add_service_errors
from minutes_import import services
from minutes_import.forms import MeetingReviewForm, UploadForm, corrections, meeting_initial
from minutes_import.models import DraftStatus, MinutesDraft
from minutes_import.readers import MAX_BYTES, check_upload
from partnership.models import Group, Person


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def upload(request, partnership):
    """Upload a minutes document; it becomes a draft to check."""
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    existing = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BYTES:  # refuse before reading it into memory
                check_upload(name=upload.name, size=upload.size, head=b"")
            data = upload.read()
            draft = services.draft_create(
                partnership=partnership, name=upload.name, data=data, user=request.user
            )
        except services.AlreadyImported as exc:
            existing = exc.draft
            form.add_error("file", exc.messages[0])
        except ValidationError as exc:
            add_service_errors(form, ValidationError({"file": exc.messages}))
        else:
            return redirect("minutes_import:draft_review", slug=partnership.slug, pk=draft.pk)
        finally:
            upload.close()  # a temporary upload file is removed when closed
    drafts = MinutesDraft.objects.filter(partnership=partnership).select_related("meeting__group")[
        :10
    ]
    return form_page(
        request,
        partnership,
        "minutes_import/upload.html",
        form,
        existing=existing,
        drafts=drafts,
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def draft_review(request, partnership, pk):
    """The draft beside the document's text: correct it, then confirm it into the record."""
    draft = get_object_or_404(MinutesDraft, partnership=partnership, pk=pk)
    form = MeetingReviewForm(
        request.POST if request.method == "POST" else None,
        partnership=partnership,
        initial=meeting_initial(draft.parsed),
    )
    if request.method == "POST" and draft.status == DraftStatus.READY and form.is_valid():
        parsed = corrections(request.POST, draft.parsed, form.cleaned_data)
        services.draft_update(draft=draft, parsed=parsed)
        if request.POST.get("confirm"):
            try:
                meeting = services.draft_confirm(
                    draft=draft, group=form.cleaned_data["group"], user=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Minutes imported as the meeting of {meeting}")
                return redirect("meetings:meeting_detail", slug=partnership.slug, pk=meeting.pk)
        else:
            messages.success(request, "Corrections saved; nothing is in the record yet")
            return redirect("minutes_import:draft_review", slug=partnership.slug, pk=draft.pk)
    register = Person.objects.filter(partnership=partnership).order_by("name")
    return form_page(
        request,
        partnership,
        "minutes_import/review.html",
        form,
        draft=draft,
        parsed=draft.parsed,
        register=register,
        groups=Group.objects.filter(partnership=partnership).order_by("name"),
        refresh=draft.status == DraftStatus.PARSING,
    )
