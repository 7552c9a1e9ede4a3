"""Background work of e-mail alerts on Django's tasks framework.

`fan_out` runs once an announcement's transaction commits and enqueues `send_batch` tasks of
ALERTS_BATCH_SIZE deliveries each; `send_digests` is run by the scheduler, daily and weekly.
"""

from django.tasks import task

from alerts import sending
from alerts.models import Frequency


@task
def fan_out(announcement_id: int) -> int:
    """Write an announcement's deliveries and enqueue their sending; return how many."""
    batches = sending.fan_out(announcement_id=announcement_id)
    for ids in batches:
        send_batch.enqueue(ids)
    return sum(len(ids) for ids in batches)


@task
def send_batch(delivery_ids: list[int]) -> dict:
    """Send one batch of immediate alerts over one connection."""
    return sending.send_batch(delivery_ids=delivery_ids).as_dict()


@task
def send_digests(frequency: str = Frequency.DAILY) -> dict:
    """Send the daily or weekly digests ("daily" or "weekly"); safe to run twice."""
    return sending.send_digests(frequency=frequency).as_dict()


@task
def send_confirmation(email: str, group_id: int, kinds: list[str], frequency: str) -> None:
    """E-mail the link that confirms a subscription asked for on the form."""
    sending.confirmation_send(email=email, group_id=group_id, kinds=kinds, frequency=frequency)
