"""iCalendar feeds: a group's meetings, all the partnership's meetings, decision follow-ups.

Public meetings are open to anyone; a signed-in user, or the owner of the calendar token given
as ?token= (see "Your calendar feed"), also gets what they may read. Links in the feed use the
address the feed was fetched from (meetings.outputs.site_base)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.permissions import partnership_view, require_visible
from meetings import outputs, selectors
from meetings.models import Meeting
from meetings.views._common import feed_user
from partnership.models import Group, Partnership

ICS_TYPE = "text/calendar; charset=utf-8"


def _meeting_events(partnership: Partnership, meetings) -> list[dict]:
    return [
        outputs.meeting_event(
            m, reverse("meetings:meeting_detail", kwargs={"slug": partnership.slug, "pk": m.pk})
        )
        for m in meetings
    ]


@partnership_view()
def group_calendar(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A group's meetings as an iCalendar feed (private meetings need ?token=)."""
    user = feed_user(request)
    group = get_object_or_404(Group, partnership=partnership, pk=pk)
    require_visible(user, group, partnership)
    meetings = selectors.meetings_of_group(user=user, group=group)
    return HttpResponse(
        outputs.calendar(
            f"{group.name} meetings",
            _meeting_events(partnership, meetings),
            base_url=outputs.site_base(request),
        ),
        content_type=ICS_TYPE,
    )


@partnership_view()
def meetings_calendar(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Every group's meetings as one iCalendar feed (private meetings need ?token=)."""
    user = feed_user(request)
    meetings: list[Meeting] = list(
        selectors.meetings_visible(user=user, partnership=partnership).order_by(
            "date", "start_time"
        )
    )
    return HttpResponse(
        outputs.calendar(
            f"{partnership.name} meetings",
            _meeting_events(partnership, meetings),
            base_url=outputs.site_base(request),
        ),
        content_type=ICS_TYPE,
    )


@partnership_view()
def decisions_calendar(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Decision follow-up dates as an iCalendar feed (private decisions need ?token=)."""
    user = feed_user(request)
    events = [
        {
            "uid": f"follow-up-{f.pk}",
            "summary": f"{f.description} ({f.decision.title})",
            "date": f.date,
            "url": reverse(
                "meetings:decision_detail", kwargs={"slug": partnership.slug, "pk": f.decision_id}
            ),
        }
        for f in selectors.follow_ups_visible(user=user, partnership=partnership)
    ]
    return HttpResponse(
        outputs.calendar(
            f"{partnership.name}: decision follow-ups",
            events,
            base_url=outputs.site_base(request),
        ),
        content_type=ICS_TYPE,
    )
