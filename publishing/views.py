"""The public site's pages: a front door per partnership that links to the record's own pages.

Each page reads the other apps' selectors as the request's user, so the public see public
records and a signed-in partner the same pages with whatever more their role allows.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.pages import page_context
from accounts.permissions import Access, access_level, partnership_view, require_visible
from accounts.services import feed_token_current
from meetings.selectors import decisions_visible
from partnership.models import Group, Partnership
from partnership.selectors import bodies_visible, groups_visible
from publishing import selectors
from publishing.feeds import FEED_KINDS, feed_links

SECTIONS = [
    ("publishing:partners", "Who the partners are"),
    ("publishing:meetings", "Meetings, agendas and minutes"),
    ("meetings:decision_list", "Decisions"),
    ("publishing:plan", "Plan and priorities"),
    ("publishing:reports", "Annual report and assessments"),
    ("publishing:have_your_say", "Public meetings and consultations"),
    ("publishing:feeds", "Follow by e-mail, RSS, Atom or calendar"),
]


def _today() -> dt.date:
    return timezone.localdate()


def _context(
    request: HttpRequest, partnership: Partnership, group: Group | None = None, **extra
) -> dict:
    """The page context with the feeds for the page's <link rel="alternate">: the
    partnership's, and the group's when the page is about one group."""
    links = feed_links(partnership) + (feed_links(partnership, group) if group else [])
    return page_context(
        request,
        partnership,
        group=group,
        feed_links=links,
        sections=[
            (reverse(name, kwargs={"slug": partnership.slug}), text) for name, text in SECTIONS
        ],
        **extra,
    )


@partnership_view()
def front(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The partnership's front page: what it is, what is coming up and what it decided."""
    user, today = request.user, _today()
    plan = selectors.current_plan(user=user, partnership=partnership)
    return render(
        request,
        "publishing/front.html",
        _context(
            request,
            partnership,
            upcoming=selectors.upcoming_meetings(
                user=user, partnership=partnership, on=today, limit=3
            ),
            minutes=list(selectors.published_minutes(user=user, partnership=partnership)[:3]),
            decisions=list(decisions_visible(user=user, partnership=partnership)[:3]),
            plan=plan,
            priorities=selectors.plan_priorities(user=user, partnership=partnership, plan=plan),
            public_meetings=selectors.public_meetings(user=user, partnership=partnership, on=today),
            consultations=selectors.consultations_open(
                user=user, partnership=partnership, on=today
            ),
            annual_report=selectors.latest_annual_report(partnership=partnership),
            today=today,
        ),
    )


@partnership_view()
def partners(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Who the partners are: the bodies, responsible authorities first, and the groups."""
    bodies = sorted(
        bodies_visible(user=request.user, partnership=partnership),
        key=lambda b: (not b.is_responsible_authority, b.name),
    )
    return render(
        request,
        "publishing/partners.html",
        _context(
            request,
            partnership,
            responsible=[b for b in bodies if b.is_responsible_authority],
            others=[b for b in bodies if not b.is_responsible_authority],
            groups=list(groups_visible(user=request.user, partnership=partnership)),
        ),
    )


@partnership_view()
def meetings(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Upcoming meetings with their agendas and papers, and the minutes published lately."""
    user = request.user
    group = None
    if request.GET.get("group", "").isdigit():
        group = get_object_or_404(Group, partnership=partnership, pk=request.GET["group"])
        require_visible(user, group, partnership)
    return render(
        request,
        "publishing/meetings.html",
        _context(
            request,
            partnership,
            group=group,
            groups=list(groups_visible(user=user, partnership=partnership)),
            upcoming=selectors.upcoming_meetings(
                user=user, partnership=partnership, on=_today(), group=group
            ),
            minutes=list(
                selectors.published_minutes(user=user, partnership=partnership, group=group)[:20]
            ),
            group_feeds=feed_links(partnership, group) if group else [],
        ),
    )


@partnership_view()
def plan(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The plan in force and its year's priorities."""
    current = selectors.current_plan(user=request.user, partnership=partnership)
    return render(
        request,
        "publishing/plan.html",
        _context(
            request,
            partnership,
            plan=current,
            priorities=selectors.plan_priorities(
                user=request.user, partnership=partnership, plan=current
            ),
        ),
    )


@partnership_view()
def reports(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The latest annual report and the summaries of the assessments the reader may read."""
    return render(
        request,
        "publishing/reports.html",
        _context(
            request,
            partnership,
            annual_report=selectors.latest_annual_report(partnership=partnership),
            assessments=selectors.assessment_summaries(user=request.user, partnership=partnership),
        ),
    )


@partnership_view()
def have_your_say(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Public meetings (the notice before, what was discussed after) and open consultations."""
    today = _today()
    return render(
        request,
        "publishing/have_your_say.html",
        _context(
            request,
            partnership,
            public_meetings=selectors.public_meetings(
                user=request.user, partnership=partnership, on=today
            ),
            consultations=selectors.consultations_open(
                user=request.user, partnership=partnership, on=today
            ),
            today=today,
        ),
    )


@partnership_view()
def feeds(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Every feed of the partnership and of each group the reader may see."""
    groups = list(groups_visible(user=request.user, partnership=partnership))
    user = request.user
    token = ""  # a partner's links carry their private feed token
    if isinstance(user, User) and access_level(user, partnership) >= Access.VIEWER:
        token = feed_token_current(user=user)
    return render(
        request,
        "publishing/feeds.html",
        _context(
            request,
            partnership,
            kinds=FEED_KINDS,
            group_feeds=[(g, feed_links(partnership, g)) for g in groups],
            token=token,
        ),
    )
