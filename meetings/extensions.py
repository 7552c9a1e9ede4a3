"""Where higher layers plug into meeting pages and minutes without meetings importing them.

Meetings sits below actions (partnership ← meetings ← actions). The actions app registers, in its
AppConfig.ready():

- a *minute actions* provider: for a meeting, the ACTION and DEADLINE cells of each item, so the
  minutes (HTML, Word, PDF) can carry the council's three-column table;
- *meeting panels*: extra sections of the meeting page (actions raised, matters arising).

Meetings only calls what is registered; with nothing registered the minutes have empty ACTION
columns and the page has no extra sections.
"""

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class MinuteAction:
    """One line of the ACTION and DEADLINE columns."""

    owners: str
    deadline: str
    text: str = ""


# provider(user, meeting, item_ids) -> {item_id: [MinuteAction, ...]}
_minute_actions: list[Callable] = []
# panel(request, meeting) -> Markup
_meeting_panels: list[Callable] = []


def register_minute_actions(provider: Callable) -> None:
    """Register the function giving each item's ACTION and DEADLINE cells."""
    if provider not in _minute_actions:
        _minute_actions.append(provider)


def register_meeting_panel(panel: Callable) -> None:
    """Register a function rendering an extra section of the meeting page."""
    if panel not in _meeting_panels:
        _meeting_panels.append(panel)


def minute_actions(*, user, meeting, item_ids: list[int]) -> dict[int, list[MinuteAction]]:
    """The ACTION and DEADLINE lines of each visible item, from every registered provider."""
    out: dict[int, list[MinuteAction]] = {}
    for provider in _minute_actions:
        for item_id, rows in provider(user=user, meeting=meeting, item_ids=item_ids).items():
            out.setdefault(item_id, []).extend(rows)
    return out


def meeting_panels(request, meeting) -> list[Markup]:
    """The extra sections of the meeting page, rendered."""
    return [panel(request, meeting) for panel in _meeting_panels]
