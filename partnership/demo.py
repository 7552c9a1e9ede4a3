"""The demo partnership's register, from the Safer Maidstone Partnership's published records.

Sources: the delivery group's minutes of 25 November 2010 (seed 002) and the scrutiny report of
14 March 2011 (seed 000). Where the flattened text is ambiguous, the choices are explained in
docs/demo-data.md. E-mail addresses are invented (example.org) so reminders can be shown.
"""

import datetime as dt

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
from partnership.services import membership_approve, membership_propose

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
    ("HM Prison Maidstone", "HMP Maidstone", BodyType.CO_OPERATING),
    ("Maidstone Mediation", "", BodyType.OTHER),
    ("Kent Drug and Alcohol Action Team", "KDAAT", BodyType.INVITED),
    ("The Mall Maidstone", "The Mall", BodyType.INVITED),
    ("Kent Police Authority", "", BodyType.OTHER),
]

# (name, initials, job title, body short name or name)
PEOPLE = [
    ("Martin Adams", "MA", "Borough Commander, Kent Fire and Rescue Service (Chair)", "KFRS"),
    ("David Hewetson", "DH", "LSP Lead Officer and Community Safety Coordinator", "MBC"),
    ("Zena Cooke", "ZC", "Director, Regeneration & Communities", "MBC"),
    ("John Littlemore", "JL", "Chief Housing Officer", "MBC"),
    ("Lisa Smith", "LS", "Community Safety Manager", "Golding Homes"),
    ("John A Wilson", "JAW", "Cabinet Member for Community Services (Cllr)", "MBC"),
    (
        "Tracey Kadir",
        "TK",
        "Assistant Chief Officer, Courts & Mid Kent Probation Services",
        "Probation",
    ),
    ("Sarah Robson", "SR", "Community Partnerships Manager", "MBC"),
    ("Nick Silvester", "NS", "Partnership Manager, South Division", "KFRS"),
    ("Robbie Graham", "RG", "Inspector", "Kent Police"),
    ("Paul Shallcross", "PS", "Preventative Services Manager, Kent Children's Services", "KCC"),
    ("Juliet Knott", "JK", "", "Golding Homes"),
    ("Jackie Bradley", "JB", "Sergeant", "Kent Police"),
    ("Annette Hinton", "ANH", "", "Maidstone Mediation"),
    ("Andy Hudson", "AH", "Governor", "HMP Maidstone"),
    ("Lesleigh Bounds", "LB", "", "KDAAT"),
    ("Paul Alcock", "PA", "Manager", "The Mall"),
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
        "Reviews the existing nine priorities and whether data supports them; collates "
        "and analyses the crime data for the strategic assessment. Meets monthly until the "
        "assessment is "
        "complete.",
        "Strategic assessment 2011",
        dt.date(2010, 11, 25),
        dt.date(2011, 3, 31),
    ),
]

# Delivery group membership as proposed on 25 November 2010 (seed 002 item 3).
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
PROPOSED_ON = dt.date(2010, 11, 25)
BOARD_APPROVAL = dt.date(2010, 12, 15)


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
    for name, kind, purpose, priority, start, end in GROUPS:
        group, _ = Group.objects.update_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "kind": kind,
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
        _member(groups[DELIVERY_GROUP], people[initials], role, approve_by=groups[LSP_BOARD])
    _member(
        groups[LSP_BOARD],
        people["MA"],
        MembershipRole.MEMBER,
        approve_by=groups[LSP_BOARD],
        notes="Attends as chair of the Safer Maidstone Partnership delivery group.",
    )
    _member(groups[LSP_BOARD], people["ZC"], MembershipRole.ADVISER, approve_by=groups[LSP_BOARD])
    _member(
        groups[TASK_AND_FINISH],
        people["JL"],
        MembershipRole.LEAD_OFFICER,
        approve_by=groups[DELIVERY_GROUP],
    )
    _member(
        groups[TASK_AND_FINISH],
        people["DH"],
        MembershipRole.LEAD_OFFICER,
        approve_by=groups[DELIVERY_GROUP],
    )
    return partnership


def _member(group, person, role, *, approve_by, notes=""):
    membership = Membership.objects.filter(group=group, person=person).first()
    if membership is None:
        membership = membership_propose(
            group=group, person=person, role=role, start_date=None, notes=notes
        )
    if membership.status == MembershipStatus.PROPOSED:
        approved_on = BOARD_APPROVAL if approve_by.kind == GroupKind.BOARD else PROPOSED_ON
        membership_approve(membership=membership, approved_by=approve_by, approved_on=approved_on)
    return membership
