"""The pack as Word, PDF and JSON: A4, the questions in order, the same answers as the page."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from meetings.models import Decision
from plan.factories import PriorityFactory
from reports.factories import QuestionFactory, SessionFactory
from reports.services import answer_link_accept, question_answer

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points


@pytest.fixture
def session(world):
    p = world.partnership
    s = SessionFactory(partnership=p, date=dt.date(2011, 3, 14), title="Update from the CSP")
    decision = Decision.objects.create(
        partnership=p, title="CCTV with Medway", made_on=dt.date(2010, 12, 20), visibility="public"
    )
    hidden = PriorityFactory(partnership=p, name="Secret Priority", visibility="partners")
    texts = ["What about CCTV", "When are priorities confirmed", "Who decides"]
    for n, text in enumerate(texts, start=1):
        q = QuestionFactory(session=s, number=n, text=text)
        if n == 1:
            question_answer(question=q, answer="Decided on 20 December 2010 & reported later.")
            answer_link_accept(question=q, kind="decision", object_id=decision.pk)
            answer_link_accept(question=q, kind="priority", object_id=hidden.pk)
        if n == 3:
            question_answer(question=q, answer="The Cabinet Member.")
    return s


def _page_answers(html: str) -> list[str]:
    found = re.findall(r'<p class="govuk-body pack-answer[^"]*">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", a).replace("&amp;", "&").strip() for a in found]


def test_word_and_pdf_are_a4_with_the_pages_questions_and_answers(world, client_for, session):
    c = client_for("anonymous")
    base = f"/p/{world.slug}/reports/scrutiny/{session.pk}/"
    html = c.get(base).content.decode()
    answers = _page_answers(html)
    assert answers == [
        "Decided on 20 December 2010 & reported later.",
        "Not yet answered",
        "The Cabinet Member.",
    ]
    assert "&amp;amp;" not in html

    word = Document(io.BytesIO(c.get(base + "pack.docx").content))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert word.core_properties.title.startswith("Scrutiny pack: Update from the CSP")
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1. What about CCTV", "2. When are priorities confirmed", "3. Who decides"]
    texts = [p.text for p in word.paragraphs]
    for answer in answers:
        assert answer in texts
    assert any("CCTV with Medway (20 December 2010)" in t for t in texts)
    assert not any("Secret Priority" in t for t in texts)
    assert "1 linked record left out: you do not have access to them." in texts

    pdf = PdfReader(io.BytesIO(c.get(base + "pack.pdf").content))
    assert all(
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == A4 for p in pdf.pages
    )
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    positions = [
        text.index(f"{n}. {t}")
        for n, t in enumerate(
            ["What about CCTV", "When are priorities confirmed", "Who decides"], start=1
        )
    ]
    assert positions == sorted(positions)
    for answer in answers:
        assert answer in text
    assert "Secret Priority" not in text


def test_scrutiny_pack_command_prints_the_public_pack_as_json(world, session, capsys):
    call_command("scrutiny_pack", partnership=world.slug, session="2011-03-14", format="json")
    data = json.loads(capsys.readouterr().out)
    q1, q2, _ = data["questions"]
    assert (q1["number"], q1["text"], q1["answer"]) == (
        1,
        "What about CCTV",
        "Decided on 20 December 2010 & reported later.",
    )
    [record] = q1["records"]
    assert record["kind"] == "decision" and record["date"] == "2010-12-20"
    assert record["title"] == "CCTV with Medway"
    assert record["url"].endswith(f"/p/{world.slug}/meetings/decisions/{record['id']}/")
    assert q1["left_out"] == 1
    assert q2["answer"] is None and q2["records"] == []


def test_scrutiny_pack_command_names_a_missing_session(world, session):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no scrutiny session on 2011-03-15"):
        call_command("scrutiny_pack", partnership=world.slug, session="2011-03-15")
    with pytest.raises(CommandError, match="not a date"):
        call_command("scrutiny_pack", partnership=world.slug, session="14/03/2011")


def test_scrutiny_pack_command_writes_word(world, session, tmp_path):
    out = tmp_path / "pack.docx"
    call_command(
        "scrutiny_pack",
        partnership=world.slug,
        session="2011-03-14",
        format="docx",
        output=str(out),
    )
    assert Document(str(out)).paragraphs[0].text == "Update from the CSP"
