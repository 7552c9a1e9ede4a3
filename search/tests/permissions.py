"""Permission-matrix entries for the search page: everyone may search, and each role finds only
the canaries it may read (the matrix scans every response for the others' names)."""

from core.testing.matrix import EVERYONE, Case, hidden_by_visibility


def cases(world) -> dict[str, list[Case]]:
    from core.testing.canaries import build_canaries

    build_canaries(world)  # indexes the canaries, which match "CANARY"
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
        ]
    }
