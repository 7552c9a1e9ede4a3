"""Board updates: drafted from the record, frozen when issued, reissued as a new version."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from meetings.models import Decision
from reports.board import quarter_bounds
from reports.models import BoardStatus
from reports.services import (
    board_report_draft,
    board_report_edit,
    board_report_issue,
    board_report_reissue,
)

pytestmark = pytest.mark.django_db


def test_quarters_are_financial():
    assert quarter_bounds("2010-Q3") == (dt.date(2010, 10, 1), dt.date(2010, 12, 31))
    assert quarter_bounds("2010-Q4") == (dt.date(2011, 1, 1), dt.date(2011, 3, 31))
    assert quarter_bounds("2011-Q1") == (dt.date(2011, 4, 1), dt.date(2011, 6, 30))
    with pytest.raises(ValidationError):
        quarter_bounds("2010-Q5")


def _decision(p, title, made_on, visibility="public"):
    return Decision.objects.create(
        partnership=p, title=title, made_on=made_on, visibility=visibility
    )


def test_an_issued_board_update_does_not_change_when_the_record_changes(world, client_for):
    p = world.partnership
    d = _decision(p, "CCTV decision", dt.date(2010, 12, 20))
    report = board_report_draft(partnership=p, quarter="2010-Q3")
    board_report_edit(report=report, narrative="A good quarter.")
    board_report_issue(report=report, on=dt.date(2011, 1, 10))
    frozen = json.dumps(report.content, sort_keys=True)
    url = f"/p/{world.slug}/reports/board/{report.pk}/"
    assert b"CCTV decision" in client_for("anonymous").get(url).content

    d.title = "CCTV decision, renamed"
    d.save()
    _decision(p, "A later decision in the quarter", dt.date(2010, 12, 21))
    report.refresh_from_db()
    assert json.dumps(report.content, sort_keys=True) == frozen
    after = client_for("anonymous").get(url).content
    assert b"CCTV decision" in after and b"renamed" not in after
    with pytest.raises(ValidationError):
        board_report_edit(report=report, narrative="Changed")

    second = board_report_reissue(report=report)
    assert (second.version, second.status, second.narrative) == (
        2,
        BoardStatus.DRAFT,
        "A good quarter.",
    )
    titles = [x["title"] for x in second.content["decisions"]]
    assert titles == ["CCTV decision, renamed", "A later decision in the quarter"]
    report.refresh_from_db()
    assert [x["title"] for x in report.content["decisions"]] == ["CCTV decision"]


def test_a_board_update_shows_each_reader_only_what_they_may_see(world, client_for):
    p = world.partnership
    _decision(p, "Open decision", dt.date(2010, 11, 25))
    _decision(p, "Partners decision", dt.date(2010, 11, 25), visibility="partners")
    report = board_report_draft(partnership=p, quarter="2010-Q3")
    url = f"/p/{world.slug}/reports/board/{report.pk}/"
    assert client_for("anonymous").get(url).status_code == 404  # a draft
    board_report_issue(report=report, on=dt.date(2011, 1, 10))
    public = client_for("anonymous").get(url).content
    assert b"Open decision" in public and b"Partners decision" not in public
    assert b"1 item left out" in public
    assert b"Partners decision" in client_for("viewer").get(url).content
    word = Document(io.BytesIO(client_for("anonymous").get(url + "update.docx").content))
    texts = [x.text for x in word.paragraphs]
    assert any("Open decision" in t for t in texts)
    assert not any("Partners decision" in t for t in texts)
    assert round(word.sections[0].page_width.mm) == 210
    pdf = PdfReader(io.BytesIO(client_for("anonymous").get(url + "update.pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Open decision" in text and "Partners decision" not in text
    assert all(round(float(pg.mediabox.width)) == 595 for pg in pdf.pages)


def test_board_report_command_prints_the_issued_version(world, capsys):
    p = world.partnership
    _decision(p, "Open decision", dt.date(2010, 11, 25))
    report = board_report_draft(partnership=p, quarter="2010-Q3")
    board_report_issue(report=report, on=dt.date(2011, 1, 10))
    _decision(p, "Too late", dt.date(2010, 11, 26))
    call_command("board_report", partnership=world.slug, quarter="2010-Q3", format="json")
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert [d["title"] for d in data["decisions"]] == ["Open decision"]


def test_coordinator_drafts_in_one_click(world, client_for):
    c = client_for("coordinator")
    response = c.post(f"/p/{world.slug}/reports/board/new/", {"quarter": "2010-Q3"})
    assert response.status_code == 302
    assert c.post(f"/p/{world.slug}/reports/board/new/", {"quarter": "2010"}).status_code == 400


def test_board_report_command_writes_the_pages_figures_as_an_a4_pdf(world, client_for, tmp_path):
    p = world.partnership
    _decision(p, "Open decision", dt.date(2010, 11, 25))
    _decision(p, "Partners decision", dt.date(2010, 11, 25), visibility="partners")
    report = board_report_draft(partnership=p, quarter="2010-Q3")
    board_report_issue(report=report, on=dt.date(2011, 1, 10))
    out = tmp_path / "board.pdf"
    call_command(
        "board_report", partnership=world.slug, quarter="2010-Q3", format="pdf", output=str(out)
    )
    pdf = PdfReader(out)
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert all(
        (round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) == (595, 842)
        for pg in pdf.pages
    )
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/board/{report.pk}/")
    assert b"Open decision" in page.content and b"1 item left out" in page.content
    assert "Open decision" in text and "1 item left out" in text
    assert "Partners decision" not in text
    assert "Board update: October to December 2010" in " ".join(text.split())
