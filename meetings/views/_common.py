"""What the meeting pages share: loading a meeting the user may read, feed users, clashes."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.permissions import require_visible
from accounts.selectors import feed_token_owner
from core.formatting import date_gb
from meetings import selectors
from meetings.models import Meeting
from partnership.models import Partnership


def visible_meeting(request: HttpRequest, partnership: Partnership, pk: int) -> Meeting:
    """The meeting, if the user may read it and its group (else 404)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("group", "partnership", "approved_at"),
        partnership=partnership,
        pk=pk,
    )
    require_visible(request.user, meeting, partnership)
    require_visible(request.user, meeting.group, partnership)
    return meeting


def managed_meeting(partnership: Partnership, pk: int) -> Meeting:
    """A meeting of the partnership, for a coordinator's form."""
    return get_object_or_404(
        Meeting.objects.select_related("group", "partnership"), partnership=partnership, pk=pk
    )


def feed_user(request: HttpRequest):
    """The signed-in user, or the owner of a calendar feed token given as ?token=."""
    if request.user.is_authenticated:
        return request.user
    return feed_token_owner(request.GET.get("token", ""))


def clash_warnings(request: HttpRequest, meeting: Meeting) -> None:
    """Warn the coordinator of members invited to another meeting at the same time."""
    for name, other in selectors.meeting_clashes(meeting=meeting):
        messages.warning(
            request,
            f"Diary clash: {name} is also invited to {other.group.name} on {date_gb(other.date)}",
        )
