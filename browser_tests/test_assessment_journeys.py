"""Issue 5: strategic assessments, exceptions and priorities with evidence, in Chromium.

The demo journey runs on the synthetic Maidstone data (loaded into a temporary data directory);
the district journey runs on the real West Yorkshire police.uk files and reads each district's
figures from the rendered page, its Word document and its PDF.
"""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.documents import _latin1
from assessments.tests.conftest import (
    DISTRICTS,
    west_yorkshire_store,  # noqa: F401 - a fixture
)
from assessments.tests.test_outputs import _in_order
from browser_tests.conftest import COORDINATOR, DEMO_SLUG, VIEWER

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"
NOTICE = "Demonstration data — not real crime figures"
PASSWORD = "correct-horse-battery"  # noqa: S105 - a test account in the test database


@pytest.fixture
def data_dir(settings, tmp_path):
    """Keep the demo's crime store out of var/ and run background tasks in-process."""
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return settings.CSPHUB_DATA_DIR


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", _latin1(text)).strip()


def test_coordinator_reads_the_demo_assessment_and_adopts_a_priority_with_its_evidence(
    data_dir, page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR)
    page.goto(f"{P}/")
    page.get_by_role("link", name="Assessments").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Strategic assessment")).click()
    expect(page.get_by_text(NOTICE).first).to_be_visible()
    # Three police.uk charts, then the seven of the demo's partner evidence (issue 15).
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(10)
    for i in range(10):
        assert charts.nth(i).locator("title").count() == 1
        assert charts.nth(i).locator("desc").count() == 1
    expect(page.locator("#table-categories")).to_be_visible()
    assert_accessible(page)

    # WeasyPrint lays the PDF out from the page: a few seconds on a loaded machine.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="PDF").click(timeout=60_000)
    pdf = PdfReader(download.value.path())
    assert "Demonstration data — not real crime figures" in pdf.pages[0].extract_text()

    page.get_by_role("link", name="Adopt as priority").click()
    assert_accessible(page)
    page.get_by_role("radio").first.check()
    page.get_by_label("Financial year").select_option(index=1)
    page.get_by_label("Name", exact=True).fill("Evidence-led priority")
    page.get_by_label("Why it is a priority").fill("Ranked first by the assessment")
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Evidence-led priority")).to_be_visible()
    page.get_by_role("link", name=re.compile("On what basis")).click()
    expect(page.get_by_role("heading", name=re.compile("^On what basis"))).to_be_visible()
    expect(page.get_by_text(NOTICE).first).to_be_visible()
    expect(page.locator("#evidence")).to_contain_text("against")
    assert_accessible(page)


def test_member_asks_for_an_exceptions_report_and_sees_its_progress_and_exceptions(
    data_dir, page, demo, sign_in, assert_accessible
):
    from browser_tests.conftest import MEMBER

    sign_in(page, MEMBER)
    page.goto(f"{P}/assessments/new/")
    page.get_by_label("Performance exceptions report").check()
    page.get_by_label("Current period").fill("2010-09")
    page.get_by_role("button", name="Produce").click()
    expect(
        page.get_by_role("heading", name=re.compile("Performance exceptions report"))
    ).to_be_visible()
    expect(page.get_by_text(NOTICE).first).to_be_visible()
    expect(page.locator("#table-exceptions")).to_be_visible()
    assert_accessible(page)


def test_viewer_cannot_ask_for_an_assessment(data_dir, page, demo, sign_in):
    sign_in(page, VIEWER)
    page.goto(f"{P}/assessments/")
    expect(page.get_by_role("link", name="Produce an assessment or report")).to_have_count(0)
    response = page.goto(f"{P}/assessments/new/")
    assert response.status == 403


def test_each_west_yorkshire_district_reads_the_same_in_the_browser_word_and_pdf(
    settings,
    west_yorkshire_store,  # noqa: F811
    page,
    live_server,
    transactional_db,
    sign_in,  # noqa: F811
):
    from accounts.factories import RoleFactory, UserFactory
    from accounts.models import RoleName
    from partnership.factories import PartnershipFactory

    settings.CSPHUB_DATA_DIR = west_yorkshire_store.root.parent
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    user = UserFactory(email="analyst@wy.example.org", password=PASSWORD)
    for code, name in sorted(DISTRICTS.items()):
        slug = f"safer-{name.lower()}"
        partnership = PartnershipFactory(name=f"Safer {name}", slug=slug, area_codes=[code])
        RoleFactory(user=user, partnership=partnership, role=RoleName.MEMBER)
    sign_in(page, "analyst@wy.example.org", PASSWORD)
    for name in sorted(DISTRICTS.values()):
        slug = f"safer-{name.lower()}"
        page.goto(f"/p/{slug}/assessments/new/")
        page.get_by_label("Current period").fill("2018-07")
        page.get_by_label("Baseline period").fill("2017-07")
        page.get_by_role("button", name="Produce").click()
        table = page.locator("#table-categories")
        expect(table).to_be_visible()
        headings = [_norm(t) for t in table.locator("thead th").all_inner_texts()]
        rows = [
            [_norm(cell) for cell in row.locator("th, td").all_inner_texts()]
            for row in table.locator("tbody tr").all()
        ]
        assert len(rows) == 15, name
        with page.expect_download() as word_download:
            page.get_by_role("link", name="Word").click()
        doc = Document(word_download.value.path())
        word_table = next(
            t for t in doc.tables if [_norm(c.text) for c in t.rows[0].cells] == headings
        )
        assert [[_norm(c.text) for c in r.cells] for r in word_table.rows[1:]] == rows, name
        with page.expect_download(timeout=60_000) as pdf_download:
            page.get_by_role("link", name="PDF").click(timeout=60_000)
        reader = PdfReader(io.BytesIO(pdf_download.value.path().read_bytes()))
        text = _norm(" ".join(p.extract_text() for p in reader.pages))
        for row in rows:
            assert _in_order(row, text), (name, row)
