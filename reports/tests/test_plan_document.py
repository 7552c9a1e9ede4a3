"""The partnership plan document: the plan for a year as a page, Word and PDF (A4), with the
same priorities, objectives, targets, measures, owners and themes; hidden records left out."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from actions.factories import ActionFactory
from plan.factories import MeasureFactory, ObjectiveFactory, PlanFactory, PriorityFactory
from plan.models import ActionLink

pytestmark = pytest.mark.django_db

A4 = (595, 842)


@pytest.fixture
def plan(world):
    p = world.partnership
    plan = PlanFactory(partnership=p, year=2011, title="Safer Borough Plan", summary="")
    dv = PriorityFactory(partnership=p, year=2011, name="Domestic Abuse", rationale="")
    PriorityFactory(partnership=p, year=2011, name="Partners Priority", visibility="partners")
    PriorityFactory(partnership=p, year=2010, name="Last Year Priority")
    o = ObjectiveFactory(
        plan=plan,
        title="Reduce repeat victims",
        owner=world.bodies["public"],
        short_term_target="10% fewer repeat victims by March 2012",
    )
    o.priorities.add(dv)
    ObjectiveFactory(plan=plan, title="Hidden Owner Objective", owner=world.bodies["partners"])
    MeasureFactory(plan=plan, objective=o, priority=dv, name="Repeat victims", target=120)
    MeasureFactory(plan=plan, name="Partners Measure", visibility="partners")
    action = ActionFactory(meeting__group=world.groups["public"], visibility="public")
    ActionLink.objects.create(action=action, priority=dv, theme="prevention")
    return plan


def _texts(world, client, plan):
    base = f"/p/{world.slug}/reports/plans/{plan.pk}/"
    page = client.get(base)
    assert page.status_code == 200
    word = Document(io.BytesIO(client.get(base + "plan.docx").content))
    pdf = PdfReader(io.BytesIO(client.get(base + "plan.pdf").content))
    return page.content.decode(), word, pdf


def test_the_plan_document_page_word_and_pdf_agree(world, client_for, plan):
    html, word, pdf = _texts(world, client_for("anonymous"), plan)
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert word.core_properties.title == "Partnership plan: Safer Borough Plan 2011/12"
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    for h in ("Priorities", "Objectives and targets", "Measures", "Themes"):
        assert h in headings
    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    word_text = " ".join(p.text for p in word.paragraphs) + " " + cells
    assert all(
        (round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) == A4
        for pg in pdf.pages
    )
    pdf_text = " ".join(" ".join(pg.extract_text() for pg in pdf.pages).split())
    for text in (
        "Domestic Abuse",
        "Reduce repeat victims",
        "Public Body",
        "10% fewer repeat victims by March 2012",
        "Repeat victims",
        "120 offences",
        "Prevention: 1 action (Domestic Abuse)",
        "Enforcement: 0 actions",
        "Not recorded",
        "2 records left out",
        "Not shown: you do not have access",
    ):
        assert text in html, text
        assert text in word_text, text
        assert text in pdf_text, text
    for hidden in ("Partners Priority", "Partners Measure", "Partners Body", "Last Year Priority"):
        assert hidden not in html and hidden not in word_text and hidden not in pdf_text


def test_a_partner_sees_the_partners_records(world, client_for, plan):
    html, _, _ = _texts(world, client_for("viewer"), plan)
    assert "Partners Priority" in html and "Partners Measure" in html
    assert "Partners Body" in html


def test_a_hidden_plan_is_not_found(world, client_for, plan):
    plan.visibility = "partners"
    plan.save()
    base = f"/p/{world.slug}/reports/plans/{plan.pk}/"
    for suffix in ("", "plan.docx", "plan.pdf"):
        assert client_for("anonymous").get(base + suffix).status_code == 404
