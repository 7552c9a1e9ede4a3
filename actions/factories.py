"""factory_boy factories for actions, and a bulk builder for large registers (tests, bench)."""

import datetime as dt
import itertools

import factory

from actions.models import Action, ActionOwner, ActionStatus, DeadlineRule
from core.models import Visibility
from meetings.factories import MeetingFactory
from meetings.models import Item, Meeting
from meetings.services import meeting_next_dates_refresh


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    text = factory.Sequence(lambda n: f"Action {n}")
    owners_written = ""
    deadline_text = "By next meeting"
    deadline_rule = DeadlineRule.NEXT_MEETING
    visibility = Visibility.PUBLIC


def bulk_actions(*, partnership, group, people: list, n: int, meetings: int = 100) -> list[Meeting]:
    """Create `n` actions spread over `meetings` meetings of a group, with bulk_create.

    Deadlines mix the forms minutes use (fixed dates, "By next meeting", none); statuses and
    visibilities vary so filters and permissions have work to do.
    """
    start = dt.date(2005, 1, 13)
    made = Meeting.objects.bulk_create(
        [
            Meeting(
                partnership=partnership,
                group=group,
                date=start + dt.timedelta(days=28 * i),
                visibility=Visibility.PUBLIC,
            )
            for i in range(meetings)
        ]
    )
    meeting_next_dates_refresh(group_id=group.pk)
    made = list(Meeting.objects.filter(group=group).order_by("date"))
    items = Item.objects.bulk_create(
        [
            Item(meeting=m, number=str(k), position=k * 100, title=f"Item {k}", visibility="public")
            for m in made
            for k in range(1, 6)
        ]
    )
    items = list(Item.objects.filter(meeting__group=group).order_by("meeting__date", "position"))
    by_meeting: dict[int, list[Item]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    statuses = itertools.cycle(
        [ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED]
    )
    visibilities = itertools.cycle(
        [Visibility.PUBLIC, Visibility.PUBLIC, Visibility.PARTNERS, Visibility.RESTRICTED]
    )
    rows = []
    for i in range(n):
        meeting = made[i % len(made)]
        kind = i % 3
        rows.append(
            Action(
                partnership=partnership,
                meeting=meeting,
                item=by_meeting[meeting.pk][i % 5],
                text=f"Bulk action {i}",
                owners_written=people[i % len(people)].initials,
                deadline_text=("By next meeting", "15 Dec 2010", "ASAP")[kind],
                deadline_rule=(DeadlineRule.NEXT_MEETING, DeadlineRule.DATE, DeadlineRule.NONE)[
                    kind
                ],
                deadline_date=meeting.date + dt.timedelta(days=20) if kind == 1 else None,
                status=next(statuses),
                visibility=next(visibilities),
                position=i,
            )
        )
    Action.objects.bulk_create(rows, batch_size=2000)
    ids = list(
        Action.objects.filter(meeting__group=group)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    ActionOwner.objects.bulk_create(
        [ActionOwner(action_id=pk, person=people[i % len(people)]) for i, pk in enumerate(ids)],
        batch_size=5000,
    )
    return made
