"""Background reading of long minutes documents, on Django's tasks framework."""

from django.tasks import task


@task
def parse_draft(draft_id: int) -> None:
    """Read an uploaded document into its draft; on any failure mark the draft failed."""
    from minutes_import import services
    from minutes_import.models import DraftStatus, MinutesDraft

    draft = MinutesDraft.objects.get(pk=draft_id)
    if draft.status != DraftStatus.PARSING:  # already read (or discarded): nothing to do
        return
    try:
        services.draft_parse(draft=draft)
    except Exception as exc:
        services.draft_fail(draft=draft, error=exc)
        raise
