"""The action register's parts of meeting pages and minutes, registered with meetings.

Meetings never imports actions (the lower layer stays unaware of the higher one); instead this
module registers two functions with meetings.extensions when the app loads.
"""

import datetime as dt

from django.template.loader import render_to_string
from markupsafe import Markup

from accounts.permissions import is_coordinator
from actions import selectors
from meetings import extensions

PANEL_LIMIT = 100  # matters arising, and actions raised, a page of the meeting page


def minute_actions(*, user, meeting, item_ids: list[int]) -> dict:
    """Each item's ACTION and DEADLINE lines, as written, for the minutes."""
    out: dict[int, list[extensions.MinuteAction]] = {}
    rows = selectors.actions_of_meeting(user=user, meeting=meeting).filter(item_id__in=item_ids)
    for a in rows:
        out.setdefault(a.item_id, []).append(
            extensions.MinuteAction(owners=a.owners_written, deadline=a.deadline_text, text=a.text)
        )
    return out


def _page(request, name: str) -> int:
    value = request.GET.get(name, "")
    return max(1, min(int(value), 10_000)) if value.isdigit() else 1


def meeting_panel(request, meeting) -> Markup:
    """Matters arising and the actions raised, for the meeting page, each paged."""
    query = request.GET.copy()
    context = {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "can_manage": is_coordinator(request.user, meeting.partnership),
        "raised": selectors.actions_of_meeting_page(
            user=request.user, meeting=meeting, limit=PANEL_LIMIT, page=_page(request, "raised")
        ),
        "arising": selectors.matters_arising_page(
            user=request.user, meeting=meeting, limit=PANEL_LIMIT, page=_page(request, "arising")
        ),
        "page_url": lambda name, number: "?" + _with(query, name, number),
        "today": dt.date.today(),
    }
    return Markup(render_to_string("actions/_meeting_panel.html", context, request=request))  # noqa: S704 - autoescaped template


def _with(query, name: str, number: int) -> str:
    q = query.copy()
    q[name] = str(number)
    return q.urlencode()


def register() -> None:
    """Plug the action register into meeting pages and minutes."""
    extensions.register_minute_actions(minute_actions)
    extensions.register_meeting_panel(meeting_panel)
