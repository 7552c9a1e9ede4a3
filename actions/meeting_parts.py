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

PANEL_LIMIT = 100  # matters arising shown on the meeting page; the full list is one click away


def minute_actions(*, user, meeting, item_ids: list[int]) -> dict:
    """Each item's ACTION and DEADLINE lines, as written, for the minutes."""
    out: dict[int, list[extensions.MinuteAction]] = {}
    rows = selectors.actions_of_meeting(user=user, meeting=meeting).filter(item_id__in=item_ids)
    for a in rows:
        out.setdefault(a.item_id, []).append(
            extensions.MinuteAction(owners=a.owners_written, deadline=a.deadline_text, text=a.text)
        )
    return out


def meeting_panel(request, meeting) -> Markup:
    """Matters arising and the actions raised, for the meeting page."""
    context = {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "can_manage": is_coordinator(request.user, meeting.partnership),
        "actions": list(selectors.actions_of_meeting(user=request.user, meeting=meeting)),
        "arising": selectors.matters_arising(
            user=request.user, meeting=meeting, limit=PANEL_LIMIT + 1
        ),
        "limit": PANEL_LIMIT,
        "today": dt.date.today(),
    }
    return Markup(render_to_string("actions/_meeting_panel.html", context, request=request))  # noqa: S704 - autoescaped template


def register() -> None:
    """Plug the action register into meeting pages and minutes."""
    extensions.register_minute_actions(minute_actions)
    extensions.register_meeting_panel(meeting_panel)
