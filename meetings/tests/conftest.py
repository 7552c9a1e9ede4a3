"""Fixtures for the governance record: the demo partnership from the seeds, and a small one."""

import datetime as dt
from dataclasses import dataclass, field

import pytest


@pytest.fixture
def demo(db):
    """The demo partnership with seed 002's meetings, minutes and actions loaded."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    partnership = import_string(settings.DEMO_LOADERS[0])()
    for dotted in settings.DEMO_LOADERS[1:]:
        if dotted.split(".")[0] in ("meetings", "actions"):
            import_string(dotted)(partnership)
    return partnership


@dataclass
class Gov:
    partnership: object
    group: object
    other_group: object
    people: dict = field(default_factory=dict)
    first: object = None
    second: object = None
    coordinator: object = None
    owner_user: object = None


@pytest.fixture
def gov(db):
    """A partnership with a group of four members, two meetings and users to act as."""
    from accounts.factories import RoleFactory, UserFactory
    from meetings import services
    from meetings.models import AttendanceStatus
    from partnership.factories import (
        BodyFactory,
        GroupFactory,
        MembershipFactory,
        PartnershipFactory,
        PersonFactory,
    )

    p = PartnershipFactory(slug="gov")
    group = GroupFactory(partnership=p, name="Delivery Group")
    other = GroupFactory(partnership=p, name="Board")
    g = Gov(partnership=p, group=group, other_group=other)
    police = BodyFactory(partnership=p, name="Police", body_type="police")
    council = BodyFactory(partnership=p, name="Council", body_type="council")
    for initials, name, body in (
        ("JL", "John Littlemore", council),
        ("SR", "Sarah Robson", council),
        ("ZC", "Zena Cooke", council),
        ("RG", "Robbie Graham", police),
    ):
        g.people[initials] = PersonFactory(partnership=p, initials=initials, name=name, body=body)
        MembershipFactory(group=group, person=g.people[initials])
    g.coordinator = UserFactory(email="coord@gov.example.org")
    RoleFactory(user=g.coordinator, partnership=p, role="coordinator")
    g.owner_user = UserFactory(email="jl@gov.example.org")
    RoleFactory(user=g.owner_user, partnership=p, role="member")
    g.people["JL"].user = g.owner_user
    g.people["JL"].save()
    g.first = services.meeting_create(
        partnership=p, group=group, date=dt.date(2010, 11, 25), start_time=dt.time(11)
    )
    g.second = services.meeting_create(partnership=p, group=group, date=dt.date(2011, 2, 24))
    for initials in ("JL", "SR", "ZC"):
        services.attendance_record(
            meeting=g.first, person=g.people[initials], status=AttendanceStatus.PRESENT
        )
    services.attendance_record(
        meeting=g.first, person=g.people["RG"], status=AttendanceStatus.APOLOGIES
    )
    return g
