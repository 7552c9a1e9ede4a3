"""The record kinds a scrutiny answer can link to, in one registry.

Each kind says how to load its records for a partnership, what its title, date, figures and
text are, where its page is, and which records carry the visibility a reader must pass (the
record itself and, for an item or an objective, the meeting or plan it belongs to).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse

from actions.models import Action
from assessments.models import Assessment
from core.formatting import date_gb, money
from engagement.models import Event
from funding.models import FundingRequest
from meetings.models import Decision, Item
from plan.models import Measure, Objective, Priority


@dataclass(frozen=True)
class Kind:
    """One kind of record: how to find, describe and link to it."""

    key: str
    label: str
    # Any: each kind's callables take its own model (a Priority, a Decision, ...).
    queryset: Callable[[Any], QuerySet]
    title: Callable[[Any], str]
    date: Callable[[Any], dt.date | None]
    figures: Callable[[Any], str]
    url_name: str
    text: Callable[[Any], str]
    parents: Callable[[Any], list[Model]] = lambda r: []


def _priority_figures(p: Priority) -> str:
    parts = [f"Priority for {p.year_label}"]
    if p.evidence is not None:
        parts.append(f"evidence: {p.evidence.title}")
    return "; ".join(parts)


def _measure_figures(m: Measure) -> str:
    values = sorted(m.values.all(), key=lambda v: v.period_start)
    if not values:
        return "No values recorded"
    latest = values[-1]
    target = latest.effective_target
    text = f"{latest.period_label}: {latest.value:,} {m.unit}"
    if target is not None:
        text += f" against a target of {target:,}"
    if latest.rag:
        text += f" ({latest.rag.title()})"
    return text


def _measure_date(m: Measure) -> dt.date | None:
    values = [v.period_start for v in m.values.all()]
    return max(values) if values else None


def _decision_figures(d: Decision) -> str:
    follow = [f"{f.description}: {date_gb(f.date)}" for f in d.follow_ups.all()]
    return "; ".join(follow)


def _action_figures(a: Action) -> str:
    due = a.deadline_text or date_gb(a.deadline_date)
    return f"{a.get_status_display()}" + (f", due {due}" if due else "")


def _event_figures(e: Event) -> str:
    return f"Attendance: {e.attendance_text}"


def _request_figures(r: FundingRequest) -> str:
    return f"{money(r.amount_pence)}, {r.get_status_display().lower()}"


def _assessment_figures(a: Assessment) -> str:
    return f"{a.get_kind_display()}, {a.get_status_display().lower()}"


KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind(
            "priority",
            "Priority",
            lambda p: Priority.objects.filter(partnership=p).select_related("evidence"),
            lambda r: str(r),
            lambda r: dt.date(r.year, 4, 1),
            _priority_figures,
            "plan:priority_detail",
            lambda r: f"{r.name} {r.rationale}",
        ),
        Kind(
            "assessment",
            "Assessment",
            lambda p: Assessment.objects.filter(partnership=p),
            lambda r: r.title,
            lambda r: r.completed.date() if r.completed else None,
            _assessment_figures,
            "assessments:detail",
            lambda r: r.title,
        ),
        Kind(
            "decision",
            "Decision",
            lambda p: Decision.objects.filter(partnership=p).prefetch_related("follow_ups"),
            lambda r: r.title,
            lambda r: r.made_on,
            _decision_figures,
            "meetings:decision_detail",
            lambda r: f"{r.title} {r.text}",
        ),
        Kind(
            "item",
            "Minute item",
            lambda p: Item.objects.filter(meeting__partnership=p).select_related(
                "meeting", "meeting__group"
            ),
            lambda r: f"Item {r.number}: {r.title}",
            lambda r: r.meeting.date,
            lambda r: f"Minutes of {r.meeting.group.name}",
            "meetings:meeting_detail",
            lambda r: f"{r.title} {r.minutes}",
            lambda r: [r.meeting],
        ),
        Kind(
            "action",
            "Action",
            lambda p: Action.objects.filter(partnership=p).select_related("meeting"),
            lambda r: r.text,
            lambda r: r.meeting.date,
            _action_figures,
            "actions:action_detail",
            lambda r: r.text,
        ),
        Kind(
            "event",
            "Event",
            lambda p: Event.objects.filter(partnership=p).prefetch_related("findings"),
            lambda r: r.title,
            lambda r: r.held_on,
            _event_figures,
            "engagement:event_detail",
            lambda r: " ".join([r.title, r.summary, *(f.text for f in r.findings.all())]),
        ),
        Kind(
            "funding_request",
            "Funding request",
            lambda p: FundingRequest.objects.filter(pot__partnership=p).select_related("pot"),
            lambda r: r.title,
            lambda r: r.decided_on or r.submitted_on,
            _request_figures,
            "funding:request_detail",
            lambda r: f"{r.title} {r.purpose} {r.decision_note}",
            lambda r: [r.pot],
        ),
        Kind(
            "objective",
            "Plan objective",
            lambda p: Objective.objects.filter(plan__partnership=p).select_related("plan"),
            lambda r: r.title,
            lambda r: r.plan.agreed_on,
            lambda r: r.short_term_target or r.long_term_target,
            "plan:plan_detail",
            lambda r: f"{r.title} {r.short_term_target} {r.long_term_target}",
            lambda r: [r.plan],
        ),
        Kind(
            "measure",
            "Measure",
            lambda p: (
                Measure.objects.filter(plan__partnership=p)
                .select_related("plan")
                .prefetch_related("values")
            ),
            lambda r: r.name,
            _measure_date,
            _measure_figures,
            "plan:measure_detail",
            lambda r: f"{r.name} {r.definition}",
            lambda r: [r.plan],
        ),
    ]
}

KIND_CHOICES = [(k.key, k.label) for k in KINDS.values()]


def record_url(kind: Kind, record: Any, partnership) -> str:
    """The record's own page."""
    pk = record.plan_id if kind.key == "objective" else record.pk
    if kind.key == "item":
        pk = record.meeting_id
    return reverse(kind.url_name, kwargs={"slug": partnership.slug, "pk": pk})
