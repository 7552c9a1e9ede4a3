"""Scrutiny sessions: the pack shows every question, links only what a reader may see, and
suggestions rank records by the question's words."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Decision
from plan.factories import PriorityFactory
from reports.factories import QuestionFactory, SessionFactory
from reports.models import LinkState
from reports.selectors import scrutiny_pack
from reports.services import (
    answer_link_accept,
    answer_link_reject,
    answer_links_suggest,
    question_answer,
    witness_add,
)
from reports.suggest import suggest_records

pytestmark = pytest.mark.django_db


def test_an_unanswered_question_reads_not_yet_answered_and_is_never_hidden(world, client_for):
    session = SessionFactory(partnership=world.partnership)
    QuestionFactory(session=session, number=1, text="When will the priorities be confirmed")
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/scrutiny/{session.pk}/")
    assert b"When will the priorities be confirmed" in page.content
    assert b"Not yet answered" in page.content
    assert b"None" not in page.content


def test_public_copy_counts_hidden_records_without_naming_them(world, client_for):
    session = SessionFactory(partnership=world.partnership)
    q = QuestionFactory(session=session, number=1)
    question_answer(question=q, answer="See the priorities.")
    for v in ("public", "partners"):
        p = PriorityFactory(partnership=world.partnership, name=f"{v} Linked", visibility=v)
        answer_link_accept(question=q, kind="priority", object_id=p.pk)
    public = scrutiny_pack(session=session, user=None)
    assert [r.title for r in public.questions[0].records] == ["public Linked (2011/12)"]
    assert public.hidden == 1
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/scrutiny/{session.pk}/")
    assert b"partners Linked" not in page.content
    assert b"1 linked record left out" in page.content
    viewer = scrutiny_pack(session=session, user=world.users["viewer"])
    assert len(viewer.questions[0].records) == 2 and viewer.hidden == 0


def test_suggestions_rank_records_by_the_questions_words(world):
    p = world.partnership
    cctv = Decision.objects.create(
        partnership=p,
        title="CCTV: a shared control centre with Medway",
        made_on=dt.date(2010, 12, 20),
        visibility="public",
    )
    Decision.objects.create(
        partnership=p,
        title="Fund a Christmas campaign",
        made_on=dt.date(2010, 11, 25),
        visibility="public",
    )
    q = QuestionFactory(
        session=SessionFactory(partnership=p),
        text="What is the stance on CCTV and the proposed relocation of the monitoring to Medway",
    )
    found = suggest_records(question=q)
    assert (found[0].kind, found[0].object_id) == ("decision", cctv.pk)
    assert all(s.title != "Fund a Christmas campaign" for s in found)


def test_a_rejected_suggestion_is_not_offered_again_and_an_accepted_one_shows(world):
    p = world.partnership
    d = Decision.objects.create(
        partnership=p,
        title="CCTV control centre",
        made_on=dt.date(2010, 12, 20),
        visibility="public",
    )
    q = QuestionFactory(session=SessionFactory(partnership=p), text="CCTV control centre?")
    [link] = answer_links_suggest(question=q)
    assert link.state == LinkState.SUGGESTED
    assert scrutiny_pack(session=q.session, user=None).questions[0].records == []
    answer_link_reject(link=link)
    assert answer_links_suggest(question=q) == []
    answer_link_accept(question=q, kind="decision", object_id=d.pk)
    [record] = scrutiny_pack(session=q.session, user=None).questions[0].records
    assert (record.title, record.date) == ("CCTV control centre", dt.date(2010, 12, 20))


def test_linking_another_partnerships_record_is_refused(world):
    other = PriorityFactory(partnership=world.other)
    q = QuestionFactory(session=SessionFactory(partnership=world.partnership))
    with pytest.raises(ValidationError):
        answer_link_accept(question=q, kind="priority", object_id=other.pk)


def test_a_witness_is_a_register_person_or_an_outsider_not_both(world):
    session = SessionFactory(partnership=world.partnership)
    with pytest.raises(ValidationError):
        witness_add(session=session, person=world.member_person, name="X", role="Chair")
    w = witness_add(session=session, name="An Outsider", role="Independent Chair")
    assert w.display_name == "An Outsider"


def test_coordinator_adds_a_question_through_the_form(world, client_for):
    session = SessionFactory(partnership=world.partnership)
    c = client_for("coordinator")
    url = f"/p/{world.slug}/reports/scrutiny/{session.pk}/questions/new/"
    assert c.post(url, {"text": ""}).status_code == 400
    assert c.post(url, {"text": "First"}).status_code == 302
    assert c.post(url, {"text": "Second"}).status_code == 302
    assert [q.number for q in session.questions.all()] == [1, 2]
