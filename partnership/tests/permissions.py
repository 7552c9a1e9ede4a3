"""Permission-matrix entries for the partnership register."""

from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    NOT_FOUND,
    RECORD,
    Case,
    hidden_by_visibility,
)


def _by_visibility(world, name, records, **extra) -> list[Case]:
    return [
        Case(
            kwargs={"slug": world.slug, "pk": records[vis].pk, **extra},
            expect=RECORD[vis],
            label=vis,
        )
        for vis in ("public", "partners", "restricted")
    ]


def cases(world) -> dict[str, list[Case]]:
    slug = {"slug": world.slug}
    body_names = {v: b.name for v, b in world.bodies.items()}
    people_names = {v: p.name for v, p in world.people.items()}
    group_names = {v: g.name for v, g in world.groups.items()}
    pub_group = world.groups["public"]
    membership = world.memberships["public"]
    missing = {
        "anonymous": NOT_FOUND,
        "viewer": NOT_FOUND,
        "member": NOT_FOUND,
        "coordinator": NOT_FOUND,
        "other_coordinator": NOT_FOUND,
    }
    return {
        "partnership:overview": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, group_names)),
            Case(kwargs={"slug": "no-such-partnership"}, expect=missing, label="unknown slug"),
        ],
        "partnership:partnership_edit": [Case(kwargs=slug, expect=COORDINATORS)],
        "partnership:comparators_edit": [Case(kwargs=slug, expect=COORDINATORS)],
        "partnership:body_list": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, body_names))
        ],
        "partnership:body_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "partnership:body_detail": _by_visibility(world, "body", world.bodies),
        "partnership:body_edit": [
            Case(kwargs={**slug, "pk": world.bodies["public"].pk}, expect=COORDINATORS)
        ],
        "partnership:person_list": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={
                    **hidden_by_visibility(world, people_names),
                    "anonymous": [
                        people_names["partners"],
                        people_names["restricted"],
                        world.people["public"].email,
                    ],
                },
            )
        ],
        "partnership:person_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "partnership:person_import": [Case(kwargs=slug, expect=COORDINATORS)],
        "partnership:person_export": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={
                    **hidden_by_visibility(world, people_names),
                    "anonymous": [
                        people_names["partners"],
                        people_names["restricted"],
                        world.people["public"].email,
                    ],
                },
            )
        ],
        "partnership:person_detail": _by_visibility(world, "person", world.people),
        "partnership:person_edit": [
            Case(kwargs={**slug, "pk": world.people["public"].pk}, expect=COORDINATORS)
        ],
        "partnership:group_list": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, group_names))
        ],
        "partnership:group_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "partnership:group_detail": _by_visibility(world, "group", world.groups),
        "partnership:group_edit": [Case(kwargs={**slug, "pk": pub_group.pk}, expect=COORDINATORS)],
        "partnership:membership_create": [
            Case(kwargs={**slug, "pk": pub_group.pk}, expect=COORDINATORS)
        ],
        "partnership:membership_approve": [
            Case(kwargs={**slug, "pk": membership.pk}, expect=COORDINATORS)
        ],
        "partnership:membership_end": [
            Case(kwargs={**slug, "pk": membership.pk}, expect=COORDINATORS)
        ],
        "partnership:membership_history": [Case(kwargs=slug, expect=EVERYONE)],
    }
