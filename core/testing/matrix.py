"""The permission matrix: every URL × every role, with the status each must get.

Each app with URLs has `<app>/tests/permissions.py` defining `cases(world) -> dict[url name,
list[Case]]`. core/tests/test_permission_matrix.py collects them all, fails if any URL name in
the project has no entry, and requests each case as each role.
"""

from dataclasses import dataclass, field

OK = 200
LOGIN = "login"  # redirected to sign in
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
REDIRECT = 302

EVERYONE = {"anonymous": OK, "viewer": OK, "member": OK, "coordinator": OK, "other_coordinator": OK}
PARTNERS = {
    "anonymous": LOGIN,
    "viewer": OK,
    "member": OK,
    "coordinator": OK,
    "other_coordinator": FORBIDDEN,
}
MEMBERS = {
    "anonymous": LOGIN,
    "viewer": FORBIDDEN,
    "member": OK,
    "coordinator": OK,
    "other_coordinator": FORBIDDEN,
}
COORDINATORS = {
    "anonymous": LOGIN,
    "viewer": FORBIDDEN,
    "member": FORBIDDEN,
    "coordinator": OK,
    "other_coordinator": FORBIDDEN,
}
SIGNED_IN = {
    "anonymous": LOGIN,
    "viewer": OK,
    "member": OK,
    "coordinator": OK,
    "other_coordinator": OK,
}

# A record page of partnership A, by the record's visibility. Restricted records name the
# member's Person, so the member may read them and the viewer may not.
RECORD = {
    "public": EVERYONE,
    "partners": {
        "anonymous": NOT_FOUND,
        "viewer": OK,
        "member": OK,
        "coordinator": OK,
        "other_coordinator": NOT_FOUND,
    },
    "restricted": {
        "anonymous": NOT_FOUND,
        "viewer": NOT_FOUND,
        "member": OK,
        "coordinator": OK,
        "other_coordinator": NOT_FOUND,
    },
}


@dataclass
class Case:
    """One request and the status each role must get.

    `hidden` maps a role to strings that must not appear in that role's response (e.g. the
    name of a restricted record on a list page or in an export). `headers_by_role` gives a
    role request headers (e.g. an API token) sent instead of signing the role in.
    """

    kwargs: dict
    expect: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: str = ""
    hidden: dict = field(default_factory=dict)
    label: str = ""
    headers_by_role: dict = field(default_factory=dict)


def hidden_by_visibility(world, names: dict[str, str]) -> dict[str, list[str]]:
    """Strings each role must not see, given one record name per visibility."""
    return {
        "anonymous": [names["partners"], names["restricted"]],
        "other_coordinator": [names["partners"], names["restricted"]],
        "viewer": [names["restricted"]],
    }
