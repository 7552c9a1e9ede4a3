"""The service navigation shown on a partnership's pages.

Each app adds its entries to PARTNERSHIP_NAV: (label, URL name, minimum access level). The
caller passes the reader's access level, which the permission module decides (config/jinja2.py),
so navigation never offers a page that would refuse them.
"""

from django.urls import reverse

# (label, url name taking `slug`, minimum access: 0 public, 1 viewer, 2 member, 3 coordinator)
PARTNERSHIP_NAV: list[tuple[str, str, int]] = [
    ("Your home", "home:partnership_home", 1),
    ("Overview", "partnership:overview", 0),
    ("Bodies", "partnership:body_list", 0),
    ("People", "partnership:person_list", 0),
    ("Groups", "partnership:group_list", 0),
    ("Meetings", "meetings:meeting_list", 0),
    ("Actions", "actions:action_log", 0),
    ("Decisions", "meetings:decision_list", 0),
    ("Crime data", "crime:crime_data", 0),
    ("Partner evidence", "evidence:index", 0),
    ("Assessments", "assessments:index", 0),
    ("Plan", "plan:plan_list", 0),
    ("Funding", "funding:pot_list", 0),
    ("Engagement", "engagement:event_list", 0),
    ("Reports", "reports:session_list", 0),
    ("Public site", "publishing:front", 0),
]


def partnership_navigation(*, path: str, partnership, level: int) -> list[dict]:
    """Navigation items of the partnership a reader with this access level may open, the one
    containing `path` marked active."""
    current = path
    items = []
    for label, name, minimum in PARTNERSHIP_NAV:
        if level < minimum:
            continue
        href = reverse(name, kwargs={"slug": partnership.slug})
        is_overview = name == "partnership:overview"
        active = current == href if is_overview else current.startswith(href)
        items.append({"text": label, "href": href, "active": active})
    return items
