"""Demo engagement: the Domestic Abuse stakeholder event of 12 November 2010 (seed 002 item 8.2,
seed 000 §5.1) and the Road Safety event of 7 March 2011 (seed 000 §5.1).

The four recurring themes are the event's findings. SR's research into a virtual social network
is the one action the minutes raise from the event (item 8.2, "SR to research the options and
update the group at the next meeting"): the follow-up names that action, loaded by actions.demo,
rather than raising a second one. The working group with a lead agency is SR's suggestion of a
next step, not an action, so it is in the minute text and not a follow-up. The plan change under
the violent crime objective is not in the seeds (see docs/demo-data.md); one theme (a one stop
shop) is left visibly "not yet taken forward". No public meetings or
consultations appear in the seeds, so none are invented; the public meetings page therefore
warns that 2010/11 and 2011/12 have none recorded.
"""

import datetime as dt

from actions.models import Action
from core.models import Visibility
from engagement.models import Event, FollowUp, FollowUpKind, Workshop
from engagement.services import (
    event_create,
    finding_add,
    follow_up_record,
    workshop_add,
)
from meetings.models import Item
from partnership.models import Partnership
from plan.models import Objective, Priority, Theme
from plan.services import action_link_set

DA_TITLE = "Domestic Abuse stakeholder event"
ROAD_TITLE = "Road Safety stakeholder event"
MINUTES_DATE = dt.date(2010, 11, 25)

FINDINGS = [
    ("A co-ordinated approach across agencies to tackling domestic abuse in the borough", ""),
    ("Better early intervention", Theme.INTERVENTION),
    ("A one stop shop", Theme.INTERVENTION),
    ("Better information and training for practitioners and for victims", Theme.EDUCATION),
]

# finding index -> (kind, description, objective order or None)
FOLLOW_UPS = {
    1: (
        FollowUpKind.PLAN_CHANGE,
        "Make early intervention part of the short-term target for domestic abuse in the "
        "refreshed plan.",
        4,
    ),
    3: (
        FollowUpKind.ACTION,
        "Research the options for a virtual social networking approach (Swale Borough Council "
        "has created a similar network) and update the group at the next meeting.",
        None,
    ),
}
# The action of item 8.2 the network follow-up names (actions.demo.ACTIONS_NOV_25).
NETWORK_ACTION = "Research options for an online domestic abuse network."
# Actions earlier versions of the demo raised at 8.2 that the seed does not have.
RETIRED_ACTIONS = [
    "Set up a domestic abuse working group with a lead agency, the next step the "
    "strategic assessment suggests now that domestic abuse is a proposed priority.",
    "Research a virtual network for practitioners (Swale Borough Council runs one) and "
    "report to the next delivery group meeting.",
]


def _workshops(event: Event, note: str) -> None:
    for theme in Theme:
        if not Workshop.objects.filter(event=event, theme=theme).exists():
            workshop_add(event=event, theme=theme, priorities_found=note)


def load(partnership: Partnership) -> None:
    """Create or refresh the two stakeholder events and the first one's findings."""
    priorities = {p.name: p for p in Priority.objects.filter(partnership=partnership, year=2011)}
    da = Event.objects.filter(partnership=partnership, title=DA_TITLE).first()
    if da is None:
        da = event_create(
            partnership=partnership,
            title=DA_TITLE,
            held_on=dt.date(2010, 11, 12),
            venue="Lenham Community Centre",
            run_with="Maidstone Domestic Violence Forum",
            priority=priorities.get("Domestic abuse"),
            attendance=90,
            attendance_is_minimum=True,
            attendance_note="including the local MP",
            summary=(
                "Commissioned by the delivery group. Practitioners and agencies presented in "
                "the morning; the afternoon workshop looked at prevention, education, "
                "intervention and enforcement, naming Maidstone's priorities, good practice "
                "and the gaps and barriers in services."
            ),
            visibility=Visibility.PUBLIC,
        )
    _workshops(
        da,
        "Local priorities, good practice and gaps in services under this theme; the "
        "detailed notes are held by the Community Partnerships team.",
    )
    findings = list(da.findings.order_by("order"))
    if not findings:
        findings = [
            finding_add(event=da, text=text, theme=theme, recurring=True)
            for text, theme in FINDINGS
        ]
    objectives = {
        o.order: o for o in Objective.objects.filter(plan__partnership=partnership, plan__year=2011)
    }
    item = (
        Item.objects.filter(
            meeting__partnership=partnership, meeting__date=MINUTES_DATE, number="8.2"
        )
        .select_related("meeting")
        .first()
    )
    Action.objects.filter(meeting__partnership=partnership, text__in=RETIRED_ACTIONS).delete()
    FollowUp.objects.filter(finding__event=da, kind=FollowUpKind.ACTION, action=None).delete()
    network = Action.objects.filter(item=item, text=NETWORK_ACTION).first() if item else None
    for index, (kind, description, order) in FOLLOW_UPS.items():
        finding = findings[index]
        if finding.follow_ups.exists():
            continue
        if kind == FollowUpKind.ACTION and network is None:
            continue  # the meetings and actions are not loaded
        follow_up_record(
            finding=finding,
            kind=kind,
            description=description,
            recorded_on=MINUTES_DATE,
            objective=objectives.get(order) if order else None,
            action=network if kind == FollowUpKind.ACTION else None,
        )
        if kind == FollowUpKind.ACTION:
            # Raised in response to the event, so the domestic abuse priority's page lists it.
            action_link_set(action=network, priority=da.priority, theme=finding.theme)
    if not Event.objects.filter(partnership=partnership, title=ROAD_TITLE).exists():
        road = event_create(
            partnership=partnership,
            title=ROAD_TITLE,
            held_on=dt.date(2011, 3, 7),
            priority=priorities.get("Road safety"),
            summary=(
                "The second stakeholder event, on the same four themes as the domestic abuse "
                "event: prevention, education, intervention and enforcement."
            ),
            visibility=Visibility.PUBLIC,
        )
        _workshops(road, "")
