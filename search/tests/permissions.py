"""Permission-matrix entries for the search page: everyone may search, and each role finds only
the canaries it may read (the matrix scans every response for the others' names)."""

import datetime as dt

from core.testing.matrix import EVERYONE, Case, hidden_by_visibility

# Words only in the minute text of public items whose minutes are still draft (one meeting's
# agenda published, the other's not): no one but a coordinator may find them, as
# meetings.selectors.minutes_readable says; the unpublished agenda's title is hidden as well.
DRAFT_SECRET = "Wolverineflask"
DRAFT_TITLE = "Unpublishedagenda heading"


def _draft_minutes(world) -> None:
    """Two public meetings with draft minutes and a public item each (once per world)."""
    if "search_draft_minutes" in world.extra:
        return
    from meetings import services as meetings

    for n, publish in enumerate((False, True)):
        meeting = meetings.meeting_create(
            partnership=world.partnership,
            group=world.groups["public"],
            date=dt.date(2011, 4, 5 + n),
        )
        meetings.item_create(
            meeting=meeting,
            number="1",
            title=DRAFT_TITLE if not publish else "Publishedagenda heading",
            minutes=f"Draftminutecanary {DRAFT_SECRET} said in draft.",
        )
        if publish:
            meetings.agenda_publish(meeting=meeting)
    world.extra["search_draft_minutes"] = True


def cases(world) -> dict[str, list[Case]]:
    from core.testing.canaries import build_canaries

    build_canaries(world)  # indexes the canaries, which match "CANARY"
    _draft_minutes(world)
    draft_hidden = {
        role: [DRAFT_SECRET, DRAFT_TITLE]
        for role in ("anonymous", "viewer", "member", "other_coordinator")
    }
    slug = {"slug": world.slug}
    return {
        "search:search": [
            Case(kwargs=slug, expect=EVERYONE, label="empty search"),
            Case(kwargs=slug, query="q=CANARY", expect=EVERYONE, label="search canaries"),
            Case(
                kwargs=slug,
                query="q=CANARY&kind=item&page=1",
                expect=EVERYONE,
                label="search canary items",
            ),
            Case(
                kwargs=slug,
                query="q=Body",
                expect=EVERYONE,
                hidden=hidden_by_visibility(
                    world, {"partners": "Partners Body", "restricted": "Restricted Body"}
                ),
                label="search the world's bodies",
            ),
            Case(
                kwargs=slug,
                query="q=Draftminutecanary",
                expect=EVERYONE,
                hidden=draft_hidden,
                label="search draft minute text",
            ),
            Case(
                kwargs=slug,
                query="q=heading",
                expect=EVERYONE,
                hidden=draft_hidden,
                label="search agenda titles of draft minutes",
            ),
        ]
    }
