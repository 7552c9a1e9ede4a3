"""A small world for permission tests: two partnerships and one user per role.

healthchecks' Alice, Bob and Charlie, for partnerships: `coordinator`, `member` and `viewer`
of partnership A, `other_coordinator` of partnership B, and `anonymous`. In partnership A there
is one body, person, group and membership of each visibility; the restricted ones name the
member's Person, so the member may read them and the viewer may not.
"""

from dataclasses import dataclass, field

from accounts.factories import RoleFactory, UserFactory
from accounts.models import RoleName
from core.models import Visibility
from partnership.factories import (
    BodyFactory,
    GroupFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
)

ROLES = ["anonymous", "viewer", "member", "coordinator", "other_coordinator"]


@dataclass
class World:
    partnership: object
    other: object
    users: dict = field(default_factory=dict)
    member_person: object = None
    bodies: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    memberships: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.partnership.slug


def build_world() -> World:
    """Create the two partnerships, the role users and one record per visibility."""
    a = PartnershipFactory(
        name="Partnership A", short_name="PA", slug="partnership-a", area_codes=["E07000110"]
    )
    b = PartnershipFactory(
        name="Partnership B", short_name="PB", slug="partnership-b", area_codes=["E07000111"]
    )
    world = World(partnership=a, other=b)
    for role in (RoleName.COORDINATOR, RoleName.MEMBER, RoleName.VIEWER):
        user = UserFactory(email=f"{role}@a.example.org", full_name=f"A {role}")
        RoleFactory(user=user, partnership=a, role=role)
        world.users[str(role)] = user
    other = UserFactory(email="coordinator@b.example.org", full_name="B coordinator")
    RoleFactory(user=other, partnership=b, role=RoleName.COORDINATOR)
    world.users["other_coordinator"] = other
    world.users["anonymous"] = None

    world.member_person = PersonFactory(
        partnership=a,
        name="Member Person",
        initials="MP",
        user=world.users["member"],
        visibility=Visibility.PARTNERS,
    )
    for vis in Visibility.values:
        world.bodies[vis] = BodyFactory(partnership=a, name=f"{vis.title()} Body", visibility=vis)
        world.people[vis] = PersonFactory(
            partnership=a,
            name=f"{vis.title()} Person",
            initials=f"{vis[:2].upper()}X",
            visibility=vis,
        )
        world.groups[vis] = GroupFactory(partnership=a, name=f"{vis.title()} Group", visibility=vis)
        world.memberships[vis] = MembershipFactory(
            group=world.groups["public"], person=world.people["public"], visibility=vis
        )
    for record in (world.bodies, world.people, world.groups, world.memberships):
        record[Visibility.RESTRICTED].restricted_to.add(world.member_person)
    return world
