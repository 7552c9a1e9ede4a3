"""Writes for reports: scrutiny sessions, witnesses, questions, answers and their links,
recommendations and responses, and the compliance records. Each validates and saves."""

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import RoleName, User
from core import search
from core.services import record_save
from partnership.models import Partnership
from reports.board import annual_content, board_content
from reports.compliance import DUE_SOON_STATUS, OVERDUE, compliance_calendar
from reports.models import (
    AnswerLink,
    BoardReport,
    BoardStatus,
    Committee,
    ComplianceAlertSent,
    CopySent,
    DataReceipt,
    LinkState,
    PlanSentToPcc,
    Question,
    Recommendation,
    ReportKind,
    ResponseStatus,
    ScrutinySession,
    Witness,
)
from reports.records import KINDS
from reports.suggest import suggest_records


def committee_create(*, partnership, name: str, council: str) -> Committee:
    """Record a council's crime and disorder committee."""
    return record_save(Committee(partnership=partnership, name=name, council=council))


@transaction.atomic
def session_create(
    *,
    partnership,
    committee_name: str,
    council: str,
    date: dt.date,
    session_type: str,
    title: str,
    report_of: str = "",
    background: str = "",
    visibility: str = "public",
    demonstration: bool = False,
) -> ScrutinySession:
    """Record a scrutiny session, and the committee if it is new."""
    if ScrutinySession.objects.filter(partnership=partnership, date=date).exists():
        raise ValidationError({"date": "There is already a session on this date"})
    committee = Committee.objects.filter(partnership=partnership, name=committee_name).first()
    if committee is None:
        committee = committee_create(partnership=partnership, name=committee_name, council=council)
    return record_save(
        ScrutinySession(
            partnership=partnership,
            committee=committee,
            date=date,
            session_type=session_type,
            title=title,
            report_of=report_of,
            background=background,
            visibility=visibility,
            demonstration=demonstration,
        )
    )


def witness_add(
    *, session: ScrutinySession, person=None, name: str = "", role: str, organisation: str = ""
) -> Witness:
    """Add a witness, in the role they appear in on the session's date."""
    if person is not None and person.partnership_id != session.partnership_id:
        raise ValidationError({"person": "Choose a person of this partnership"})
    order = session.witnesses.count() + 1
    return record_save(
        Witness(
            session=session,
            person=person,
            name=name.strip(),
            role=role,
            organisation=organisation,
            order=order,
        )
    )


def question_add(*, session: ScrutinySession, text: str) -> Question:
    """Add an area of questioning after the last one."""
    last = session.questions.order_by("-number").values_list("number", flat=True).first()
    return record_save(Question(session=session, number=(last or 0) + 1, text=text.strip()))


def question_answer(*, question: Question, answer: str) -> Question:
    """Write (or clear) the short answer to an area of questioning."""
    question.answer = answer.strip()
    question.save(update_fields=["answer"])
    search.index(question)
    return question


def _check_record(question: Question, kind: str, object_id: int) -> None:
    if kind not in KINDS:
        raise ValidationError({"kind": f"Unknown kind of record: {kind}"})
    if not KINDS[kind].queryset(question.session.partnership).filter(pk=object_id).exists():
        raise ValidationError({"object_id": f"No {KINDS[kind].label.lower()} {object_id} here"})


def answer_link_accept(*, question: Question, kind: str, object_id: int) -> AnswerLink:
    """Link a record to a question as accepted evidence (new, or a suggestion accepted)."""
    _check_record(question, kind, object_id)
    link, created = AnswerLink.objects.get_or_create(
        question=question,
        kind=kind,
        object_id=object_id,
        defaults={"state": LinkState.ACCEPTED, "order": question.links.count() + 1},
    )
    if not created and link.state != LinkState.ACCEPTED:
        link.state = LinkState.ACCEPTED
        link.save(update_fields=["state"])
    return link


def answer_link_reject(*, link: AnswerLink) -> AnswerLink:
    """Reject a suggested (or accepted) record: it is not offered again."""
    link.state = LinkState.REJECTED
    link.save(update_fields=["state"])
    return link


@transaction.atomic
def answer_links_suggest(*, question: Question) -> list[AnswerLink]:
    """Offer the best-matching records as suggestions; never re-offer one already decided."""
    made = []
    order = question.links.count()
    for s in suggest_records(question=question):
        link, created = AnswerLink.objects.get_or_create(
            question=question,
            kind=s.kind,
            object_id=s.object_id,
            defaults={"state": LinkState.SUGGESTED, "score": s.score, "order": order + 1},
        )
        if created:
            order += 1
            made.append(link)
    return made


def recommendation_add(
    *, session: ScrutinySession, text: str, addressed_to: list, response_due: dt.date
) -> Recommendation:
    """Record a recommendation of the committee, addressed to one or more bodies."""
    if not addressed_to:
        raise ValidationError({"addressed_to": "Choose at least one responsible authority"})
    if any(b.partnership_id != session.partnership_id for b in addressed_to):
        raise ValidationError({"addressed_to": "Choose bodies of this partnership"})
    if response_due < session.date:
        raise ValidationError({"response_due": "The response must be due after the session"})
    last = session.recommendations.order_by("-number").values_list("number", flat=True).first()
    with transaction.atomic():
        rec = record_save(
            Recommendation(
                session=session, number=(last or 0) + 1, text=text, response_due=response_due
            )
        )
        rec.addressed_to.set(addressed_to)
    return rec


def recommendation_respond(
    *,
    recommendation: Recommendation,
    status: str,
    response_text: str,
    responded_on: dt.date | None,
    actions: Sequence = (),
) -> Recommendation:
    """Record the partnership's response to a recommendation and the actions taking it on."""
    if status != ResponseStatus.AWAITING and not response_text.strip():
        raise ValidationError({"response_text": "Enter the response"})
    if status != ResponseStatus.AWAITING and responded_on is None:
        raise ValidationError({"responded_on": "Enter the date of the response"})
    partnership_id = recommendation.session.partnership_id
    if any(a.partnership_id != partnership_id for a in actions):
        raise ValidationError({"actions": "Choose actions of this partnership"})
    recommendation.status = status
    recommendation.response_text = response_text.strip()
    recommendation.responded_on = responded_on
    with transaction.atomic():
        record_save(recommendation)
        recommendation.actions.set(actions)
    return recommendation


def copy_sent_record(*, recommendation: Recommendation, bodies: list, sent_on: dt.date) -> int:
    """Record that a copy went to each of these bodies on a date; returns how many are new."""
    new = 0
    for body in bodies:
        if body.partnership_id != recommendation.session.partnership_id:
            raise ValidationError({"bodies": "Choose bodies of this partnership"})
        _, created = CopySent.objects.get_or_create(
            recommendation=recommendation, body=body, defaults={"sent_on": sent_on}
        )
        new += created
    return new


def plan_sent_to_pcc_record(
    *, partnership, plan, sent_on: dt.date, note: str = "", visibility: str = "partners"
) -> PlanSentToPcc:
    """Record that a year's plan went to the Police and Crime Commissioner (reg 13A)."""
    if plan.partnership_id != partnership.pk:
        raise ValidationError({"plan": "Choose a plan of this partnership"})
    return record_save(
        PlanSentToPcc(
            partnership=partnership, plan=plan, sent_on=sent_on, note=note, visibility=visibility
        )
    )


def data_receipt_record(
    *, partnership, body, quarter_start: dt.date, received_on: dt.date, visibility="partners"
) -> DataReceipt:
    """Record that a responsible authority's depersonalised data for a quarter arrived (s17A)."""
    if body.partnership_id != partnership.pk:
        raise ValidationError({"body": "Choose a body of this partnership"})
    if quarter_start.day != 1 or quarter_start.month not in (1, 4, 7, 10):
        raise ValidationError({"quarter_start": "Enter the first day of a quarter"})
    receipt, _ = DataReceipt.objects.update_or_create(
        partnership=partnership,
        body=body,
        quarter_start=quarter_start,
        defaults={"received_on": received_on, "visibility": visibility},
    )
    return receipt


# Board updates -------------------------------------------------------------------------------


def _board_draft_only(report) -> None:
    if report.status != BoardStatus.DRAFT:
        raise ValidationError("An issued board update cannot change: reissue it as a new version")


def _report_content(*, partnership, kind: str, period: str) -> dict:
    if kind == ReportKind.ANNUAL:
        return annual_content(partnership=partnership, year=period)
    return board_content(partnership=partnership, quarter=period)


def _report_draft(*, partnership, kind: str, period: str, narrative: str):
    content = _report_content(partnership=partnership, kind=kind, period=period)
    last = (
        BoardReport.objects.filter(partnership=partnership, kind=kind, quarter=period)
        .order_by("-version")
        .first()
    )
    return record_save(
        BoardReport(
            partnership=partnership,
            kind=kind,
            quarter=period,
            version=(last.version + 1) if last else 1,
            narrative=narrative,
            content=content,
        )
    )


def board_report_draft(*, partnership, quarter: str, narrative: str = ""):
    """Draft a board update for a quarter from the record (a new version if one exists)."""
    return _report_draft(partnership=partnership, kind="board", period=quarter, narrative=narrative)


def annual_report_draft(*, partnership, year: str, narrative: str = ""):
    """Draft the annual report for the financial year starting April `year` from the record
    (a new version if one exists). Edited, issued and reissued like a board update."""
    return _report_draft(
        partnership=partnership, kind="annual", period=str(year), narrative=narrative
    )


def board_report_edit(*, report, narrative: str):
    """Edit a draft's chair's narrative (a board update or an annual report)."""
    _board_draft_only(report)
    report.narrative = narrative.strip()
    report.save(update_fields=["narrative"])
    search.index(report)
    return report


def board_report_refresh(*, report):
    """Redraft a draft's content from the record as it is now."""
    _board_draft_only(report)
    report.content = _report_content(
        partnership=report.partnership, kind=report.kind, period=report.quarter
    )
    report.save(update_fields=["content"])
    return report


@transaction.atomic
def board_report_issue(*, report, on: dt.date):
    """Issue a draft: its content is taken from the record now and frozen."""
    _board_draft_only(report)
    report.content = _report_content(
        partnership=report.partnership, kind=report.kind, period=report.quarter
    )
    report.status = BoardStatus.ISSUED
    report.issued_on = on
    report.save(update_fields=["content", "status", "issued_on"])
    search.index(report)
    return report


def board_report_reissue(*, report):
    """Start a new version of an issued report, from the record now, keeping the narrative."""
    return _report_draft(
        partnership=report.partnership,
        kind=report.kind,
        period=report.quarter,
        narrative=report.narrative,
    )


def _compliance_alert_claim(
    partnership: Partnership, email: str, week_of: dt.date, count: int
) -> bool:
    try:
        with transaction.atomic():
            ComplianceAlertSent.objects.create(
                partnership=partnership, email=email, week_of=week_of, duties=count
            )
    except IntegrityError:
        return False
    return True


def compliance_alerts_send(*, partnership: Partnership, on: dt.date) -> tuple[int, int]:
    """E-mail each coordinator the statutory duties overdue or due soon; once a week each.

    Returns (sent, skipped because already sent this week).
    """
    week_of = on - dt.timedelta(days=on.weekday())
    sent = skipped = 0
    coordinators = User.objects.filter(
        roles__partnership=partnership, roles__role=RoleName.COORDINATOR, is_active=True
    ).distinct()
    name = partnership.short_name or partnership.name
    link = settings.SITE_URL + reverse("reports:compliance", kwargs={"slug": partnership.slug})
    for user in coordinators:
        duties = [
            d
            for d in compliance_calendar(partnership=partnership, on=on, user=user)
            if d.status in (OVERDUE, DUE_SOON_STATUS)
        ]
        if not duties:
            continue
        if not _compliance_alert_claim(partnership, user.email.lower(), week_of, len(duties)):
            skipped += 1
            continue
        overdue = sum(1 for d in duties if d.status == OVERDUE)
        lines = [
            f"- {d.status.upper()}: {d.duty}"
            + (f", due {d.due.day} {d.due:%B %Y}" if d.due else "")
            + f" ({d.basis})"
            for d in duties
        ]
        send_mail(
            subject=f"{name}: statutory duties, {overdue} overdue, "
            f"{len(duties) - overdue} due within 30 days",
            message=f"Compliance calendar on {on.day} {on:%B %Y}.\n\n"
            + "\n".join(lines)
            + f"\n\nThe calendar: {link}\n\nCSP Hub\n",
            from_email=None,
            recipient_list=[user.email],
        )
        sent += 1
    return sent, skipped
