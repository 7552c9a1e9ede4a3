"""Background task: build one stored document (WeasyPrint takes most of a second per PDF)."""

from django.tasks import task

from core import jobs
from documents.models import DocumentStatus, StoredDocument
from documents.services import document_build, documents_sweep


@task()
def build_document(document_id: int) -> str:
    """Build a queued document. Any exception marks it failed (its page stops waiting), re-raised."""
    documents_sweep()
    document = StoredDocument.objects.select_related("built_for").get(pk=document_id)
    if document.status != DocumentStatus.QUEUED:
        return document.status
    try:
        return document_build(document=document).status
    except BaseException as exc:
        jobs.fail_on_any_exception(document, exc, extra_fields={"progress": 100})
        raise
