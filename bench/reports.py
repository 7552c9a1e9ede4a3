"""Benchmark the accountability outputs on a partnership with 10 years of record.

Builds a throwaway test database with one partnership holding, for each of ten years, four
meetings of ten minute items, 40 actions, 12 decisions, four priorities, a plan with eight
measures and six objectives, quarterly values, four events, ten funding requests, a public
meeting, a public strategic assessment and a scrutiny session of 14 areas of questioning with
five linked records each and three recommendations. Then times, as the public and as a
coordinator: the latest pack page, its Word and PDF, the compliance page, a board update page,
Word and PDF, an annual report page, Word and PDF, a plan document page, Word and PDF, and the
partnership home page (with the coordinator's compliance summary). Prints the best of --repeat
runs in milliseconds.

Goal: page <= 1 s, Word/PDF <= 5 s.

Run: .venv/bin/python bench/reports.py [--years 10] [--repeat 3]
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")


def build(years: int):
    from decimal import Decimal

    from django.utils import timezone

    from accounts.factories import RoleFactory, UserFactory
    from actions.models import Action
    from assessments.models import Assessment
    from engagement.models import Event, PublicMeeting
    from funding.models import FundingRequest, Pot
    from meetings.models import Decision, Item, Meeting
    from partnership.factories import BodyFactory, GroupFactory, PartnershipFactory
    from plan.models import Measure, MeasureValue, Objective, Plan, Priority
    from reports.models import AnswerLink, LinkState, Question, ScrutinySession
    from reports.services import committee_create, recommendation_add

    p = PartnershipFactory(slug="bench")
    group = GroupFactory(partnership=p, name="Delivery Group")
    body = BodyFactory(partnership=p, name="Council", body_type="council")
    coordinator = UserFactory(email="coord@bench.example.org")
    RoleFactory(user=coordinator, partnership=p, role="coordinator")
    committee = committee_create(partnership=p, name="Crime and Disorder Committee", council="BC")
    first = 2016 - years
    for y in range(first, 2016):
        vis = ["public", "partners"]
        meetings = Meeting.objects.bulk_create(
            Meeting(partnership=p, group=group, date=dt.date(y, 3 * q + 2, 15), visibility="public")
            for q in range(4)
        )
        items = Item.objects.bulk_create(
            Item(
                meeting=m,
                number=str(n),
                position=n,
                title=f"Item {n} on crime and safety {y}",
                minutes="Anti-social behaviour and domestic abuse discussed.",
                visibility=vis[n % 2],
            )
            for m in meetings
            for n in range(1, 11)
        )
        actions = Action.objects.bulk_create(
            Action(
                partnership=p,
                meeting=meetings[i % 4],
                text=f"Action {i} on road safety {y}",
                owners_written="AB",
                visibility=vis[i % 2],
            )
            for i in range(40)
        )
        decisions = Decision.objects.bulk_create(
            Decision(
                partnership=p,
                title=f"Decision {i} on CCTV {y}",
                made_on=dt.date(y, i % 12 + 1, 10),
                visibility=vis[i % 2],
            )
            for i in range(12)
        )
        priorities = Priority.objects.bulk_create(
            Priority(partnership=p, year=y, name=name, visibility="public")
            for name in ("Anti-social behaviour", "Domestic abuse", "Road safety", "Drugs")
        )
        plan = Plan.objects.create(
            partnership=p,
            year=y,
            title=f"Plan {y}",
            status="agreed",
            agreed_on=dt.date(y, 3, 20),
            visibility="public",
        )
        objectives = Objective.objects.bulk_create(
            Objective(
                plan=plan,
                title=f"Objective {i} {y}",
                owner=body,
                short_term_target="Fewer offences",
                order=i,
                visibility="public",
            )
            for i in range(6)
        )
        for i, o in enumerate(objectives):
            o.priorities.add(priorities[i % 4])
        Assessment.objects.create(
            partnership=p,
            kind="strategic",
            title=f"Strategic assessment {y}",
            area_codes=["E07000110"],
            current_from=f"{y - 1}-11",
            current_to=f"{y}-10",
            baseline_from=f"{y - 2}-11",
            baseline_to=f"{y - 1}-10",
            status="done",
            completed=timezone.make_aware(dt.datetime(y, 11, 20)),
            visibility="public",
            result={
                "current": {"label": f"November {y - 1} to October {y}"},
                "baseline": {"label": f"November {y - 2} to October {y - 1}"},
                "totals": {
                    "current": 9000,
                    "baseline": 9500,
                    "percent_change": -5.3,
                    "direction": "down",
                    "rate_per_1000": 60.1,
                },
                "priorities": [
                    {"rank": r, "category": c, "score": 9 - r}
                    for r, c in enumerate(["Burglary", "Drugs", "Violence"], start=1)
                ],
            },
        )
        measures = Measure.objects.bulk_create(
            Measure(
                plan=plan,
                priority=priorities[i % 4],
                objective=objectives[i % 6],
                name=f"Measure {i}",
                definition="Count",
                unit="offences",
                polarity="down",
                frequency="quarterly",
                source="manual",
                target=Decimal(100),
                visibility="public",
            )
            for i in range(8)
        )
        MeasureValue.objects.bulk_create(
            MeasureValue(
                measure=m,
                period_start=dt.date(y, 3 * q + 1, 1),
                period_label=f"Q{q + 1} {y}",
                value=Decimal(90 + q * 5),
            )
            for m in measures
            for q in range(4)
        )
        events = Event.objects.bulk_create(
            Event(
                partnership=p,
                title=f"Stakeholder event {q} {y}",
                held_on=dt.date(y, 3 * q + 1, 20),
                visibility="public",
            )
            for q in range(4)
        )
        pot = Pot.objects.create(
            funder=body,
            partnership=p,
            name=f"Pot {y}",
            year=y,
            amount_pence=2_000_000,
            visibility="public",
        )
        FundingRequest.objects.bulk_create(
            FundingRequest(
                pot=pot,
                requesting_body=body,
                title=f"Request {i} {y}",
                purpose="Safety",
                amount_pence=100_000,
                status="paid",
                decided_on=dt.date(y, i + 1, 5),
                paid_on=dt.date(y, i + 1, 25),
                visibility="public",
            )
            for i in range(10)
        )
        PublicMeeting.objects.create(
            partnership=p, held_on=dt.date(y, 6, 1), venue="Hall", visibility="public"
        )
        session = ScrutinySession.objects.create(
            partnership=p,
            committee=committee,
            date=dt.date(y, 3, 14),
            session_type="annual_review",
            title=f"Annual review {y}",
            visibility="public",
        )
        questions = Question.objects.bulk_create(
            Question(
                session=session,
                number=n,
                text=f"Question {n} about CCTV and priorities",
                answer="Answered from the record." if n % 2 else "",
            )
            for n in range(1, 15)
        )
        pool = (
            [("item", i.pk) for i in items[:5]]
            + [("action", a.pk) for a in actions[:5]]
            + [("decision", d.pk) for d in decisions[:5]]
            + [("priority", x.pk) for x in priorities]
            + [("measure", m.pk) for m in measures[:4]]
            + [("event", e.pk) for e in events]
        )
        AnswerLink.objects.bulk_create(
            AnswerLink(
                question=q,
                kind=pool[(q.number * 5 + k) % len(pool)][0],
                object_id=pool[(q.number * 5 + k) % len(pool)][1],
                state=LinkState.ACCEPTED,
                order=k,
            )
            for q in questions
            for k in range(5)
        )
        for n in range(1, 4):
            recommendation_add(
                session=session,
                text=f"Recommendation {n} {y}",
                addressed_to=[body],
                response_due=dt.date(y, 6, 1),
            )
    return p, coordinator, session, plan


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from reports.services import (
            annual_report_draft,
            board_report_draft,
            board_report_issue,
        )

        started = time.perf_counter()
        p, coordinator, session, plan = build(args.years)
        report = board_report_issue(
            report=board_report_draft(partnership=p, quarter="2015-Q1"), on=dt.date(2015, 7, 10)
        )
        annual = board_report_issue(
            report=annual_report_draft(partnership=p, year="2014"), on=dt.date(2015, 5, 1)
        )
        print(f"Built {args.years} years of record in {time.perf_counter() - started:.1f} s")
        base = f"/p/{p.slug}/reports"
        pages = [
            ("pack page", f"{base}/scrutiny/{session.pk}/"),
            ("pack Word", f"{base}/scrutiny/{session.pk}/pack.docx"),
            ("pack PDF", f"{base}/scrutiny/{session.pk}/pack.pdf"),
            ("compliance page", f"{base}/compliance/"),
            ("board update page", f"{base}/board/{report.pk}/"),
            ("board update Word", f"{base}/board/{report.pk}/update.docx"),
            ("board update PDF", f"{base}/board/{report.pk}/update.pdf"),
            ("annual report page", f"{base}/annual/{annual.pk}/"),
            ("annual report Word", f"{base}/annual/{annual.pk}/report.docx"),
            ("annual report PDF", f"{base}/annual/{annual.pk}/report.pdf"),
            ("plan document page", f"{base}/plans/{plan.pk}/"),
            ("plan document Word", f"{base}/plans/{plan.pk}/plan.docx"),
            ("plan document PDF", f"{base}/plans/{plan.pk}/plan.pdf"),
            ("partnership home", f"/p/{p.slug}/"),
            ("sessions list", f"{base}/"),
        ]
        public, coord = Client(), Client()
        coord.force_login(coordinator)
        for label, url in pages:
            for who, client in (("public", public), ("coordinator", coord)):
                assert client.get(url).status_code == 200, (label, who)
                ms = best(lambda c=client, u=url: c.get(u), args.repeat)
                print(f"{label:20} {who:12} {ms:8.0f} ms")
        started = time.perf_counter()
        from reports.board import board_content

        board_content(partnership=p, quarter="2015-Q1")
        print(f"{'board draft':20} {'':12} {(time.perf_counter() - started) * 1000:8.0f} ms")
        from reports.board import annual_content

        started = time.perf_counter()
        annual_content(partnership=p, year="2014")
        print(f"{'annual draft':20} {'':12} {(time.perf_counter() - started) * 1000:8.0f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
