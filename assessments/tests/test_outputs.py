"""Each West Yorkshire district's assessment on the real data: page, Word and PDF agree."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

from accounts.factories import RoleFactory, UserFactory
from accounts.models import RoleName
from assessments.documents import _latin1
from assessments.models import Assessment, AssessmentStatus
from assessments.tests.conftest import DISTRICTS
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", _latin1(text)).strip()


def _html_rows(html: bytes, table_id: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table", id=table_id)
    assert table is not None, f"no table {table_id}"
    return [
        [_norm(cell.get_text()) for cell in tr.find_all(["th", "td"])]
        for tr in table.find("tbody").find_all("tr")
    ]


def _docx_rows(data: bytes, headings: list[str]) -> list[list[str]]:
    doc = Document(io.BytesIO(data))
    for table in doc.tables:
        first = [_norm(c.text) for c in table.rows[0].cells]
        if first == headings:
            return [[_norm(c.text) for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no Word table headed {headings}")


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return _norm(" ".join(page.extract_text() for page in reader.pages))


def _in_order(cells: list[str], text: str) -> bool:
    """Every cell's text in the PDF's text, in the row's order (a cell may wrap onto lines,
    breaking after a hyphen as in "anti- social")."""
    text = re.sub(r"-\s+", "-", text)
    at = 0
    for cell in (re.sub(r"-\s+", "-", c) for c in cells):
        found = text.find(cell, at)
        if found < 0:
            return False
        at = found + len(cell)
    return True


def _produce(client, slug: str, current: str, baseline: str) -> Assessment:
    from django.db import connection
    from django.test import TestCase

    # The task is queued on commit; run it as the request's commit would.
    with TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True):
        response = client.post(
            f"/p/{slug}/assessments/new/",
            {
                "kind": "strategic",
                "current": current,
                "baseline": baseline,
                "visibility": "partners",
            },
        )
    assert response.status_code == 302, response.content[:2000]
    assessment = Assessment.objects.get(partnership__slug=slug)
    assert assessment.status == AssessmentStatus.DONE, assessment.error
    return assessment


@pytest.mark.parametrize("code", sorted(DISTRICTS))
def test_district_figures_read_back_equal_from_page_word_and_pdf(code, crime_data, client):
    partnership = PartnershipFactory(
        name=f"Safer {DISTRICTS[code]}", slug=f"safer-{code.lower()}", area_codes=[code]
    )
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role=RoleName.MEMBER)
    client.force_login(user)
    assessment = _produce(client, partnership.slug, "2018-07", "2017-07")
    base = f"/p/{partnership.slug}/assessments/{assessment.pk}/"

    page = client.get(base)
    assert page.status_code == 200
    html_rows = _html_rows(page.content, "table-categories")
    soup = BeautifulSoup(page.content, "html.parser")
    headings = [
        _norm(th.get_text())
        for th in soup.find("table", id="table-categories").find("thead").find_all("th")
    ]
    assert len(html_rows) == 15  # 14 categories and the all-crime total

    word = client.get(base + "download.docx")
    assert word.status_code == 200
    assert _docx_rows(word.content, headings) == html_rows

    pdf = client.get(base + "download.pdf")
    assert pdf.status_code == 200
    pdf_text = _pdf_text(pdf.content)
    for row in html_rows:
        assert _in_order(row, pdf_text), f"PDF lacks the row {row}"

    # The figures are the JSON's, and the JSON's are the real counts.
    result = assessment.result
    by_category = {r["category"]: r for r in result["categories"]}
    for row in html_rows[:-1]:
        json_row = by_category[row[0]]
        assert row[1] == f"{json_row['current']:,}"
        assert row[2] == f"{json_row['baseline']:,}"
    assert result["area"]["name"] == DISTRICTS[code]


def test_leeds_page_shows_the_acceptance_figures(crime_data, client):
    partnership = PartnershipFactory(slug="safer-leeds", area_codes=["E08000035"])
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role=RoleName.MEMBER)
    client.force_login(user)
    assessment = _produce(client, partnership.slug, "2018-07", "2017-07")
    page = client.get(f"/p/{partnership.slug}/assessments/{assessment.pk}/")
    rows = {r[0]: r for r in _html_rows(page.content, "table-categories")}
    vso = rows["Violence and sexual offences"]
    assert vso[1:5] == ["3,319", "2,433", "+36.4%", "1.4e-31"]
    assert vso[7:11] == ["4.42", "4.27 to 4.57", "1.36", "1.29 to 1.44"]
    text = page.content.decode()
    assert 'role="img"' in text and "<title" in text and "<desc" in text
    for key in ("categories", "priorities", "monthly", "peers", "sub_areas", "provenance"):
        csv = client.get(f"/p/{partnership.slug}/assessments/{assessment.pk}/tables/{key}.csv")
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    csv = client.get(f"/p/{partnership.slug}/assessments/{assessment.pk}/tables/categories.csv")
    assert "Violence and sexual offences,3319,2433," in csv.content.decode()
