"""The demo partnership's actions: every action of seed 002 with its owners and deadline exactly
as written in the ACTION and DEADLINE columns, plus the one action of 2 September 2010 that the
25 November meeting took as a matter arising.

The seed's table was flattened across page breaks, so its last three ACTION/DEADLINE cells sit
one row below the sentence that raises them; each is attached here to the item whose text raises
it (JL's funding protocol to 8.1, SR's online network to 8.2, ZC/ALL's training to 8.3).
"""

from actions.models import Action, MatterOutcome
from actions.services import action_create, matter_arising_record
from meetings.demo import NOV_25, SEP_2
from meetings.models import Meeting
from partnership.demo import DELIVERY_GROUP
from partnership.models import Partnership

# (item, owners as written, deadline as written, the action in our words)
ACTIONS_NOV_25 = [
    ("1", "SR", "By next meeting", "Amend the minutes of 2 September 2010 on page 5 as agreed."),
    ("2", "MA", "By next meeting", "Follow up the KFRS quarterly reports with NS."),
    (
        "2",
        "ZC",
        "By next meeting",
        "Ask partners whether they have seen more inappropriate images and messages on Facebook.",
    ),
    ("3", "LS", "By Dec 2010", "Confirm the most appropriate representative of Golding Homes."),
    (
        "3",
        "SR",
        "By Dec 2010",
        "Invite Lesleigh Bounds (KDAAT) and Paul Alcock (The Mall) to join the group.",
    ),
    ("3", "MA", "15 Dec 2010", "Take the proposed membership to the LSP Board for approval."),
    (
        "4",
        "MA",
        "Feb 2011",
        "Give the LSP Board a chair's update, and report from the Board to the February meeting.",
    ),
    ("5", "JL", "By next meeting", "Make sure MA is invited to the sub-groups' meetings."),
    ("5", "JL", "By next meeting", "Bring a further report on the sub-groups."),
    ("6", "JL", "By next meeting", "Circulate the draft strategic assessment."),
    (
        "6",
        "JL/SR",
        "By next meeting",
        "Share the task and finish group's meeting notes with the delivery group.",
    ),
    ("7.1", "RG/JB", "At next meeting", "Update the group on the performance exceptions report."),
    ("7.1", "DH", "By end Dec 2010", "Obtain the repeat domestic abuse victim figures from RG."),
    (
        "7.1",
        "DH",
        "By end Dec 2010",
        "Ask RG to explain the changes in the data, for a short problem profile.",
    ),
    (
        "7.2",
        "ZC",
        "By end Dec 2010",
        "Ask Roger Adley to review the LSP communication and engagement strategy for the SMP.",
    ),
    (
        "8.1",
        "DH",
        "By 31 Dec 2010",
        "Ask KCC whether the remaining £8,000 can be carried into next year; tell partners.",
    ),
    (
        "8.1",
        "SR/JL/DH",
        "By 31 Dec 2010",
        "Adapt the LSP grant criteria for SMP funding and complete forms for both awards.",
    ),
    ("8.1", "JL", "By next meeting", "Propose a protocol for managing SMP funding requests."),
    ("8.2", "SR", "By next meeting", "Research options for an online domestic abuse network."),
    (
        "8.3",
        "ZC/ALL",
        "By Dec 2010",
        "Forward the health trainer training details; partners to say if they will take part.",
    ),
    ("8.4", "SR", "By Dec 2010", "Confirm all 2011 meeting dates and times to partners."),
]

ACTIONS_SEP_2 = [("4", "NS", "By next meeting", "Circulate the KFRS quarterly reports.")]


def _load(meeting: Meeting, rows) -> list[Action]:
    items = {i.number: i for i in meeting.items.all()}
    out = []
    for number, owners, deadline, text in rows:
        existing = Action.objects.filter(meeting=meeting, item=items[number], text=text).first()
        out.append(
            existing
            or action_create(
                meeting=meeting, item=items[number], text=text, owners=owners, deadline=deadline
            )
        )
    return out


def load(partnership: Partnership) -> None:
    """Create the demo actions and the matter arising; safe to run again."""
    meetings = Meeting.objects.filter(partnership=partnership, group__name=DELIVERY_GROUP)
    nov = meetings.get(date=NOV_25)
    sep = meetings.get(date=SEP_2)
    (kfrs,) = _load(sep, ACTIONS_SEP_2)
    _load(nov, ACTIONS_NOV_25)
    if not kfrs.matters_arising.filter(meeting=nov).exists():
        matter_arising_record(
            meeting=nov,
            action=kfrs,
            outcome=MatterOutcome.CARRIED_FORWARD,
            note="NS was not present; MA will follow it up with him (item 2).",
        )
