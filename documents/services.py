"""Writes for stored documents: request one, build it (in the task queue), sweep dead builds."""

from __future__ import annotations

import hashlib
import os
import uuid

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.permissions import Access, access_level, person_of
from core import jobs
from documents.models import DocumentStatus, StoredDocument, documents_dir

# What builds each kind of document: ``builder(*, object_id, user, format) -> bytes``. Named by
# path so this layer imports no app above it (meetings and assessments call down into it).
BUILDERS = {
    "minutes": "meetings.outputs.stored_minutes",
    "assessment": "assessments.documents.stored_assessment",
}
# Bump when a layout changes, so every stored file is built again.
LAYOUT_VERSION = "1"


def version_key(*parts) -> str:
    """A hash of everything a document shows: the same parts, the same file."""
    return hashlib.sha256(repr((LAYOUT_VERSION, *parts)).encode()).hexdigest()


def audience_of(user, partnership) -> str:
    """Which copy of a document the user reads: everyone in one audience sees the same.

    Coordinators read every record; the public only public ones; people with a role read
    partners-only records too, and those whose account is linked to a person also the
    restricted records naming them, so each such person has a copy of their own.
    """
    level = access_level(user, partnership)
    if level >= Access.COORDINATOR:
        return "coordinators"
    if level < Access.VIEWER:
        return "public"
    person = person_of(user, partnership)
    return f"person-{person.pk}" if person is not None else "partners"


def document_request(
    *,
    kind: str,
    object_id: int,
    version: str,
    format: str,
    file_name: str,
    user,
    partnership,
) -> StoredDocument:
    """The stored document for this version and the user's audience, queued if not there yet."""
    if kind not in BUILDERS:
        raise ValueError(f"No builder for documents of kind {kind!r}")
    audience = audience_of(user, partnership)
    document, created = StoredDocument.objects.get_or_create(
        kind=kind,
        object_id=object_id,
        version=version,
        audience=audience,
        format=format,
        defaults={
            "file_name": file_name,
            "built_for": user if audience != "public" and user.is_authenticated else None,
        },
    )
    if created:
        _enqueue(document.pk)
    return document


def _enqueue(pk: int) -> None:
    if isinstance(task_backends[build_document.backend], ImmediateBackend):
        # Tests: nothing else could pick up the uncommitted row, so it is built here and now.
        build_document.enqueue(pk)
    else:
        # A worker must never pick up a record whose transaction has not committed.
        transaction.on_commit(lambda: build_document.enqueue(pk))


def document_build(*, document: StoredDocument) -> StoredDocument:
    """Build the file (called by the task), store it under the data directory and mark it done."""
    document.status = DocumentStatus.RUNNING
    document.progress = 10
    document.save(update_fields=["status", "progress"])
    jobs.heartbeat(document)
    user = document.built_for or AnonymousUser()
    body = import_string(BUILDERS[document.kind])(
        object_id=document.object_id, user=user, format=document.format
    )
    StoredDocument.objects.filter(pk=document.pk).update(progress=90)
    jobs.heartbeat(document)
    folder = documents_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{document.format}"
    temp = folder / f".{name}.tmp"
    try:
        temp.write_bytes(body)
        os.replace(temp, folder / name)
    finally:
        temp.unlink(missing_ok=True)
    document.stored_name = name
    document.size = len(body)
    document.status = DocumentStatus.DONE
    document.progress = 100
    document.finished = timezone.now()
    document.save(update_fields=["stored_name", "size", "status", "progress", "finished"])
    _remove_older_versions(document)
    return document


def _remove_older_versions(document: StoredDocument) -> None:
    """Delete the files of earlier versions of the same document for the same audience."""
    older = StoredDocument.objects.filter(
        kind=document.kind,
        object_id=document.object_id,
        audience=document.audience,
        format=document.format,
        status__in=[DocumentStatus.DONE, DocumentStatus.FAILED],
    ).exclude(pk=document.pk)
    for old in older:
        if old.stored_name:
            old.path.unlink(missing_ok=True)
    older.delete()


def documents_sweep() -> int:
    """Mark builds whose worker died as failed (see core/jobs.py)."""
    return jobs.stale_work_fail(
        queryset=StoredDocument.objects.all(), extra_fields={"progress": 100}
    )


def document_retry(*, document: StoredDocument) -> None:
    """Queue a failed document again."""
    updated = StoredDocument.objects.filter(pk=document.pk, status=DocumentStatus.FAILED).update(
        status=DocumentStatus.QUEUED, progress=0, error="", heartbeat_at=None
    )
    if updated:
        _enqueue(document.pk)


# Background task ------------------------------------------------------------------------------


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
