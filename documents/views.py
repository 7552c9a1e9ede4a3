"""The response for a stored document: the file when ready, else a page saying it is being prepared.

Not a view of its own: the apps' download views check access, build the version key and call
``document_response``.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from accounts.pages import page_context
from documents.models import DocumentStatus
from documents.services import document_request, document_retry, documents_sweep

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_response(
    request, partnership, *, kind: str, object_id: int, version: str, format: str, file_name: str
):
    """Serve the stored file for this version and the reader's audience, or say it is coming."""
    document = document_request(
        kind=kind,
        object_id=object_id,
        version=version,
        format=format,
        file_name=file_name,
        user=request.user,
        partnership=partnership,
    )
    if not document.is_ready:
        document.refresh_from_db()
    if document.is_ready:
        # The whole file in one read: a minutes PDF is tens of kilobytes.
        response = HttpResponse(document.path.read_bytes(), content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = content_disposition_header(True, document.file_name)
        return response
    if document.status == DocumentStatus.FAILED and request.GET.get("retry") == "1":
        document_retry(document=document)
        document.refresh_from_db()
    else:
        documents_sweep()
    return render(
        request,
        "documents/preparing.html",
        page_context(request, partnership, document=document, format_name=format.upper()),
        status=202 if document.status != DocumentStatus.FAILED else 500,
    )
