"""Reads from the partnership register, filtered by what the user may see."""

from django.db.models import Count, Q, QuerySet

from accounts.permissions import is_partner, visible_name, visible_q
from partnership.models import Body, Group, Membership, MembershipStatus, Partnership, Person


def partnerships_list() -> QuerySet[Partnership]:
    """Every partnership this instance hosts (partnerships themselves are public)."""
    return Partnership.objects.order_by("name")


def bodies_visible(*, user, partnership: Partnership) -> QuerySet[Body]:
    """The partnership's bodies the user may see, with how many people each has."""
    return (
        Body.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .annotate(people_count=Count("people", filter=visible_q(user, partnership, "people__")))
        .order_by("name")
    )


def people_visible(*, user, partnership: Partnership) -> QuerySet[Person]:
    """The partnership's people the user may see, with their bodies."""
    return (
        Person.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("body")
        .order_by("name")
    )


def groups_visible(*, user, partnership: Partnership) -> QuerySet[Group]:
    """The partnership's groups the user may see, with their current member counts."""
    return (
        Group.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("reports_to")
        .annotate(
            member_count=Count(
                "memberships",
                filter=~Q(memberships__status=MembershipStatus.ENDED)
                & visible_q(user, partnership, "memberships__"),
            )
        )
        .order_by("kind", "name")
    )


def memberships_visible(*, user, partnership: Partnership) -> QuerySet[Membership]:
    """Memberships the user may see: the membership and its person must both be visible."""
    return (
        Membership.objects.filter(group__partnership=partnership)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "person__"))
        .filter(visible_q(user, partnership, "group__"))
        .select_related("person", "person__body", "group", "approved_by")
    )


def group_members(*, user, group: Group) -> QuerySet[Membership]:
    """A group's memberships the user may see, current first."""
    return (
        memberships_visible(user=user, partnership=group.partnership)
        .filter(group=group)
        .order_by("status", "role", "person__name")
    )


def person_memberships(*, user, person: Person) -> QuerySet[Membership]:
    """A person's memberships the user may see."""
    return memberships_visible(user=user, partnership=person.partnership).filter(person=person)


def membership_history(*, user, partnership: Partnership, group: Group | None = None):
    """Every recorded change to visible memberships, newest first (from the audit history)."""
    visible_ids = memberships_visible(user=user, partnership=partnership)
    if group is not None:
        visible_ids = visible_ids.filter(group=group)
    return (
        Membership.history.filter(id__in=visible_ids.values("id"))
        .select_related("history_user", "person", "group")
        .order_by("-history_date", "-history_id")
    )


def people_export_rows(*, user, partnership: Partnership) -> list[list[str]]:
    """People as CSV rows in the import layout; e-mail only for partners."""
    show_email = is_partner(user, partnership)
    rows = [["name", "initials", "title", "body", "email"]]
    for p in people_visible(user=user, partnership=partnership):
        rows.append(
            [
                p.name,
                p.initials,
                p.job_title,
                visible_name(user, partnership, p.body, "a restricted organisation"),
                p.email if show_email else "",
            ]
        )
    return rows
