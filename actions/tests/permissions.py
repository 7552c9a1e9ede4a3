"""Permission-matrix entries for the action register: log, exports, dashboard, feeds, updates.

Actions of each visibility hang off the public meeting's public item; two more public actions
sit on a restricted item and in a restricted meeting, and must stay as hidden as those.
"""

from actions import services
from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    PARTNERS,
    RECORD,
    REDIRECT,
    Case,
    hidden_by_visibility,
)
from meetings.tests.permissions import governance_records

VIS = ("public", "partners", "restricted")


def action_records(world) -> dict:
    """Actions of each visibility, owned by the member's Person (built once per world)."""
    if "actions" in world.extra:
        return world.extra["actions"]
    g = governance_records(world)
    public = g["meetings"]["public"]
    r: dict = {"actions": {}}
    for vis in VIS:
        a = services.action_create(
            meeting=public,
            item=g["items"]["public"],
            text=f"{vis.title()} Action Quokka",
            owners=f"{world.member_person.initials}/{world.people['partners'].initials}",
            deadline="By next meeting",
            visibility=vis,
            restricted_to=[world.member_person] if vis == "restricted" else (),
        )
        r["actions"][vis] = a
    r["on_restricted_item"] = services.action_create(
        meeting=public,
        item=g["items"]["restricted"],
        text="Action On Restricted Item Quokka",
        owners=world.member_person.initials,
        deadline="15 Dec 2010",
        visibility="public",
    )
    r["in_restricted_meeting"] = services.action_create(
        meeting=g["meetings"]["restricted"],
        text="Action In Restricted Meeting Quokka",
        owners=world.member_person.initials,
        deadline="By Dec 2010",
        visibility="public",
    )
    world.extra["actions"] = r
    return r


def cases(world) -> dict[str, list[Case]]:
    g = governance_records(world)
    r = action_records(world)
    slug = {"slug": world.slug}
    texts = {v: a.text for v, a in r["actions"].items()}
    hidden = hidden_by_visibility(world, texts)
    for role in ("anonymous", "viewer", "other_coordinator"):
        hidden[role] = [
            *hidden[role],
            r["on_restricted_item"].text,
            r["in_restricted_meeting"].text,
        ]
    partner_hidden = {k: v for k, v in hidden.items() if k != "anonymous"}
    token = world.users["member"].feed_token
    progress = {
        "anonymous": LOGIN,
        "viewer": FORBIDDEN,
        "member": REDIRECT,
        "coordinator": REDIRECT,
        "other_coordinator": FORBIDDEN,
    }
    return {
        "actions:action_log": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden),
            Case(
                kwargs=slug,
                query="status=open&overdue=on",
                expect=EVERYONE,
                label="filtered",
                hidden=hidden,
            ),
            Case(kwargs=slug, query="q=Quokka", expect=EVERYONE, label="search", hidden=hidden),
        ],
        "actions:action_export_csv": [Case(kwargs=slug, expect=EVERYONE, hidden=hidden)],
        "actions:action_export_xlsx": [Case(kwargs=slug, expect=EVERYONE)],
        "actions:my_actions": [Case(kwargs=slug, expect=PARTNERS, hidden=partner_hidden)],
        "actions:dashboard": [Case(kwargs=slug, expect=PARTNERS, hidden=partner_hidden)],
        "actions:feed_settings": [
            Case(kwargs=slug, expect=PARTNERS, hidden={"viewer": [token], "coordinator": [token]})
        ],
        "actions:person_feed": [
            Case(
                kwargs={**slug, "token": token},
                expect=EVERYONE,
                label="the member's secret token",
            ),
            Case(
                kwargs={**slug, "token": "not-a-real-token"},
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                label="a wrong token",
            ),
        ],
        "actions:action_create": [
            Case(kwargs={**slug, "pk": g["meetings"]["public"].pk}, expect=COORDINATORS)
        ],
        "actions:matters_arising": [
            Case(kwargs={**slug, "pk": g["later"].pk}, expect=COORDINATORS)
        ],
        "actions:action_detail": [
            *[
                Case(
                    kwargs={**slug, "pk": r["actions"][vis].pk},
                    expect=RECORD[vis],
                    label=vis,
                    # a partners-only owner is not named to the public
                    hidden={
                        "anonymous": [world.people["partners"].name],
                        "other_coordinator": [world.people["partners"].name],
                    },
                )
                for vis in VIS
            ],
            Case(
                kwargs={**slug, "pk": r["on_restricted_item"].pk},
                expect=RECORD["restricted"],
                label="public action on a restricted item",
            ),
            Case(
                kwargs={**slug, "pk": r["in_restricted_meeting"].pk},
                expect=RECORD["restricted"],
                label="public action in a restricted meeting",
            ),
        ],
        "actions:action_edit": [
            Case(kwargs={**slug, "pk": r["actions"]["public"].pk}, expect=COORDINATORS)
        ],
        "actions:action_progress": [
            Case(
                kwargs={**slug, "pk": r["actions"]["public"].pk},
                method="post",
                data={"text": "Progress made"},
                expect=progress,
                label="owners and coordinators",
            )
        ],
    }
