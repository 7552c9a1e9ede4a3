"""What engagement announces to e-mail alert subscribers: a public meeting's notice.

A public meeting belongs to the partnership, not a group, so its notice goes to everyone who
asked for public-meeting notices from any of the partnership's groups (once each).
"""

from django.urls import reverse

from alerts.models import Kind
from alerts.services import announce
from core.formatting import date_gb
from engagement.models import PublicMeeting


def public_meeting_notice(*, meeting: PublicMeeting) -> None:
    """Announce a public meeting once its notice is published."""
    if meeting.notice_published_on is None:
        return
    announce(
        partnership=meeting.partnership,
        group=None,
        kind=Kind.PUBLIC_MEETING,
        title=f"Public meeting on {date_gb(meeting.held_on)} at {meeting.venue}",
        path=reverse(
            "engagement:public_meeting_detail",
            kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk},
        ),
        visibility=meeting.visibility,
        restricted_to=meeting.restricted_to.all(),
        key=f"public-meeting:{meeting.pk}:notice",
    )
