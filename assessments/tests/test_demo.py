"""The demo: synthetic Maidstone data, labelled as such on every page, chart and document."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from assessments.demo import load, load_crime
from assessments.models import Assessment, PartnerMeasure
from core.testing.documents import docx_heading_texts, docx_page_mm, pdf_report
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

NOTICE = "Demonstration data — not real crime figures"


@pytest.fixture
def demo_store(settings, tmp_path):
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    return tmp_path / "data" / "crime"


def test_demo_assessments_say_they_are_demonstration_data_everywhere(demo_store, client):
    partnership = PartnershipFactory(
        name="Safer Maidstone", slug="safer-maidstone", area_codes=["E07000110"]
    )
    load(partnership)
    strategic = Assessment.objects.get(partnership=partnership, kind="strategic")
    exceptions = Assessment.objects.get(partnership=partnership, kind="exceptions")
    for assessment in (strategic, exceptions):
        assert assessment.demonstration and assessment.result["demonstration"]
        assert assessment.result["narrative"][0].startswith(NOTICE)
        base = f"/p/{partnership.slug}/assessments/{assessment.pk}/"
        page = client.get(base).content.decode()
        assert NOTICE in page
        if assessment.kind == "strategic":
            # Every chart carries the notice inside the SVG itself.
            assert page.count("<svg") == page.count(f">{NOTICE}</text>") >= 3
        word = Document(io.BytesIO(client.get(base + "download.docx").content))
        assert NOTICE in "\n".join(p.text for p in word.paragraphs)
        response = client.get(base + "download.pdf")
        pdf = PdfReader(io.BytesIO(response.content))
        assert all(NOTICE in page.extract_text() for page in pdf.pages)
        _check_documents(assessment, response, client.get(base + "download.docx"))
    peers = {a["name"] for a in strategic.result["peers"]["areas"]}
    assert "Maidstone" in peers and len(peers) > 5
    # Seed 002 item 7.1: burglary up, "but these are still low against overall county figures".
    for assessment in (strategic, exceptions):
        sentences = [r["sentence"] for r in assessment.result["comparators"]["rows"]]
        assert any(
            s and s.startswith("Burglary is still low against overall county") for s in sentences
        )
    assert strategic.result["comparators"]["peers"] == []  # the seeds name no similar areas


def _check_documents(assessment, pdf_response, word_response) -> None:
    """PDF/UA essentials (read with pypdf) and charts in both; the Word file A4 landscape."""
    report = pdf_report(pdf_response.content)
    assert report.has_struct_tree and report.marked and report.display_doc_title
    assert report.lang == "en-GB"
    assert report.title.startswith(
        ("Strategic assessment: Maidstone", "Performance exceptions report: Maidstone")
    )
    assert report.tags["/H1"] == 1 and report.tags["/Table"] >= 2
    charts = (
        # The funnel, trend and priorities, and one per partner dataset (issue 15).
        3 + len(assessment.result.get("partner_evidence", {}).get("charts", []))
        if assessment.kind == "strategic"
        else len(assessment.result["exceptions"])
    )
    # Every chart is a tagged figure whose alternative text is the chart's title.
    assert len(report.figure_alts) == charts and all(report.figure_alts)
    assert pdf_response["Content-Disposition"].endswith(
        '-maidstone-2009-11-to-2010-10.pdf"'
        if assessment.kind == "strategic"
        else '-maidstone-2010-10.pdf"'
    )
    assert docx_page_mm(word_response.content) == (297.0, 210.0)
    word = Document(io.BytesIO(word_response.content))
    assert len(word.inline_shapes) == charts
    assert word.core_properties.author == "Safer Maidstone"
    assert "Heading 1" in docx_heading_texts(word_response.content)


def test_the_demo_has_no_repeat_domestic_abuse_figures(demo_store):
    """Seed 002 item 7.1: "figures for repeat victims are not available"."""
    partnership = PartnershipFactory(slug="safer-maidstone", area_codes=["E07000110"])
    PartnerMeasure.objects.create(partnership=partnership, name="Repeat domestic abuse victims")
    load(partnership)
    names = set(
        PartnerMeasure.objects.filter(partnership=partnership).values_list("name", flat=True)
    )
    assert "Repeat domestic abuse victims" not in names
    assert names == {"Abandoned vehicles"}


def test_demo_crime_data_are_deterministic_and_loading_twice_changes_nothing(demo_store):
    from crime.store import Store

    store = Store(demo_store)
    load_crime(store=store)
    first = store.fingerprint()
    assert "already loaded" in load_crime(store=store)
    assert store.fingerprint() == first


def test_demo_crime_data_are_labelled_on_the_crime_pages_and_in_the_import_log(demo_store, client):
    """Issue 9: the public Crime data page showed the synthetic data as police.uk data, and the
    imports page said "Nothing has been imported yet" beside the list of 36 files."""
    from accounts.factories import RoleFactory, UserFactory

    partnership = PartnershipFactory(slug="safer-maidstone", area_codes=["E07000110"])
    load(partnership)
    page = client.get(f"/p/{partnership.slug}/crime/").content.decode()
    assert "Demonstration data — not real crime figures." in page
    assert "They are not police.uk data." in page
    assert "from police.uk (Open Government Licence v3.0) for" not in page

    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role="viewer")
    client.force_login(user)
    log = client.get(f"/p/{partnership.slug}/crime/imports/").content.decode()
    assert "Nothing has been imported yet" not in log
    assert log.count("2007-11-kent-street.csv") == 1
    assert "Demonstration data: synthetic Kent street files (not real crime figures)" in log
    assert log.count(">Demonstration data<") >= 36 or log.count("Demonstration data") >= 36

    strategic = Assessment.objects.get(partnership=partnership, kind="strategic")
    csv = client.get(
        f"/p/{partnership.slug}/assessments/{strategic.pk}/tables/categories.csv"
    ).content.decode()
    assert f"Note: {NOTICE}" in csv


def test_crime_summary_says_the_demo_months_are_demonstration_data(demo_store):
    from io import StringIO

    from django.core.management import call_command

    load_crime()
    out, err = StringIO(), StringIO()
    call_command(
        "crime_summary",
        "--area",
        "E07000110",
        "--from",
        "2010-01",
        "--to",
        "2010-03",
        stdout=out,
        stderr=err,
    )
    assert (
        "Demonstration data — not real crime figures: 2010-01 to 2010-03 are synthetic, "
        "not police.uk data" in err.getvalue()
    )
