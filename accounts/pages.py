"""What every partnership page's template needs to know about the user looking at it."""

from accounts.permissions import Access, access_level


def page_context(request, partnership, **extra) -> dict:
    """The partnership, and whether this user manages it or reads its partner-level records."""
    level = access_level(request.user, partnership)
    return {
        "partnership": partnership,
        "can_manage": level >= Access.COORDINATOR,
        "is_partner": level >= Access.VIEWER,
        **extra,
    }
