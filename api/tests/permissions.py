"""Permission-matrix entries for the open-data API: every collection as JSON and CSV, signed
out, signed in (session) and with each role's personal API token."""

from api.services import token_create
from api.views import COLLECTIONS
from core.testing.matrix import (
    EVERYONE,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    REDIRECT,
    SIGNED_IN,
    Case,
    hidden_by_visibility,
)


def _tokens(world) -> dict[str, dict]:
    """An Authorization header per signed-in role (made once per world)."""
    if "api_tokens" not in world.extra:
        world.extra["api_tokens"] = {
            role: {"Authorization": f"Bearer {token_create(user=user, name='Matrix').token}"}
            for role, user in world.users.items()
            if user is not None
        }
    return world.extra["api_tokens"]


def cases(world) -> dict[str, list[Case]]:
    slug = {"slug": world.slug}
    tokens = _tokens(world)
    hidden = {
        "bodies": hidden_by_visibility(world, {v: b.name for v, b in world.bodies.items()}),
        "people": hidden_by_visibility(world, {v: p.name for v, p in world.people.items()}),
        "groups": hidden_by_visibility(world, {v: g.name for v, g in world.groups.items()}),
    }
    out: dict[str, list[Case]] = {}
    for cls in COLLECTIONS:
        key = cls.name.replace("-", "_")
        for name in (f"api:{key}", f"api:{key}_csv"):
            secret = hidden.get(cls.name, {})
            out[name] = [
                Case(kwargs=slug, expect=EVERYONE, hidden=secret, label="session"),
                Case(
                    kwargs=slug,
                    expect=EVERYONE,
                    hidden=secret,
                    headers_by_role=tokens,
                    label="token",
                ),
                Case(
                    kwargs={"slug": "no-such-partnership"},
                    expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                    label="unknown partnership",
                ),
            ]
    revoke = token_create(user=world.users["coordinator"], name="Matrix revoke").record
    only_owner = {**dict.fromkeys(EVERYONE, NOT_FOUND), "anonymous": LOGIN}
    out.update(
        {
            "api:docs": [Case(kwargs={}, expect=EVERYONE)],
            "api:schema": [Case(kwargs={}, expect=EVERYONE)],
            "api:tokens": [Case(kwargs={}, expect=SIGNED_IN)],
            "api:token_revoke": [
                Case(
                    kwargs={"pk": revoke.pk},
                    expect={
                        **SIGNED_IN,
                        **dict.fromkeys(SIGNED_IN, NOT_ALLOWED),
                        "anonymous": LOGIN,
                    },
                    label="GET",
                ),
                Case(
                    kwargs={"pk": revoke.pk},
                    method="post",
                    expect={**only_owner, "coordinator": REDIRECT},
                    label="POST",
                ),
            ],
        }
    )
    return out
