"""Permission-matrix entries for sign-in and account pages."""

from core.testing.matrix import EVERYONE, LOGIN, NOT_ALLOWED, OK, REDIRECT, SIGNED_IN, Case

ANON_ONLY_FORM = {
    "anonymous": OK,
    "viewer": REDIRECT,
    "member": REDIRECT,
    "coordinator": REDIRECT,
    "other_coordinator": REDIRECT,
}


def cases(world) -> dict[str, list[Case]]:
    return {
        "accounts:login": [Case(kwargs={}, expect=ANON_ONLY_FORM)],
        "accounts:logout": [
            Case(kwargs={}, expect=dict.fromkeys(EVERYONE, NOT_ALLOWED), label="GET is refused"),
            Case(kwargs={}, method="post", expect=dict.fromkeys(EVERYONE, REDIRECT)),
        ],
        "accounts:password_reset": [Case(kwargs={}, expect=EVERYONE)],
        "accounts:password_reset_sent": [Case(kwargs={}, expect=EVERYONE)],
        "accounts:password_reset_confirm": [
            Case(kwargs={"uidb64": "MQ", "token": "bad-token"}, expect=EVERYONE)
        ],
        "accounts:invitation": [
            Case(kwargs={"uidb64": "MQ", "token": "bad-token"}, expect=EVERYONE)
        ],
        "accounts:password_reset_complete": [Case(kwargs={}, expect=EVERYONE)],
        "accounts:profile": [Case(kwargs={}, expect={**SIGNED_IN, "anonymous": LOGIN})],
    }
