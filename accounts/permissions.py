"""The one place that decides who may see and do what.

Every view, feed, export and search asks this module. There are four levels of access to a
partnership — the public (anyone, signed in or not, without a role), viewer, member and
coordinator — and every record carries a visibility: public, partners (any role in the
partnership) or restricted (coordinators and the people named on the record).
"""

from collections.abc import Callable
from enum import IntEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import Role, RoleName
from core.models import Visibility
from partnership.models import Partnership, Person


class Access(IntEnum):
    """Levels of access to a partnership, ordered so that higher includes lower."""

    PUBLIC = 0
    VIEWER = 1
    MEMBER = 2
    COORDINATOR = 3


_ROLE_ACCESS: dict[str | None, Access] = {
    RoleName.VIEWER: Access.VIEWER,
    RoleName.MEMBER: Access.MEMBER,
    RoleName.COORDINATOR: Access.COORDINATOR,
}


def access_level(user, partnership) -> Access:
    """Return the user's access to the partnership (cached on the user for the request)."""
    if user is None or not user.is_authenticated or partnership is None:
        return Access.PUBLIC
    if user.is_superuser:
        return Access.COORDINATOR
    cache = user.__dict__.setdefault("_csphub_access", {})
    if partnership.pk not in cache:
        role = (
            Role.objects.filter(user=user, partnership=partnership)
            .values_list("role", flat=True)
            .first()
        )
        cache[partnership.pk] = _ROLE_ACCESS.get(role, Access.PUBLIC)
    return cache[partnership.pk]


def is_partner(user, partnership) -> bool:
    """True for anyone with a role in the partnership (viewer, member or coordinator)."""
    return access_level(user, partnership) >= Access.VIEWER


def is_coordinator(user, partnership) -> bool:
    """True for the partnership's coordinators (and superusers)."""
    return access_level(user, partnership) >= Access.COORDINATOR


def person_of(user, partnership):
    """The partnership's Person record for this user, or None."""
    if user is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_csphub_person", {})
    if partnership.pk not in cache:
        cache[partnership.pk] = Person.objects.filter(partnership=partnership, user=user).first()
    return cache[partnership.pk]


def visible_q(user, partnership, prefix: str = "") -> Q:
    """A filter for records of this partnership that the user may read.

    `prefix` points at the record that carries the visibility, e.g. "meeting__" when
    filtering items by their meeting's visibility.
    """
    level = access_level(user, partnership)
    if level >= Access.COORDINATOR:
        return Q()
    public = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if level < Access.VIEWER:
        return public
    q = Q(**{f"{prefix}visibility__in": [Visibility.PUBLIC, Visibility.PARTNERS]})
    person = person_of(user, partnership)
    if person is not None:
        q |= Q(**{f"{prefix}visibility": Visibility.RESTRICTED, f"{prefix}restricted_to": person})
    return q


def can_view(user, record, partnership) -> bool:
    """True if the user may read this record of the partnership."""
    if record.visibility == Visibility.PUBLIC:
        return True
    level = access_level(user, partnership)
    if level >= Access.COORDINATOR:
        return True
    if level < Access.VIEWER:
        return False
    if record.visibility == Visibility.PARTNERS:
        return True
    person = person_of(user, partnership)
    return person is not None and record.restricted_to.filter(pk=person.pk).exists()


def visible_or_none(user, partnership, record):
    """The referenced record if the user may read it, else None.

    Use it wherever a record names another (a person's body, a group's "reports to", a
    request's priority): a visible record must not reveal a hidden one by name.
    """
    if record is None or not can_view(user, record, partnership):
        return None
    return record


def visible_name(
    user, partnership, record, placeholder: str = "a restricted record", attr: str = "name"
) -> str:
    """The name of a referenced record if the user may read it, else a neutral phrase.

    `""` for no record at all; `placeholder` (e.g. "a restricted body") for one the user may
    not read. Pages (through the Jinja `visible_name` global), exports, feeds and documents all
    call this, so a hidden record's name never travels on a record that points at it.
    """
    if record is None:
        return ""
    if not can_view(user, record, partnership):
        return placeholder
    return str(getattr(record, attr))


def visible_only(user, partnership, records) -> list:
    """The records of a many-to-many (a public meeting's attendees, an objective's
    priorities) that the user may read."""
    return [r for r in records if can_view(user, r, partnership)]


def require_visible(user, record, partnership):
    """Return the record if the user may read it; otherwise 404, so its existence stays hidden."""
    if not can_view(user, record, partnership):
        raise Http404("No such record")
    return record


def partnership_view(access: Access = Access.PUBLIC) -> Callable:
    """Decorate a view taking `slug`: load the partnership and require a level of access.

    The view receives `partnership` instead of `slug`. Without the level, the anonymous are
    sent to sign in and the signed-in get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs):
            partnership = get_object_or_404(Partnership, slug=slug)
            if access_level(request.user, partnership) < access:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied("You do not have access to this page.")
            request.partnership = partnership  # type: ignore[attr-defined]  # read by core.context_processors.site
            return view(request, partnership, *args, **kwargs)

        wrapped.required_access = access
        return wrapped

    return decorator
