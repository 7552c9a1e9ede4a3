"""The statutory compliance calendar, computed from the record.

Each duty has a due date and a status on a given day:

- **met**: done, and the next time it falls due is more than DUE_SOON days away;
- **due soon**: due within DUE_SOON days (the due date itself included) and not yet done;
- **overdue**: the due date has passed and it has not been done;
- **not applicable**: the duty does not apply (no plan agreed yet; before Police and Crime
  Commissioners existed; no responsible authorities);
- **no record**: CSP Hub holds nothing either way, so it cannot tell.

Annual duties are read as "within 12 months of the last time" (our reading of "each year",
so a year with no public meeting shows as overdue from the anniversary of the last one). The
plan must go to the PCC within a month of being agreed and each quarter's depersonalised data
within a month of the quarter's end: both periods are our reading, not the regulations'.
Statuses are computed from every record; evidence lists only what the reader may see.
"""

import datetime as dt
from dataclasses import dataclass, field
from operator import attrgetter

from django.urls import reverse

from accounts.permissions import can_view
from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from engagement.models import PublicMeeting
from partnership.models import RESPONSIBLE_AUTHORITY_TYPES, Body
from plan.models import Plan, PlanStatus
from reports.models import DataReceipt, PlanSentToPcc, ScrutinySession

DUE_SOON = dt.timedelta(days=30)
PCC_FROM = dt.date(2012, 11, 22)  # the first Police and Crime Commissioners took office

MET, DUE_SOON_STATUS, OVERDUE, NOT_APPLICABLE, NO_RECORD = (
    "met",
    "due soon",
    "overdue",
    "not applicable",
    "no record",
)


@dataclass(frozen=True)
class Evidence:
    kind: str
    id: int
    title: str
    date: dt.date | None
    url: str = ""


@dataclass
class Duty:
    key: str
    duty: str
    basis: str
    due: dt.date | None
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""
    left_out: int = 0

    def as_json(self) -> dict:
        return {
            "duty": self.duty,
            "basis": self.basis,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "note": self.note,
            "evidence": [
                {
                    "kind": e.kind,
                    "id": e.id,
                    "title": e.title,
                    "date": e.date.isoformat() if e.date else None,
                }
                for e in self.evidence
            ],
            "left_out": self.left_out,
        }


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day some months later (the month's last day if it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _status(*, done: bool, due: dt.date, on: dt.date) -> str:
    if done:
        return MET
    if on > due:
        return OVERDUE
    return DUE_SOON_STATUS if due - on <= DUE_SOON else MET


def _rolling(on: dt.date, last: dt.date | None) -> tuple[dt.date | None, str]:
    """Due 12 months after the last time; met until DUE_SOON before that."""
    if last is None:
        return None, NO_RECORD
    due = add_months(last, 12)
    if on > due:
        return due, OVERDUE
    return due, DUE_SOON_STATUS if due - on <= DUE_SOON else MET


class _Reader:
    """Keeps the evidence a reader may see and counts the rest."""

    def __init__(self, user, partnership):
        self.user, self.partnership = user, partnership

    def pick(self, duty: Duty, records: list, make) -> Duty:
        for r in records:
            if can_view(self.user, r, self.partnership):
                duty.evidence.append(make(r))
            else:
                duty.left_out += 1
        return duty


def _url(name, partnership, pk) -> str:
    return reverse(name, kwargs={"slug": partnership.slug, "pk": pk})


def strategic_assessment(p, on, reader) -> Duty:
    done = [
        a
        for a in Assessment.objects.filter(
            partnership=p, kind=AssessmentKind.STRATEGIC, status=AssessmentStatus.DONE
        )
        if a.completed and a.completed.date() <= on
    ]
    done.sort(key=attrgetter("completed"))
    last = done[-1] if done else None
    due, status = _rolling(on, last.completed.date() if last and last.completed else None)
    duty = Duty(
        "strategic_assessment",
        "Annual strategic assessment",
        "SI 2007/1830 (strategic assessment)",
        due,
        status,
    )
    return reader.pick(
        duty,
        [last] if last else [],
        lambda a: Evidence(
            "assessment", a.pk, a.title, a.completed.date(), _url("assessments:detail", p, a.pk)
        ),
    )


def plan_revised(p, on, reader) -> Duty:
    plans = list(
        Plan.objects.filter(
            partnership=p,
            status__in=[PlanStatus.AGREED, PlanStatus.SUPERSEDED],
            agreed_on__lte=on,
        ).order_by("agreed_on")
    )
    last = plans[-1] if plans else None
    due, status = _rolling(on, last.agreed_on if last else None)
    duty = Duty(
        "plan_revised",
        "Partnership plan revised each year",
        "SI 2007/1830 (partnership plan)",
        due,
        status,
    )
    return reader.pick(
        duty,
        [last] if last else [],
        lambda x: Evidence("plan", x.pk, x.title, x.agreed_on, _url("plan:plan_detail", p, x.pk)),
    )


def _authorities(p):
    return list(Body.objects.filter(partnership=p, body_type__in=RESPONSIBLE_AUTHORITY_TYPES))


def public_meeting_problems(
    meeting: PublicMeeting, authorities: list[Body], on: dt.date | None = None
) -> list[str]:
    """Why a public meeting does not meet reg 12 on a day (empty if it does).

    The notice counts only if it was published ahead of the meeting and the summary only if it
    was published after it, each by the day asked about (engagement's PublicMeeting says when
    each is published; the public site shows them from the same dates).
    """
    on = on or dt.date.max
    problems = []
    if not meeting.notice_is_published(on):
        problems.append(
            "notice published after the meeting"
            if meeting.notice_published_on and meeting.notice_published_on <= on
            else "no notice published"
        )
    if not meeting.summary_is_published(on):
        problems.append(
            "summary published before the meeting"
            if meeting.summary_published_on
            and meeting.summary_published_on < meeting.held_on
            and meeting.summary.strip()
            else "no summary published"
        )
    present = {a.body_id for a in meeting.attendees.all()}
    missing = [b.name for b in authorities if b.pk not in present]
    if missing:
        problems.append(
            f"{len(missing)} responsible authorit{'y' if len(missing) == 1 else 'ies'} not represented"
        )
    return problems


def public_meeting(p, on, reader) -> Duty:
    authorities = _authorities(p)
    meetings = list(
        PublicMeeting.objects.filter(partnership=p, held_on__lte=on)
        .prefetch_related("attendees")
        .order_by("held_on")
    )
    good = [m for m in meetings if not public_meeting_problems(m, authorities, on)]
    last = good[-1] if good else None
    due, status = _rolling(on, last.held_on if last else None)
    note = ""
    later = [m for m in meetings if last is None or m.held_on > last.held_on]
    if later:
        m = later[-1]
        note = f"The meeting of {m.held_on.day} {m.held_on:%B %Y} does not count: " + ", ".join(
            public_meeting_problems(m, authorities, on)
        )
    duty = Duty(
        "public_meeting",
        "At least one public meeting a year, attended by a senior person from every "
        "responsible authority, with its notice and a summary published",
        "SI 2007/1830 reg 12",
        due,
        status,
        note=note,
    )
    return reader.pick(
        duty,
        [last] if last else [],
        lambda m: Evidence(
            "public_meeting",
            m.pk,
            str(m),
            m.held_on,
            _url("engagement:public_meeting_detail", p, m.pk),
        ),
    )


def plan_sent_to_pcc(p, on, reader) -> Duty:
    basis = "SI 2007/1830 reg 13A"
    name = "Partnership plan sent to the Police and Crime Commissioner"
    if on < PCC_FROM:
        return Duty(
            "plan_to_pcc",
            name,
            basis,
            None,
            NOT_APPLICABLE,
            note="Before 22 November 2012 there were no Police and Crime Commissioners",
        )
    plan = (
        Plan.objects.filter(
            partnership=p,
            status__in=[PlanStatus.AGREED, PlanStatus.SUPERSEDED],
            agreed_on__lte=on,
        )
        .order_by("-agreed_on")
        .first()
    )
    if plan is None:
        return Duty("plan_to_pcc", name, basis, None, NOT_APPLICABLE, note="No plan agreed yet")
    due = add_months(max(plan.agreed_on or PCC_FROM, PCC_FROM), 1)
    sent = list(PlanSentToPcc.objects.filter(plan=plan, sent_on__lte=on))
    duty = Duty("plan_to_pcc", name, basis, due, _status(done=bool(sent), due=due, on=on))
    return reader.pick(
        duty,
        sent,
        lambda s: Evidence(
            "plan_sent_to_pcc", s.pk, str(s), s.sent_on, _url("plan:plan_detail", p, s.plan_id)
        ),
    )


def scrutiny(p, on, reader) -> Duty:
    sessions = list(ScrutinySession.objects.filter(partnership=p, date__lte=on).order_by("date"))
    last = sessions[-1] if sessions else None
    due, status = _rolling(on, last.date if last else None)
    duty = Duty(
        "scrutiny",
        "Scrutiny by the crime and disorder committee at least once every 12 months",
        "Police and Justice Act 2006 s19; SI 2009/942 reg 3",
        due,
        status,
    )
    return reader.pick(
        duty,
        [last] if last else [],
        lambda s: Evidence(
            "scrutiny_session", s.pk, str(s), s.date, _url("reports:session_detail", p, s.pk)
        ),
    )


def quarter_before(on: dt.date) -> tuple[dt.date, dt.date]:
    """The last calendar quarter that ended before this day: its first and last days."""
    start = dt.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)  # this quarter
    prev_start = add_months(start, -3)
    return prev_start, start - dt.timedelta(days=1)


def data_sharing(p, on, reader) -> Duty:
    name = "Quarterly depersonalised data from each responsible authority"
    basis = "Crime and Disorder Act 1998 s17A; SI 2007/1831"
    authorities = _authorities(p)
    if not authorities:
        return Duty(
            "data_s17a",
            name,
            basis,
            None,
            NOT_APPLICABLE,
            note="No responsible authorities in the register",
        )
    if not DataReceipt.objects.filter(partnership=p).exists():
        return Duty(
            "data_s17a", name, basis, None, NO_RECORD, note="No data receipts recorded in CSP Hub"
        )
    start, end = quarter_before(on)
    due = add_months(end + dt.timedelta(days=1), 1) - dt.timedelta(days=1)
    receipts = list(
        DataReceipt.objects.filter(partnership=p, quarter_start=start, received_on__lte=on)
        .select_related("body")
        .order_by("body__name")
    )
    got = {r.body_id for r in receipts}
    missing = [b for b in authorities if b.pk not in got]
    duty = Duty("data_s17a", name, basis, due, _status(done=not missing, due=due, on=on))
    if missing:
        shown = [b.name for b in missing if can_view(reader.user, b, p)]
        duty.note = f"Not yet received for the quarter from {start.day} {start:%B %Y}: " + (
            ", ".join(shown) if shown else f"{len(missing)} authorities"
        )
    return reader.pick(
        duty,
        receipts,
        lambda r: Evidence("data_receipt", r.pk, str(r), r.received_on),
    )


DUTIES = [
    strategic_assessment,
    plan_revised,
    public_meeting,
    plan_sent_to_pcc,
    scrutiny,
    data_sharing,
]


def compliance_calendar(*, partnership, on: dt.date, user=None) -> list[Duty]:
    """Every statutory duty's due date and status on a day, with the evidence the user may see."""
    reader = _Reader(user, partnership)
    return [duty(partnership, on, reader) for duty in DUTIES]
