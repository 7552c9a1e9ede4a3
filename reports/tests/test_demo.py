"""The demo scrutiny session follows seed 000 and loads twice without change."""

import pytest
from django.core.management import call_command

from reports.models import ScrutinySession
from reports.selectors import scrutiny_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pack(tmp_path):
    for _ in range(2):
        call_command("load_demo", stdout=(tmp_path / "out.txt").open("w"))
    session = ScrutinySession.objects.get(date="2011-03-14")
    return scrutiny_pack(session=session, user=None)


def test_demo_session_has_the_reports_fourteen_areas_in_order(demo_pack):
    qs = demo_pack.questions
    assert [q.number for q in qs] == list(range(1, 15))
    assert qs[0].text.startswith("On what basis were the original 9 priorities formed")
    assert qs[13].text.endswith("assist in taking outcomes forward")
    assert ScrutinySession.objects.count() == 1


def test_demo_witnesses_appear_in_the_roles_the_report_gives(demo_pack):
    rows = [
        (w.display_name, w.role, w.organisation, w.person_id is None) for w in demo_pack.witnesses
    ]
    assert rows == [
        (
            "Martin Adams",
            "Chairman of the Safer Maidstone Partnership; Area Manager",
            "Kent Fire and Rescue Service",
            False,
        ),
        ("Robbie Graham", "Chief Inspector", "Kent Police", False),
        (
            "David Coleman",
            "Independent Chair of the Kent Police Authority Standards Committee",
            "Kent Police Authority",
            True,
        ),
    ]


def test_demo_answers_only_what_the_seeds_answer_and_links_evidence(demo_pack):
    answered = {q.number for q in demo_pack.questions if q.answered}
    assert answered == {2, 3, 7, 12, 13}
    by_number = {q.number: q for q in demo_pack.questions}
    assert {r.kind for r in by_number[2].records} == {"item", "priority"}
    assert [r.title for r in by_number[8].records] == [
        "CCTV: investigate a shared control centre with Medway Council"
    ]
    assert "17 March 2011" in by_number[8].records[0].figures
    assert "25 March 2011" in by_number[8].records[0].figures
    for n in answered:
        assert by_number[n].records, f"area {n} is answered with no evidence"
    assert by_number[1].answer_text == "Not yet answered"
    assert demo_pack.session.demonstration
