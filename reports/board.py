"""The quarterly board update: drafted from the record into plain JSON, frozen when issued.

Quarters are financial: `2010-Q3` is October to December 2010, the third quarter of 2010/11
(Q1 April–June, Q4 January–March of the next calendar year). Every item in the content keeps
its record's visibility, so one issued report is shown to each reader with only what they may
see (restricted items only to coordinators) and a count of what was left out.
"""

import datetime as dt
import re
from operator import attrgetter

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import Access, access_level
from actions.models import Action, ActionStatus
from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from assessments.selectors import assessments_visible
from core.formatting import date_gb
from engagement.models import Event, PublicMeeting
from funding.models import FundingRequest
from meetings.models import Decision
from plan.models import Priority, year_label
from reports.models import Recommendation

_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day of a financial quarter written YYYY-Qn."""
    m = _QUARTER.match(quarter or "")
    if not m:
        raise ValidationError({"quarter": f"{quarter!r} is not a quarter like 2010-Q3"})
    year, n = int(m.group(1)), int(m.group(2))
    start_month = 4 + 3 * (n - 1)
    start = dt.date(year + (start_month > 12), (start_month - 1) % 12 + 1, 1)
    end_month = start.month + 3
    end = dt.date(start.year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(1)
    return start, end


def quarter_label(quarter: str) -> str:
    start, end = quarter_bounds(quarter)
    fy = int(quarter[:4])
    return f"{start:%B} to {end:%B %Y} (Q{quarter[-1]} {year_label(fy)})"


def _url(name, p, pk) -> str:
    return reverse(name, kwargs={"slug": p.slug, "pk": pk})


def _item(record, title, date, url, **extra) -> dict:
    return {
        "id": record.pk,
        "title": title,
        "date": date.isoformat() if date else None,
        "url": url,
        "visibility": record.visibility,
        **extra,
    }


def _direction(values) -> str:
    if len(values) < 2:
        return "not enough values"
    a, b = values[-2].value, values[-1].value
    return "up" if b > a else "down" if b < a else "no change"


_YEAR = re.compile(r"^[0-9]{4}$")


def year_bounds(year: str) -> tuple[dt.date, dt.date]:
    """First and last day of the financial year starting April YYYY."""
    if not _YEAR.match(str(year or "")):
        raise ValidationError({"year": f"{year!r} is not a year like 2010"})
    y = int(year)
    return dt.date(y, 4, 1), dt.date(y + 1, 3, 31)


def board_content(*, partnership, quarter: str) -> dict:
    """The record for a quarter, as the JSON a board update is made of."""
    start, end = quarter_bounds(quarter)
    return {
        "quarter": quarter,
        "label": quarter_label(quarter),
        **_sections(partnership, start, end, int(quarter[:4])),
    }


def _sections(p, start: dt.date, end: dt.date, fy: int) -> dict:
    """The sections a board update and an annual report share, for a period of plan year fy."""
    priorities = []
    for pr in Priority.objects.filter(partnership=p, year=fy).prefetch_related("measures__values"):
        measures = []
        for m in pr.measures.all():
            values = sorted(
                (v for v in m.values.all() if v.period_start <= end), key=lambda v: v.period_start
            )
            latest = values[-1] if values else None
            measures.append(
                _item(
                    m,
                    m.name,
                    latest.period_start if latest else None,
                    _url("plan:measure_detail", p, m.pk),
                    value=str(latest.value) if latest else None,
                    unit=m.unit,
                    period=latest.period_label if latest else None,
                    target=str(latest.effective_target)
                    if latest and latest.effective_target is not None
                    else None,
                    rag=latest.rag if latest else None,
                    direction=_direction(values),
                )
            )
        done = open_ = overdue = 0
        for a in Action.objects.filter(
            plan_link__priority=pr, meeting__date__lte=end
        ).select_related("meeting__group"):
            if a.status == ActionStatus.DONE and a.closed_on and a.closed_on <= end:
                done += 1
            elif a.status != ActionStatus.DROPPED or (a.closed_on and a.closed_on > end):
                open_ += 1
                overdue += a.due_date is not None and a.due_date < end
        priorities.append(
            _item(
                pr,
                pr.name,
                None,
                _url("plan:priority_detail", p, pr.pk),
                measures=measures,
                actions={"done": done, "open": open_, "overdue": overdue},
            )
        )
    decisions = [
        _item(d, d.title, d.made_on, _url("meetings:decision_detail", p, d.pk))
        for d in Decision.objects.filter(partnership=p, made_on__range=(start, end)).order_by(
            "made_on"
        )
    ]
    requests = FundingRequest.objects.filter(pot__partnership=p).select_related("pot")
    approved = [
        _item(
            r,
            r.title,
            r.decided_on,
            _url("funding:request_detail", p, r.pk),
            amount_pence=r.amount_pence,
        )
        for r in requests.filter(
            decided_on__range=(start, end), status__in=["approved", "paid"]
        ).order_by("decided_on")
    ]
    spent = [
        _item(
            r,
            r.title,
            r.paid_on,
            _url("funding:request_detail", p, r.pk),
            amount_pence=r.amount_pence,
        )
        for r in requests.filter(paid_on__range=(start, end)).order_by("paid_on")
    ]
    events = [
        _item(
            e,
            e.title,
            e.held_on,
            _url("engagement:event_detail", p, e.pk),
            attendance=e.attendance_text,
        )
        for e in Event.objects.filter(partnership=p, held_on__range=(start, end)).order_by(
            "held_on"
        )
    ]
    exceptions = [
        a
        for a in Assessment.objects.filter(
            partnership=p, kind=AssessmentKind.EXCEPTIONS, status=AssessmentStatus.DONE
        )
        if a.completed and a.completed.date() <= end
    ]
    exceptions.sort(key=attrgetter("completed"))
    emerging = [
        _item(
            a,
            a.title,
            a.completed.date() if a.completed else None,
            _url("assessments:detail", p, a.pk),
        )
        for a in exceptions[-1:]
    ]
    return {
        "starts": start.isoformat(),
        "ends": end.isoformat(),
        "drafted_at": timezone.now().isoformat(timespec="seconds"),
        "priorities": priorities,
        "decisions": decisions,
        "approved": approved,
        "spent": spent,
        "events": events,
        "emerging": emerging,
    }


SECTIONS = [
    ("priorities", "Progress against the priorities"),
    ("decisions", "Decisions taken"),
    ("approved", "Money approved"),
    ("spent", "Money spent"),
    ("events", "Events held"),
    ("emerging", "Emerging issues (the latest exceptions report)"),
]


def annual_content(*, partnership, year: str) -> dict:
    """The record for a financial year, as the JSON an annual report is made of: the board
    update's sections for the year, the strategic assessment's headline figures and the
    priorities it recommended, public meetings held, and scrutiny recommendations with their
    responses."""
    p = partnership
    start, end = year_bounds(year)
    content = {
        "year": str(year),
        "label": f"April {start.year} to March {end.year} ({year_label(start.year)})",
        **_sections(p, start, end, start.year),
    }
    # The latest assessment the public may read whose period ends in or before the year
    # (an assessment's year is the data it covers, not the day it was run).
    strategic = [
        a
        for a in assessments_visible(
            user=AnonymousUser(), partnership=p, kind=AssessmentKind.STRATEGIC
        ).filter(status=AssessmentStatus.DONE, current_to__lte=f"{end:%Y-%m}")
        if a.result
    ]
    strategic.sort(key=lambda a: (a.current_to, a.completed or a.created))
    content["assessment"] = None
    if strategic:
        a = strategic[-1]
        r = a.result
        totals = r.get("totals") or {}
        content["assessment"] = _item(
            a,
            a.title,
            a.completed.date(),
            _url("assessments:detail", p, a.pk),
            period=(r.get("current") or {}).get("label"),
            baseline=(r.get("baseline") or {}).get("label"),
            headline=[
                {"label": "Crimes in the period", "value": _n(totals.get("current"))},
                {"label": "Crimes in the year before", "value": _n(totals.get("baseline"))},
                {"label": "Change", "value": _pct(totals.get("percent_change"))},
                {"label": "Direction", "value": totals.get("direction") or NOT_RECORDED},
                {"label": "Crimes per 1,000 residents", "value": _n(totals.get("rate_per_1000"))},
            ],
            recommended=[f"{x['rank']}. {x['category']}" for x in (r.get("priorities") or [])[:9]],
        )
    content["public_meetings"] = [
        _item(
            m,
            f"Public meeting at {m.venue}" if m.venue else str(m),
            m.held_on,
            _url("engagement:public_meeting_detail", p, m.pk),
            note=f"Summary: {m.summary}" if m.summary.strip() else "Summary not recorded",
        )
        for m in PublicMeeting.objects.filter(partnership=p, held_on__range=(start, end)).order_by(
            "held_on"
        )
    ]
    content["recommendations"] = [
        _item(
            r.session,
            f"Recommendation {r.number} ({r.session.title}): {r.text}",
            r.session.date,
            _url("reports:session_detail", p, r.session.pk),
            id=r.pk,
            note=f"{r.get_status_display()}. Response due {date_gb(r.response_due)}: "
            + (r.response_text.strip() or NOT_RECORDED),
        )
        for r in Recommendation.objects.filter(
            session__partnership=p, session__date__range=(start, end)
        ).select_related("session")
    ]
    return content


NOT_RECORDED = "Not recorded"


def _n(value) -> str:
    if value is None:
        return NOT_RECORDED
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _pct(value) -> str:
    return NOT_RECORDED if value is None else f"{value:+.1f}%"


ANNUAL_SECTIONS = [
    *SECTIONS[:-1],
    ("public_meetings", "Public meetings held"),
    ("recommendations", "Scrutiny recommendations and responses"),
    SECTIONS[-1],
]


def sections_for(content: dict) -> list[tuple[str, str]]:
    return ANNUAL_SECTIONS if "year" in content else SECTIONS


def board_for_reader(content: dict, *, user, partnership) -> tuple[dict, int]:
    """The content with only the items this reader may see, and how many were left out."""
    level = access_level(user, partnership)
    allowed = {"public"}
    if level >= Access.VIEWER:
        allowed.add("partners")
    if level >= Access.COORDINATOR:
        allowed.add("restricted")
    left_out = 0

    def keep(items):
        nonlocal left_out
        kept = []
        for item in items:
            if item["visibility"] not in allowed:
                left_out += 1
                continue
            item = {**item, "date_text": pretty_date(item.get("date"))}
            if "measures" in item:
                item = {**item, "measures": keep(item["measures"])}
            kept.append(item)
        return kept

    out = dict(content)
    for key, _ in sections_for(content):
        out[key] = keep(content.get(key, []))
    if content.get("assessment"):
        kept = keep([content["assessment"]])
        out["assessment"] = kept[0] if kept else None
    return out, left_out


def pretty_date(iso: str | None) -> str:
    return date_gb(dt.date.fromisoformat(iso)) if iso else "Not recorded"
