"""The annual report: the board update's sections for a financial year, the strategic
assessment's headline figures and recommended priorities, public meetings and scrutiny
recommendations; frozen when issued; Word and PDF the same as the page."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from assessments.factories import AssessmentFactory
from assessments.models import AssessmentStatus
from engagement.factories import PublicMeetingFactory
from meetings.models import Decision
from reports.board import year_bounds
from reports.factories import SessionFactory
from reports.models import BoardStatus, ReportKind
from reports.services import (
    annual_report_draft,
    board_report_edit,
    board_report_issue,
    board_report_reissue,
    recommendation_add,
)

pytestmark = pytest.mark.django_db

A4 = (595, 842)


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))


def _strategic(p, title, completed, visibility="public", current=1234):
    """An assessment whose data ends the month before it was completed."""
    month = dt.date(completed.year, completed.month, 1) - dt.timedelta(days=1)
    return AssessmentFactory(
        partnership=p,
        current_to=f"{month:%Y-%m}",
        current_from=f"{month:%Y-%m}",
        title=title,
        status=AssessmentStatus.DONE,
        completed=_at(completed),
        visibility=visibility,
        result={
            "current": {"label": "November 2009 to October 2010"},
            "baseline": {"label": "November 2008 to October 2009"},
            "totals": {
                "current": current,
                "baseline": 1300,
                "percent_change": -5.1,
                "direction": "down",
                "rate_per_1000": 8.2,
            },
            "priorities": [
                {"rank": 1, "category": "Burglary", "score": 3.0},
                {"rank": 2, "category": "Drugs", "score": 2.0},
            ],
        },
    )


@pytest.fixture
def record(world):
    p = world.partnership
    _strategic(p, "Public Assessment 2010", dt.date(2010, 11, 20))
    _strategic(p, "Partners Assessment 2011", dt.date(2011, 1, 5), visibility="partners")
    _strategic(p, "Too Late Assessment", dt.date(2011, 5, 2))
    Decision.objects.create(
        partnership=p, title="CCTV decision", made_on=dt.date(2011, 3, 25), visibility="public"
    )
    Decision.objects.create(
        partnership=p, title="Partners Decision", made_on=dt.date(2010, 6, 1), visibility="partners"
    )
    Decision.objects.create(
        partnership=p, title="Last Year Decision", made_on=dt.date(2010, 3, 31), visibility="public"
    )
    PublicMeetingFactory(partnership=p, held_on=dt.date(2011, 1, 20), venue="Town Hall")
    session = SessionFactory(partnership=p, date=dt.date(2011, 3, 14), visibility="public")
    recommendation_add(
        session=session,
        text="Publish the priorities",
        addressed_to=[world.bodies["public"]],
        response_due=dt.date(2011, 6, 1),
    )
    return p


def test_financial_years_run_april_to_march():
    assert year_bounds("2010") == (dt.date(2010, 4, 1), dt.date(2011, 3, 31))


def test_the_annual_report_is_drafted_from_the_years_record(world, record):
    report = annual_report_draft(partnership=record, year="2010")
    c = report.content
    assert report.kind == ReportKind.ANNUAL and c["label"].startswith("April 2010 to March 2011")
    assert [d["title"] for d in c["decisions"]] == ["Partners Decision", "CCTV decision"]
    # The latest assessment the public may read, in or before the year.
    a = c["assessment"]
    assert a["title"] == "Public Assessment 2010"
    assert {"label": "Crimes in the period", "value": "1,234"} in a["headline"]
    assert a["recommended"] == ["1. Burglary", "2. Drugs"]
    assert [m["title"] for m in c["public_meetings"]] == ["Public meeting at Town Hall"]
    (rec,) = c["recommendations"]
    assert "Publish the priorities" in rec["title"]
    assert rec["note"] == "Awaiting response. Response due 1 June 2011: Not recorded"


def test_an_issued_annual_report_does_not_change_when_the_record_changes(world, record, client_for):
    report = annual_report_draft(partnership=record, year="2010")
    board_report_edit(report=report, narrative="Our year.")
    board_report_issue(report=report, on=dt.date(2011, 5, 1))
    frozen = json.dumps(report.content, sort_keys=True)
    url = f"/p/{world.slug}/reports/annual/{report.pk}/"
    before = client_for("anonymous").get(url)
    assert before.status_code == 200 and b"CCTV decision" in before.content

    Decision.objects.filter(title="CCTV decision").update(title="CCTV renamed")
    Decision.objects.create(
        partnership=record, title="Added Later", made_on=dt.date(2011, 1, 2), visibility="public"
    )
    _strategic(record, "Newer Public Assessment", dt.date(2011, 2, 1), current=999)
    PublicMeetingFactory(partnership=record, held_on=dt.date(2011, 2, 20), venue="New Venue")
    report.refresh_from_db()
    assert json.dumps(report.content, sort_keys=True) == frozen
    after = client_for("anonymous").get(url).content
    for word in (b"CCTV renamed", b"Added Later", b"Newer Public Assessment", b"New Venue"):
        assert word not in after
    assert b"CCTV decision" in after and b"1,234" in after

    second = board_report_reissue(report=report)
    assert (second.kind, second.version, second.status) == ("annual", 2, BoardStatus.DRAFT)
    assert second.content["assessment"]["title"] == "Newer Public Assessment"
    assert "Added Later" in [d["title"] for d in second.content["decisions"]]


def _page_lines(html: bytes) -> list[str]:
    from bs4 import BeautifulSoup

    main = BeautifulSoup(html, "html.parser").find("main")
    return [" ".join(li.get_text(" ").split()) for li in main.select("li") if li.get_text().strip()]


def test_word_and_pdf_match_the_page_and_leave_out_what_the_reader_may_not_see(
    world, record, client_for
):
    report = board_report_issue(
        report=annual_report_draft(partnership=record, year="2010"), on=dt.date(2011, 5, 1)
    )
    base = f"/p/{world.slug}/reports/annual/{report.pk}/"
    anon = client_for("anonymous")
    page = anon.get(base).content
    assert b"Partners Decision" not in page and b"1 item left out" in page
    assert b"Partners Decision" in client_for("viewer").get(base).content

    word = Document(io.BytesIO(anon.get(base + "report.docx").content))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert word.core_properties.title == "Annual report: " + report.content["label"]
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Strategic assessment" in headings and "Public meetings held" in headings
    assert "Scrutiny recommendations and responses" in headings
    word_text = " ".join(p.text for p in word.paragraphs)

    pdf = PdfReader(io.BytesIO(anon.get(base + "report.pdf").content))
    assert all(
        (round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) == A4
        for pg in pdf.pages
    )
    pdf_text = " ".join(" ".join(pg.extract_text() for pg in pdf.pages).split())

    for figure in (
        "CCTV decision (25 March 2011)",
        "Public Assessment 2010",
        "1,234",
        "-5.1%",
        "1. Burglary",
        "Public meeting at Town Hall (20 January 2011)",
        "Awaiting response. Response due 1 June 2011: Not recorded",
        "1 item left out",
    ):
        assert figure in " ".join(_page_lines(page)) or figure.encode() in page
        assert figure in word_text, figure
        assert figure in pdf_text, figure
    for text in (word_text, pdf_text):
        assert "Partners Decision" not in text and "Partners Assessment" not in text


def test_annual_report_command_prints_json_and_writes_word_and_pdf(world, record, capsys, tmp_path):
    call_command("annual_report", partnership=world.slug, year="2010", format="json")
    data = json.loads(capsys.readouterr().out)
    assert data["version"] is None and data["left_out"] == 1
    assert data["assessment"]["title"] == "Public Assessment 2010"
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"annual.{fmt}"
        call_command(
            "annual_report", partnership=world.slug, year="2010", format=fmt, output=str(out)
        )
        assert out.stat().st_size > 1000


def test_coordinator_drafts_an_annual_report_in_one_click(world, client_for):
    c = client_for("coordinator")
    response = c.post(f"/p/{world.slug}/reports/annual/new/", {"year": "2010"})
    assert response.status_code == 302 and "/reports/annual/" in response["Location"]
    assert c.get(response["Location"]).status_code == 200
    assert c.post(f"/p/{world.slug}/reports/annual/new/", {"year": "2010-Q1"}).status_code == 400
