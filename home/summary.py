"""What a partnership's home page shows each reader, read through the apps' selectors.

A top-floor module (docs/architecture.md): it reads actions, meetings and funding, each list
cut to what the page shows and each count from an index or the action register's tally, so the
page costs the same with ten years of record as with one.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import Role
from accounts.permissions import Access, access_level, person_of
from actions import selectors as action_selectors
from actions import tally
from actions.models import ActionStatus, TallyKind
from funding.selectors import PotSummary, pot_balance_for, pots_visible
from meetings.models import Meeting, MeetingStatus, MinutesStatus
from meetings.selectors import meetings_visible
from partnership.models import MembershipStatus, Partnership, Person

SHOWN = 5  # rows in each list; the count says how many more there are


@dataclass
class Listed:
    """The first rows of a list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass
class Home:
    level: Access
    person: Person | None
    overdue: Listed | None = None
    own_open: Listed | None = None
    partnership_overdue: int | None = None
    next_meetings: list[Meeting] = field(default_factory=list)
    my_groups: bool = False
    awaiting_approval: Listed | None = None
    published: list[Meeting] = field(default_factory=list)
    pots: list[PotSummary] = field(default_factory=list)
    pots_year: int | None = None


def partnerships_of(user) -> list[tuple[Partnership, str]]:
    """The partnerships the user has a role in, with the role's name, by name."""
    roles = Role.objects.filter(user=user).select_related("partnership")
    return sorted(((r.partnership, r.get_role_display()) for r in roles), key=lambda pr: pr[0].name)


def _own_actions(user, partnership: Partnership, person: Person, today: dt.date, tier):
    """The person's overdue actions (soonest first) and their open ones still to come."""
    visible = action_selectors.actions_visible(user=user, partnership=partnership)
    mine = visible.filter(status=ActionStatus.OPEN, ownerships__person=person)
    if tier is not None:
        tally.ensure(partnership)
        late_total = tally.count(partnership=partnership, tier=tier, today=today, overdue=True,
                                 kind=TallyKind.OWNER, key=person.pk)  # fmt: skip
        open_total = tally.count(partnership=partnership, tier=tier, today=today,
                                 status=ActionStatus.OPEN, kind=TallyKind.OWNER,
                                 key=person.pk)  # fmt: skip
    else:  # a reader named on restricted records: counted live, over their own actions
        late_total = mine.filter(due__lt=today).count()  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
        open_total = mine.count()
    late = action_selectors._first_by_due(mine, partnership, None, today, SHOWN)
    coming = list(
        mine.filter(Q(due__gte=today) | Q(due__isnull=True)).order_by("due", "pk")[:SHOWN]  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
    )
    return Listed(late, late_total), Listed(coming, open_total - late_total)


def home_for(*, user, partnership: Partnership, today: dt.date) -> Home:
    """The reader's home page: their actions, the meetings ahead, minutes awaiting approval and
    (coordinators) the money left in this year's pots."""
    level = access_level(user, partnership)
    person = person_of(user, partnership)
    home = Home(level=level, person=person)
    tier = tally.reader_tier(user, partnership)
    if person is not None and level >= Access.MEMBER:
        home.overdue, home.own_open = _own_actions(user, partnership, person, today, tier)
    meetings = meetings_visible(user=user, partnership=partnership)
    ahead = meetings.filter(date__gte=today).exclude(status=MeetingStatus.CANCELLED)
    if level == Access.MEMBER and person is not None:
        groups = person.memberships.exclude(status=MembershipStatus.ENDED).values("group_id")
        home.my_groups = True
        ahead = ahead.filter(group_id__in=groups)
    home.next_meetings = list(ahead.order_by("date", "start_time", "pk")[:SHOWN])
    if level >= Access.COORDINATOR:
        if tier is not None:
            tally.ensure(partnership)
            home.partnership_overdue = tally.count(
                partnership=partnership, tier=tier, today=today, overdue=True
            )
        waiting = meetings.filter(minutes_status=MinutesStatus.CIRCULATED).order_by("date", "pk")
        home.awaiting_approval = Listed(list(waiting[:SHOWN]), waiting.count())
        pots = pots_visible(user=user, partnership=partnership)
        home.pots_year = pots.values_list("year", flat=True).first()
        if home.pots_year is not None:
            home.pots = [
                PotSummary(pot=p, balance=pot_balance_for(user=user, pot=p))
                for p in pots.filter(year=home.pots_year)[:SHOWN]
            ]
    published = meetings.filter(
        minutes_status__in=[MinutesStatus.APPROVED, MinutesStatus.LOCKED]
    ).order_by("-date", "-pk")
    home.published = list(published[:SHOWN])
    return home
