"""Reads for reports: sessions a user may see, and the scrutiny pack as one reader sees it."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from accounts.permissions import can_view, visible_q
from reports.models import (
    AnswerLink,
    BoardReport,
    BoardStatus,
    LinkState,
    Question,
    Recommendation,
    ResponseStatus,
    ScrutinySession,
)
from reports.records import KINDS, record_url

NOT_ANSWERED = "Not yet answered"


@dataclass(frozen=True)
class PackRecord:
    """A linked record as the pack shows it."""

    kind: str
    kind_label: str
    id: int
    title: str
    date: dt.date | None
    figures: str
    url: str


@dataclass
class PackQuestion:
    number: int
    text: str
    answer: str
    records: list[PackRecord] = field(default_factory=list)
    hidden: int = 0
    pk: int = 0

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def answer_text(self) -> str:
        return self.answer or NOT_ANSWERED


@dataclass
class Pack:
    session: ScrutinySession
    witnesses: list
    questions: list[PackQuestion]

    @property
    def hidden(self) -> int:
        return sum(q.hidden for q in self.questions)

    def as_json(self, base_url: str = "") -> dict:
        s = self.session
        return {
            "partnership": s.partnership.slug,
            "committee": s.committee.name,
            "council": s.committee.council,
            "session": s.date.isoformat(),
            "type": s.get_session_type_display(),
            "title": s.title,
            "witnesses": [
                {"name": w.display_name, "role": w.role, "organisation": w.organisation}
                for w in self.witnesses
            ],
            "questions": [
                {
                    "number": q.number,
                    "text": q.text,
                    "answer": q.answer or None,
                    "records": [
                        {
                            "kind": r.kind,
                            "id": r.id,
                            "title": r.title,
                            "date": r.date.isoformat() if r.date else None,
                            "url": base_url + r.url,
                        }
                        for r in q.records
                    ],
                    "left_out": q.hidden,
                }
                for q in self.questions
            ],
            "left_out": self.hidden,
        }


def sessions_visible(*, user, partnership):
    """The partnership's scrutiny sessions the user may read, newest first."""
    return (
        ScrutinySession.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("committee")
        .prefetch_related("questions")
        .distinct()
    )


def _visible(user, record, parents, partnership) -> bool:
    return all(can_view(user, r, partnership) for r in [record, *parents])


def scrutiny_pack(*, session: ScrutinySession, user) -> Pack:
    """The pack for one reader: each question, its answer and the accepted records they may
    see, counting (never naming) the ones left out."""
    partnership = session.partnership
    questions = list(
        Question.objects.filter(session=session).prefetch_related(
            Prefetch(
                "links",
                queryset=AnswerLink.objects.filter(state=LinkState.ACCEPTED),
                to_attr="accepted",
            )
        )
    )
    wanted: dict[str, set[int]] = defaultdict(set)
    for q in questions:
        for link in q.accepted:
            wanted[link.kind].add(link.object_id)
    loaded = {}
    for key, ids in wanted.items():
        kind = KINDS.get(key)
        if kind is None:
            continue
        for record in kind.queryset(partnership).filter(pk__in=ids):
            loaded[(key, record.pk)] = record
    out = []
    for q in questions:
        pq = PackQuestion(number=q.number, text=q.text, answer=q.answer, pk=q.pk)
        for link in q.accepted:
            record = loaded.get((link.kind, link.object_id))
            if record is None:
                continue  # deleted since: nothing to show
            kind = KINDS[link.kind]
            if not _visible(user, record, kind.parents(record), partnership):
                pq.hidden += 1
                continue
            pq.records.append(
                PackRecord(
                    kind=kind.key,
                    kind_label=kind.label,
                    id=record.pk,
                    title=kind.title(record),
                    date=kind.date(record),
                    figures=kind.figures(record),
                    url=record_url(kind, record, partnership),
                )
            )
        out.append(pq)
    witnesses = list(session.witnesses.select_related("person"))
    return Pack(session=session, witnesses=witnesses, questions=out)


def question_suggestions(*, question: Question, user) -> list[tuple[AnswerLink, PackRecord]]:
    """A question's links of every state with their records (for the coordinator)."""
    partnership = question.session.partnership
    rows = []
    for link in question.links.all():
        kind = KINDS.get(link.kind)
        record = kind.queryset(partnership).filter(pk=link.object_id).first() if kind else None
        if kind is None or record is None:
            continue
        rows.append(
            (
                link,
                PackRecord(
                    kind=kind.key,
                    kind_label=kind.label,
                    id=record.pk,
                    title=kind.title(record),
                    date=kind.date(record),
                    figures=kind.figures(record),
                    url=record_url(kind, record, partnership),
                ),
            )
        )
    return rows


def recommendations_tracker(*, user, partnership, on: dt.date) -> list[Recommendation]:
    """Every recommendation of the sessions the user may read, overdue ones first."""
    sessions = ScrutinySession.objects.filter(partnership=partnership).filter(
        visible_q(user, partnership)
    )
    recs: list[Any] = list(  # Recommendations, each given `overdue` for the tracker
        Recommendation.objects.filter(session__in=sessions)
        .select_related("session", "session__committee")
        .prefetch_related("addressed_to", "copies__body", "actions")
        .order_by("response_due", "session__date", "number")
    )
    for r in recs:
        r.overdue = r.status == ResponseStatus.AWAITING and r.response_due < on
    recs.sort(key=lambda r: (not r.overdue, r.response_due))
    return recs


def reports_issued(*, partnership, kind: str) -> list:
    """Issued board updates or annual reports, newest period and version first.

    An issued report is public (each reader's copy is filtered when shown, by
    `board.board_for_reader`); drafts stay with the coordinators' own pages.
    """
    return list(
        BoardReport.objects.filter(
            partnership=partnership, kind=kind, status=BoardStatus.ISSUED
        ).order_by("-quarter", "-version")
    )
