"""The demo partnership's meetings, minutes and decisions, from the seed documents.

Seed 002 is the delivery group's meeting of 25 November 2010: its attendance, its nine items (with
sub-items 7.1, 7.2 and 8.1 to 8.4) summarised here in our own words, and its "Dates of Future
Meetings". The meeting of 2 September 2010 holds only what the 25 November minutes say about it
(the items they refer back to, and the correction agreed to its minutes). Seed 000 section 4 gives
the CCTV decision and its timetable. The actions are loaded by actions.demo.
"""

import datetime as dt

from core.models import Visibility
from meetings.models import (
    Amendment,
    Attendance,
    AttendanceStatus,
    Decision,
    FollowUp,
    Item,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    QuorumRule,
)
from meetings.services import _snapshot, meeting_next_dates_refresh
from partnership.demo import DELIVERY_GROUP, LSP_BOARD
from partnership.models import Group, Partnership, Person

NOV_25 = dt.date(2010, 11, 25)
SEP_2 = dt.date(2010, 9, 2)
FUTURE_DELIVERY = [dt.date(2011, 2, 24), dt.date(2011, 6, 16), dt.date(2011, 9, 6)]
LSP_BOARD_DATES = [dt.date(2010, 12, 15), dt.date(2011, 3, 23)]

# (initials, role at the meeting) as in seed 002's Present and Apologies; the minutes add each
# person's organisation (the register's body) unless the role already names it, so the lines
# read as the seed's: "Chair, Borough Commander, KFRS", "Inspector, Kent Police", "Golding Homes".
PRESENT = [
    ("MA", "Chair, Borough Commander"),
    ("DH", "LSP Lead Officer, Community Safety Coordinator"),
    ("ZC", "Director, Regeneration & Communities"),
    ("JL", "Chief Housing Officer"),
    ("LS", "Community Safety Manager"),
    ("JAW", "Cabinet Member for Community Services"),
    ("TK", "Asst. Chief Officer, Courts & Mid Kent Probation Services"),
    ("SR", "Community Partnerships Manager"),
]
# Apologies: the roles are the register's job titles. Item 8.4 gives reasons only in general
# ("three were not here due to meeting clashes – one on holiday"), not whose, so no apology
# records a reason.
APOLOGIES = ["NS", "RG", "PS", "JK", "JB", "ANH", "AH"]
# The heading block reads "MINUTES OF THE / LOCAL STRATEGIC PARTNERSHIP / Safer Maidstone
# Partnership Meeting / 25 November 2010 11.00 – 12.30, ROOM 6D, MAIDSTONE HOUSE".
MINUTES_HEADING = "Local Strategic Partnership"

# (number, title, minute text in our own summary words)
ITEMS_NOV_25 = [
    (
        "1",
        "Minutes of the last meeting (2 September 2010)",
        "TK asked for the record on page 5 about sex offenders to be put right: AH had accepted "
        "that partners do meet sex offenders' needs, and had raised a concern about whether "
        "services would continue. On MA's proposal the partners agreed to amend the minutes.",
    ),
    (
        "2",
        "Actions and matters arising",
        "Membership of the partnership is taken under item 3.\n\n"
        "KFRS quarterly reports (page 4): NS was not present, so MA will follow this up with him."
        "\n\n"
        "Inappropriate images and messages on Facebook (page 5): no partner had sent information. "
        "ZC will ask partners whether they have seen this increase.\n\n"
        "The sub-groups and the domestic abuse stakeholder event (page 6) are items on today's "
        "agenda. No partner present had attended the September flood defence event at Teapot "
        "Lane (page 7).",
    ),
    (
        "3",
        "Proposed membership of the SMP",
        "MA tabled the proposed membership of the delivery group. LS will confirm who should "
        "represent Golding Homes. The group agreed that Paul Shallcross should be the lead member "
        "for Kent County Council Children's Services, with other KCC colleagues welcome to attend "
        "as non-members.\n\n"
        "SR put forward two further candidates who meet the membership criteria, Lesleigh Bounds "
        "(KDAAT) and Paul Alcock (The Mall); the group agreed to invite both.\n\n"
        "Members present approved the final membership, which MA will take to the LSP Board on "
        "15 December for formal approval.",
    ),
    (
        "4",
        "Update from the LSP Board",
        "MA sits on the quarterly LSP Board with the other delivery group chairs. He will give the "
        "Board a chair's update from this meeting and report back from the Board to the February "
        "2011 meeting.\n\n"
        "ZC said the Board had welcomed the proposal that the SMP become part of the LSP with "
        "fewer priorities, drawn from the strategic assessment that JL and DH are co-ordinating. "
        "Domestic abuse is a Board priority and has been proposed as a priority in the "
        "assessment refresh.",
    ),
    (
        "5",
        "Review of the SMP sub-groups",
        "JL presented his review of the existing sub-groups against the SMP's current "
        "priorities, with recommendations for each. Partners agreed that the final set of "
        "sub-groups should follow the priorities the strategic assessment sets, and that the "
        "exercise is about strengthening the structure, not undoing good work.\n\n"
        "MA offered to meet the sub-groups once the assessment is complete; JL will make sure he "
        "is invited. The report was agreed on that basis, and JL will bring a further report to "
        "the next meeting.",
    ),
    (
        "6",
        "Strategic assessment update",
        "A task and finish group is reviewing the priorities and the data behind them; the "
        "working proposal is to reduce nine priorities to four: anti-social behaviour, domestic "
        "abuse, road safety, and drug and substance misuse. JL and DH are collating and "
        "analysing the data and will report to the task and finish group in December; it meets "
        "monthly until the assessment is finished in March 2011.\n\n"
        "JL will circulate the draft assessment before the next delivery group meeting, and the "
        "task and finish group's notes will be shared with the delivery group. Its meetings are "
        "to be extended to two hours.",
    ),
    ("7", "Performance management", ""),
    (
        "7.1",
        "Performance exceptions report",
        "RG and JB, who are best placed to explain the police figures, sent apologies; MA will "
        "ask them to update the next meeting. DH noted rises in dwelling burglary (still low "
        "against the county), sexual offences, theft, drug offences and fraud, and a fall in "
        "domestic abuse. DH will obtain the repeat-victim figures from RG, and has asked RG to "
        "explain the changes in the data so the group can consider a short problem profile.",
    ),
    (
        "7.2",
        "Sustainable Community Strategy",
        "SR is refreshing the Sustainable Community Strategy for the LSP with each delivery "
        "group. The group agreed the strategy, the terms of reference and the strategic "
        "assessment priorities should line up, and the task and finish group will cover the "
        "refresh. ZC will ask Roger Adley (MBC Communications) to review the LSP's "
        "communication and engagement strategy so it meets the SMP's needs.",
    ),
    ("8", "Any other business", ""),
    (
        "8.1",
        "SMP funding requests",
        "Two requests of £5,000 each from the uncommitted funding of about £18,000 were "
        "discussed: street homelessness outreach by Porchlight, and the Community Safety Unit's "
        "Stay Safe this Christmas campaign. Partners agreed to fund both. DH will ask KCC whether "
        "the remaining £8,000 can be carried into next year. The LSP's grant criteria will be "
        "adapted for SMP funding and forms completed for both awards, and JL will propose a "
        "protocol for funding requests to the next meeting.",
    ),
    (
        "8.2",
        "Domestic abuse stakeholder event",
        "SR reported on the event of 12 November at Lenham Community Centre, attended by over 90 "
        "people. Themes included a co-ordinated approach across agencies, earlier intervention, "
        "a one-stop shop, and better information and training. SR noted that the strategic "
        "assessment has proposed domestic abuse as a priority, and suggested a working group "
        "with a lead agency as the next step. SR will look at options for an online network, "
        "as Swale has, and report to the next meeting.",
    ),
    (
        "8.3",
        "Training for health trainers",
        "ZC shared details of the NHS's free training for health trainers and will forward them; "
        "partners are asked to say whether they wish to take part.",
    ),
    (
        "8.4",
        "Attendance and diary clashes",
        "JAW noted how few partners were present. Three were at clashing meetings and old SMP "
        "meeting dates were still in diaries. SR will confirm all 2011 meeting dates and times "
        "to partners.",
    ),
    (
        "9",
        "Dates of future meetings",
        "Delivery group: 24 February, 16 June and 6 September 2011.\n\n"
        "LSP Board, for reporting: 15 December 2010 and 23 March 2011.",
    ),
]

ITEMS_SEP_2 = [
    (
        "4",
        "Partner reports",
        "NS will circulate the KFRS quarterly reports to partners.",
    ),
    (
        "5",
        "Services for sex offenders",
        "AH said partners do not address the issue of sex offenders.",
    ),
]
SEP_2_CORRECTED = (
    "AH acknowledged that partners do address sex offenders' needs, and raised a concern about "
    "whether services for sex offenders would continue."
)


def _meeting(partnership, group, date, **fields) -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        partnership=partnership,
        group=group,
        date=date,
        defaults={"visibility": Visibility.PUBLIC, **fields},
    )
    meeting_next_dates_refresh(group_id=group.pk)
    return meeting


def _items(meeting: Meeting, items) -> dict[str, Item]:
    out = {}
    for number, title, text in items:
        item, _ = Item.objects.update_or_create(
            meeting=meeting,
            number=number,
            defaults={
                "title": title,
                "minutes": text,
                "position": Item.position_of(number),
                "visibility": Visibility.PUBLIC,
            },
        )
        out[number] = item
    return out


def load(partnership: Partnership) -> None:
    """Create or refresh the demo meetings, minutes and decisions; safe to run again."""
    delivery = Group.objects.get(partnership=partnership, name=DELIVERY_GROUP)
    board = Group.objects.get(partnership=partnership, name=LSP_BOARD)
    people = {p.initials: p for p in Person.objects.filter(partnership=partnership)}
    QuorumRule.objects.update_or_create(
        group=delivery, defaults={"min_present": 6, "min_responsible_authorities": 3}
    )

    nov = _meeting(
        partnership,
        delivery,
        NOV_25,
        start_time=dt.time(11, 0),
        end_time=dt.time(12, 30),
        location="Room 6D, Maidstone House",
        minutes_heading=MINUTES_HEADING,
        status=MeetingStatus.HELD,
        minutes_status=MinutesStatus.CIRCULATED,
    )
    sep = _meeting(
        partnership, delivery, SEP_2, status=MeetingStatus.HELD, minutes_heading=MINUTES_HEADING
    )
    for date in FUTURE_DELIVERY:
        _meeting(partnership, delivery, date)
    for date in LSP_BOARD_DATES:
        _meeting(partnership, board, date)

    for initials, role in PRESENT:
        Attendance.objects.update_or_create(
            meeting=nov,
            person=people[initials],
            defaults={
                "status": AttendanceStatus.PRESENT,
                "role": role,
                "is_member": True,
                "reason": "",
            },
        )
    for initials in APOLOGIES:
        Attendance.objects.update_or_create(
            meeting=nov,
            person=people[initials],
            defaults={
                "status": AttendanceStatus.APOLOGIES,
                "role": "",
                "is_member": True,
                "reason": "",
            },
        )
    nov_items = _items(nov, ITEMS_NOV_25)
    if not nov.versions.exists():
        _snapshot(nov, reason="Minutes drafted (demo data)")
        _snapshot(nov, reason="Circulated")

    sep_items = _items(sep, ITEMS_SEP_2)
    if not Amendment.objects.filter(meeting=sep, agreed_at=nov).exists():
        _snapshot(sep, reason="Circulated")
        item = sep_items["5"]
        Amendment.objects.create(
            meeting=sep,
            agreed_at=nov,
            item=item,
            previous_text=item.minutes,
            new_text=SEP_2_CORRECTED,
            note="Proposed by MA at TK's request and agreed by the partners (item 1 of "
            "25 November 2010): AH had not said that partners fail to address sex offenders.",
        )
        item.minutes = SEP_2_CORRECTED
        item.save(update_fields=["minutes"])
        sep.minutes_status = MinutesStatus.APPROVED
        sep.approved_at = nov
        sep.approved_on = NOV_25
        sep.save(update_fields=["minutes_status", "approved_at", "approved_on"])
        _snapshot(sep, reason="Approved at the meeting of 25 November 2010 with 1 amendment")
    elif sep_items["5"].minutes != SEP_2_CORRECTED:
        # Loading again re-wrote item 5 from ITEMS_SEP_2; the agreed amendment still stands.
        sep_items["5"].minutes = SEP_2_CORRECTED
        sep_items["5"].save(update_fields=["minutes"])

    _decision(
        partnership,
        title="Fund Porchlight's street homelessness outreach: £5,000 from the under-spend",
        text="Agreed by all partners present; a funding form to be completed retrospectively.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["8.1"],
    )
    _decision(
        partnership,
        title="Fund the Community Safety Unit's Stay Safe this Christmas campaign: £5,000",
        text="Agreed by all partners present; a funding form to be completed retrospectively.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["8.1"],
    )
    _decision(
        partnership,
        title="Proposed membership of the delivery group approved, for the LSP Board",
        text="Members present approved the final membership, including invitations to KDAAT "
        "and The Mall; the LSP Board gives formal approval.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["3"],
        follow_ups=[(dt.date(2010, 12, 15), "LSP Board's formal approval")],
    )
    # Agreements recorded in the minutes' own words ("agreed", "supported by the group").
    _decision(
        partnership,
        title="Paul Shallcross to be the lead Kent County Council member",
        text="The group agreed that Paul Shallcross should be the lead KCC member, with the "
        "opportunity for other KCC representatives to attend as non-members.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["3"],
    )
    _decision(
        partnership,
        title="Sub-groups report agreed: final sub-groups to follow the assessment's priorities",
        text="JL's report on the SMP's sub-groups was agreed on the basis that the final set of "
        "sub-groups would be based on the SMP's agreed priorities arising from the strategic "
        "assessment process. JL to produce a further report for the next meeting.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["5"],
    )
    _decision(
        partnership,
        title="Task and finish group notes to be circulated to the delivery group",
        text="JL confirmed that the task and finish group meeting notes can be circulated to "
        "the delivery group; members agreed this would be helpful.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["6"],
    )
    _decision(
        partnership,
        title="Sustainable Community Strategy to reflect the strategic assessment's priorities",
        text="SR proposed that the SCS should reflect the priorities being set through the "
        "strategic assessment, to ensure consistency across the partnership; this was "
        "supported by the group.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["7.2"],
    )
    _decision(
        partnership,
        title="Adapt the LSP's performance reward grant criteria for SMP funding",
        text="SR suggested the LSP's criteria for awarding and monitoring its performance "
        "reward grants could be updated for administering SMP funding; all agreed this would "
        "be useful.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["8.1"],
    )
    _decision(
        partnership,
        title="A protocol for managing SMP funding is needed",
        text="The group agreed that a protocol for managing SMP funding was needed; JL to "
        "provide a report with proposals for the next meeting.",
        made_by_group=delivery,
        made_on=NOV_25,
        item=nov_items["8.1"],
    )
    _decision(
        partnership,
        title="CCTV: investigate a shared control centre with Medway Council",
        text="Investigate providing CCTV services through a service level agreement with "
        "Medway Council, and have the Director of Regeneration and Communities report back, "
        "after hearing stakeholders' views, for a decision on how CCTV services are procured.",
        made_by_role="Cabinet Member",
        made_on=dt.date(2010, 12, 20),
        follow_ups=[
            (dt.date(2011, 3, 17), "Final report published"),
            (dt.date(2011, 3, 25), "Cabinet Member decision"),
        ],
    )


def _decision(partnership, *, title, follow_ups=(), **fields) -> Decision:
    decision, _ = Decision.objects.update_or_create(
        partnership=partnership,
        title=title,
        defaults={"visibility": Visibility.PUBLIC, **fields},
    )
    for date, description in follow_ups:
        FollowUp.objects.get_or_create(decision=decision, date=date, description=description)
    return decision
