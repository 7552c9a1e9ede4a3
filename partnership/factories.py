"""factory_boy factories for the partnership register."""

import factory

from core.models import Visibility
from partnership.models import Body, BodyType, Group, GroupKind, Membership, Partnership, Person


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Safer Borough {n} Partnership")
    short_name = factory.Sequence(lambda n: f"SB{n}")
    slug = factory.Sequence(lambda n: f"safer-borough-{n}")
    area_codes = factory.Sequence(lambda n: [f"E07{n:06d}"])


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Body {n}")
    body_type = BodyType.COUNCIL
    visibility = Visibility.PUBLIC


def _initials(n: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    n += 26
    while n:
        n, r = divmod(n, 26)
        out = letters[r] + out
    return out


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    initials = factory.Sequence(lambda n: "P" + _initials(n))
    job_title = "Officer"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    visibility = Visibility.PUBLIC


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    kind = GroupKind.DELIVERY
    visibility = Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..group.partnership")
    )
    role = "member"
    visibility = Visibility.PUBLIC
