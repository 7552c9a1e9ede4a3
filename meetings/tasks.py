"""Background work of the meeting record, on Django's tasks framework."""

from django.tasks import task


@task
def circulation_send(circulation_id: int) -> dict[str, int]:
    """E-mail a circulation's recipients; if the task itself fails, mark those left failed."""
    # Imported here: meetings.services enqueues this task, so it imports this module first.
    from meetings import services
    from meetings.models import Circulation

    circulation = Circulation.objects.select_related(
        "meeting", "meeting__group", "meeting__partnership", "version"
    ).get(pk=circulation_id)
    try:
        return services.circulation_send(circulation=circulation)
    except Exception as exc:
        services.circulation_fail(circulation=circulation, error=exc)
        raise
