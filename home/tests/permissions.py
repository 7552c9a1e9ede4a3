"""Permission-matrix entries for the signed-in home pages."""

from actions.tests.permissions import action_records
from core.testing.matrix import LOGIN, PARTNERS, REDIRECT, Case, hidden_by_visibility


def cases(world) -> dict[str, list[Case]]:
    r = action_records(world)
    texts = {v: a.text for v, a in r["actions"].items()}
    hidden = {k: v for k, v in hidden_by_visibility(world, texts).items() if k != "anonymous"}
    return {
        # Every role has one partnership in the matrix's world: sent to its home page.
        "home:start": [
            Case(
                kwargs={},
                expect={
                    "anonymous": LOGIN,
                    "viewer": REDIRECT,
                    "member": REDIRECT,
                    "coordinator": REDIRECT,
                    "other_coordinator": REDIRECT,
                },
            )
        ],
        "home:partnership_home": [
            Case(kwargs={"slug": world.slug}, expect=PARTNERS, hidden=hidden)
        ],
    }
