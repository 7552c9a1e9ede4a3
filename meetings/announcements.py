"""What the meeting record announces to e-mail alert subscribers (alerts.services.announce).

Minutes are "published" when a later meeting approves them: that is when the public may read
them (meetings.selectors.READABLE_BY_PUBLIC); circulated drafts are for the partners'
comments, not an alert. A decision is announced when it is recorded, to its group's
subscribers (a decision made by a role with no group has no group to follow and is not
announced). Each announcement carries the record's own visibility and readers, checked for
every subscriber when the e-mail is sent.
"""

from django.db.models import Max
from django.urls import reverse

from alerts.models import Kind
from alerts.services import announce
from core.formatting import date_gb
from meetings.models import Decision, Meeting


def _meeting_title(meeting: Meeting) -> str:
    return f"the meeting of {meeting.group.name}, {date_gb(meeting.date)}"


def minutes_published(*, meeting: Meeting) -> None:
    """Announce approved minutes, once per minutes version."""
    version = meeting.versions.aggregate(n=Max("number"))["n"] or 0
    announce(
        partnership=meeting.partnership,
        group=meeting.group,
        kind=Kind.MINUTES,
        title=f"Minutes of {_meeting_title(meeting)}",
        path=reverse(
            "meetings:minutes_html", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk}
        ),
        visibility=meeting.visibility,
        restricted_to=meeting.restricted_to.all(),
        key=f"minutes:{meeting.pk}:v{version}",
    )


def agenda_published(*, meeting: Meeting, version: int | str = 1) -> None:
    """Announce a meeting's published agenda, once per agenda version."""
    announce(
        partnership=meeting.partnership,
        group=meeting.group,
        kind=Kind.AGENDA,
        title=f"Agenda for {_meeting_title(meeting)}",
        path=reverse(
            "meetings:meeting_detail", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk}
        ),
        visibility=meeting.visibility,
        restricted_to=meeting.restricted_to.all(),
        key=f"agenda:{meeting.pk}:v{version}",
    )


def decision_recorded(*, decision: Decision) -> None:
    """Announce a decision to its group's subscribers."""
    if decision.made_by_group is None:
        return
    announce(
        partnership=decision.partnership,
        group=decision.made_by_group,
        kind=Kind.DECISION,
        title=f"Decision of {date_gb(decision.made_on)}: {decision.title}",
        path=reverse(
            "meetings:decision_detail",
            kwargs={"slug": decision.partnership.slug, "pk": decision.pk},
        ),
        visibility=decision.visibility,
        restricted_to=decision.restricted_to.all(),
        key=f"decision:{decision.pk}",
    )
