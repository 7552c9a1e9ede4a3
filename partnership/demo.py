"""The demo partnership's register, from the Safer Maidstone Partnership's published records.

Sources: the delivery group's minutes of 25 November 2010 (seed 002) and the scrutiny report of
14 March 2011 (seed 000). Where the flattened text is ambiguous, the choices are explained in
docs/demo-data.md. E-mail addresses are invented (example.org) so reminders can be shown.
"""

from core.models import Visibility
from partnership.models import (
    Body,
    BodyType,
    Group,
    GroupKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    Partnership,
    Person,
)
from partnership.services import membership_propose

PARTNERSHIP = {
    "name": "Safer Maidstone Partnership",
    "short_name": "SMP",
    "slug": "safer-maidstone",
    "area_codes": ["E07000110"],
}

# (name, short name, type)
BODIES = [
    ("Maidstone Borough Council", "MBC", BodyType.COUNCIL),
    ("Kent County Council", "KCC", BodyType.COUNCIL),
    ("Kent Police", "", BodyType.POLICE),
    ("Kent Fire and Rescue Service", "KFRS", BodyType.FIRE),
    ("Kent Probation (Courts and Mid Kent Probation Services)", "Probation", BodyType.PROBATION),
    ("NHS West Kent", "", BodyType.HEALTH),
    ("Golding Homes", "", BodyType.CO_OPERATING),
    ("HM Prison Maidstone", "Maidstone Prison", BodyType.CO_OPERATING),
    ("Maidstone Mediation", "", BodyType.OTHER),
    ("Kent Drug and Alcohol Action Team", "KDAAT", BodyType.INVITED),
    ("The Mall Maidstone", "The Mall", BodyType.INVITED),
    ("Kent Police Authority", "", BodyType.OTHER),
]

# (name, initials, job title, body short name or name)
PEOPLE = [
    ("Martin Adams", "MA", "Borough Commander", "KFRS"),
    ("David Hewetson", "DH", "LSP Lead Officer and Community Safety Coordinator", "MBC"),
    ("Zena Cooke", "ZC", "Director, Regeneration & Communities", "MBC"),
    ("John Littlemore", "JL", "Chief Housing Officer", "MBC"),
    ("Lisa Smith", "LS", "Community Safety Manager", "Golding Homes"),
    ("John A Wilson", "JAW", "Cabinet Member for Community Services (Cllr)", "MBC"),
    (
        "Tracey Kadir",
        "TK",
        "Asst. Chief Officer, Courts & Mid Kent Probation Services",
        "Probation",
    ),
    ("Sarah Robson", "SR", "Community Partnerships Manager", "MBC"),
    ("Nick Silvester", "NS", "Partnership Manager South Division", "KFRS"),
    ("Robbie Graham", "RG", "Inspector", "Kent Police"),
    ("Paul Shallcross", "PS", "Preventative Services Manager, Kent Children's Services", "KCC"),
    ("Juliet Knott", "JK", "", "Golding Homes"),
    ("Jackie Bradley", "JB", "Sergeant", "Kent Police"),
    ("Annette Hinton", "ANH", "", "Maidstone Mediation"),
    ("Andy Hudson", "AH", "Governor", "Maidstone Prison"),
    ("Lesleigh Bounds", "LB", "", "KDAAT"),
    ("Paul Alcock", "PA", "Manager, The Mall shopping centre", "The Mall"),
    ("Roger Adley", "RA", "Communications", "MBC"),
    ("David Coleman", "DC", "Independent Chair, Standards Committee", "Kent Police Authority"),
]

DELIVERY_GROUP = "Safer Maidstone Partnership Delivery Group"
LSP_BOARD = "Maidstone LSP Board"
TASK_AND_FINISH = "Strategic Assessment Task and Finish Group"

GROUPS = [
    (
        DELIVERY_GROUP,
        GroupKind.DELIVERY,
        "Delivers the Safer Maidstone Partnership's priorities as one of the four delivery groups "
        "of the Maidstone Local Strategic Partnership.",
        "",
        None,
        None,
    ),
    (
        LSP_BOARD,
        GroupKind.BOARD,
        "The Local Strategic Partnership Board, attended by all delivery group chairs; meets "
        "quarterly and approves delivery group membership.",
        "",
        None,
        None,
    ),
    (
        TASK_AND_FINISH,
        GroupKind.TASK_AND_FINISH,
        "Set up with key partners after the delivery group's September 2010 meeting to review "
        "the existing priorities and whether data supports them; JL and DH lead the "
        "collation and analysis of the crime data. Meets monthly until the assessment's "
        "completion in March 2011, then ceases to exist.",
        "Strategic assessment 2011",
        None,  # seed 002 item 6: established after September, met before 25 November
        None,  # "until the assessment's completion in March 2011": no day is given
    ),
]

# Delivery group membership as proposed on 25 November 2010 (seed 002 item 3): "Members present
# approved the final membership. MA will present the proposals to the LSP Board on 15 December for
# their formal approval." The seed does not record the Board's approval, so every membership stays
# proposed. The list MA circulated is not in the seed: these are the people the minutes list as
# present or sending apologies, and the two people the group agreed to invite.
DELIVERY_MEMBERS = {
    "MA": MembershipRole.CHAIR,
    "DH": MembershipRole.LEAD_OFFICER,
    "ZC": MembershipRole.MEMBER,
    "JL": MembershipRole.MEMBER,
    "LS": MembershipRole.MEMBER,
    "JAW": MembershipRole.MEMBER,
    "TK": MembershipRole.MEMBER,
    "SR": MembershipRole.MEMBER,
    "NS": MembershipRole.MEMBER,
    "RG": MembershipRole.MEMBER,
    "PS": MembershipRole.MEMBER,
    "JK": MembershipRole.MEMBER,
    "JB": MembershipRole.MEMBER,
    "ANH": MembershipRole.MEMBER,
    "AH": MembershipRole.MEMBER,
    "LB": MembershipRole.MEMBER,
    "PA": MembershipRole.MEMBER,
}
MEMBERSHIP_NOTE = (
    "In the final membership approved by the members present on 25 November 2010 (item 3); "
    "MA to present it to the LSP Board on 15 December 2010 for formal approval."
)
NOTES = {
    "PS": "Agreed as the lead Kent County Council member, other KCC representatives attending "
    "as non-members (25 November 2010, item 3).",
    "LB": "Invitation agreed on 25 November 2010 (item 3): proposed by SR; attends all other "
    "partnership meetings in the county. SR to extend the invitation.",
    "PA": "Invitation agreed on 25 November 2010 (item 3): proposed by SR. SR to extend the "
    "invitation.",
    "LS": "LS to check and confirm the most appropriate representative from Golding Homes "
    "(25 November 2010, item 3).",
    "JK": "LS to check and confirm the most appropriate representative from Golding Homes "
    "(25 November 2010, item 3).",
}


def _email(name: str) -> str:
    return name.lower().replace(" a ", " ").replace(" ", ".") + "@example.org"


def load() -> Partnership:
    """Create or refresh the demo partnership's register; safe to run again."""
    partnership, _ = Partnership.objects.update_or_create(
        slug=PARTNERSHIP["slug"], defaults=PARTNERSHIP
    )
    bodies = {}
    for name, short, kind in BODIES:
        body, _ = Body.objects.update_or_create(
            partnership=partnership,
            name=name,
            defaults={"short_name": short, "body_type": kind, "visibility": Visibility.PUBLIC},
        )
        bodies[short or name] = body
    people = {}
    for name, initials, title, body_key in PEOPLE:
        person, _ = Person.objects.update_or_create(
            partnership=partnership,
            initials=initials,
            defaults={
                "name": name,
                "job_title": title,
                "body": bodies[body_key],
                "email": _email(name),
                "visibility": Visibility.PUBLIC,
            },
        )
        people[initials] = person
    groups = {}
    for name, group_kind, purpose, priority, start, end in GROUPS:
        group, _ = Group.objects.update_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "kind": group_kind,
                "purpose": purpose,
                "priority_served": priority,
                "start_date": start,
                "end_date": end,
                "visibility": Visibility.PUBLIC,
            },
        )
        groups[name] = group
    groups[TASK_AND_FINISH].reports_to = groups[DELIVERY_GROUP]
    groups[TASK_AND_FINISH].save(update_fields=["reports_to"])
    groups[DELIVERY_GROUP].reports_to = groups[LSP_BOARD]
    groups[DELIVERY_GROUP].save(update_fields=["reports_to"])

    for initials, role in DELIVERY_MEMBERS.items():
        _member(
            groups[DELIVERY_GROUP],
            people[initials],
            role,
            notes=NOTES.get(initials, MEMBERSHIP_NOTE),
        )
    # Item 4: "MA confirmed his membership and attendance at the LSP Board". When the Board
    # approved it is not in the seeds, so it is recorded without an approval.
    _member(
        groups[LSP_BOARD],
        people["MA"],
        MembershipRole.MEMBER,
        notes="MA confirmed his membership and attendance at the LSP Board, which all delivery "
        "group chairs attend (25 November 2010, item 4).",
    )
    # Item 6: "JL and DH will take the lead, collating and analysing the crime data statistics".
    for initials in ("JL", "DH"):
        _member(
            groups[TASK_AND_FINISH],
            people[initials],
            MembershipRole.LEAD_OFFICER,
            notes="JL and DH take the lead, collating and analysing the crime data statistics "
            "(25 November 2010, item 6).",
        )
    # Earlier versions of the demo recorded approvals and an LSP Board adviser the seeds do not
    # have; a refresh takes them out.
    Membership.objects.filter(group__partnership=partnership).filter(
        group=groups[LSP_BOARD], person=people["ZC"]
    ).delete()
    Membership.objects.filter(
        group__partnership=partnership, status=MembershipStatus.APPROVED
    ).update(status=MembershipStatus.PROPOSED, approved_by=None, approved_on=None)
    return partnership


def _member(group, person, role, *, notes=""):
    membership = Membership.objects.filter(group=group, person=person).first()
    if membership is None:
        membership = membership_propose(
            group=group, person=person, role=role, start_date=None, notes=notes
        )
    elif membership.notes != notes:
        membership.notes = notes
        membership.save(update_fields=["notes"])
    return membership
