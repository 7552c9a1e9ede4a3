"""Agenda and minute items, and the papers attached to them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from accounts.pages import form_page
from accounts.permissions import Access, partnership_view, require_visible
from core.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import ItemForm, PaperForm
from meetings.models import Item, Paper
from meetings.views._common import managed_meeting
from partnership.models import Partnership


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Add an agenda and minute item or sub-item."""
    meeting = managed_meeting(partnership, pk)
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
    return form_page(
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
def item_edit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
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
    return form_page(
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
def paper_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
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
    return form_page(
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
def paper_download(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A paper, for whoever may read its item and meeting once the agenda is published."""
    paper = get_object_or_404(
        Paper.objects.select_related("item", "item__meeting", "item__meeting__group"),
        item__meeting__partnership=partnership,
        pk=pk,
    )
    for record in (paper.item.meeting, paper.item.meeting.group, paper.item):
        require_visible(request.user, record, partnership)
    if not selectors.agenda_readable(request.user, paper.item.meeting):
        raise Http404("No such paper")
    # Papers are at most 10 MB: read and close the file here rather than stream it.
    with paper.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=paper.content_type)
    response["Content-Disposition"] = content_disposition_header(True, paper.filename)
    return response
