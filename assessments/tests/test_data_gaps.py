"""Issue 9, evidence that says what it is: flagged (implausibly low) months are avoided by the
default period, called out on every output when chosen, and drawn as gaps on the chart."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import AssessmentKind, AssessmentStatus
from assessments.periods import Period, default_periods
from assessments.selectors import area_months_held, area_months_usable
from crime.ingest import import_paths
from crime.store import Store
from crime.tests.helpers import street_row, write_street
from partnership.factories import PartnershipFactory

from .conftest import STREET_FOLDER

pytestmark = pytest.mark.django_db

LEEDS = "E08000035"
WARNING = (
    "Warning: West Yorkshire's police.uk data for August 2018 is implausibly low "
    "(3 rows, under half the force's usual month)."
)


@pytest.fixture(scope="module")
def low_month_store(tmp_path_factory, west_yorkshire_store):
    """The real store plus August 2017 (July 2017's rows re-dated) and a 3-row August 2018."""
    root = tmp_path_factory.mktemp("lowmonth")
    shutil.copytree(west_yorkshire_store.root, root / "crime")
    store = Store(root / "crime")
    july = next(STREET_FOLDER.glob("2017-07/*-street.csv"))
    august = root / "in" / "2017-08-west-yorkshire-street.csv"
    august.parent.mkdir()
    august.write_text(july.read_text().replace(",2017-07,", ",2017-08,"))
    low = write_street(
        root / "in" / "2018-08-west-yorkshire-street.csv",
        [street_row("2018-08", crime_id=f"low{i}") for i in range(3)],
    )
    import_paths([august, low], store=store)
    return store


@pytest.fixture
def low_data(settings, low_month_store):
    settings.CSPHUB_DATA_DIR = low_month_store.root.parent
    return low_month_store


def test_the_default_period_avoids_an_implausibly_low_month(low_data):
    held = area_months_held(area_codes=[LEEDS])
    assert default_periods(held)[0] == Period("2018-08", "2018-08")  # what it used to suggest
    usable = area_months_usable(area_codes=[LEEDS])
    assert "2018-08" in held and "2018-08" not in usable
    current, baseline = default_periods(usable)
    assert (current, baseline) == (Period("2018-07", "2018-07"), Period("2017-07", "2017-07"))


def test_the_assessment_form_suggests_the_unflagged_period(low_data, client):
    from accounts.factories import RoleFactory, UserFactory

    partnership = PartnershipFactory(area_codes=[LEEDS])
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role="member")
    client.force_login(user)
    page = client.get(reverse("assessments:create", kwargs={"slug": partnership.slug}))
    text = page.content.decode()
    assert 'value="2018-07"' in text and 'value="2018-08"' not in text


@pytest.fixture
def flagged_assessment(low_data):
    partnership = PartnershipFactory(area_codes=[LEEDS])
    assessment = services.assessment_request(
        partnership=partnership,
        kind=AssessmentKind.STRATEGIC,
        current=Period("2018-08", "2018-08"),
        baseline=Period("2017-08", "2017-08"),
        visibility="public",
        run=False,
    )
    services.assessment_generate(assessment=assessment)
    assert assessment.status == AssessmentStatus.DONE, assessment.error
    return assessment


def test_a_chosen_period_with_a_flagged_month_says_so_on_every_output(flagged_assessment, client):
    from docx import Document
    from pypdf import PdfReader

    a = flagged_assessment
    result = a.result
    assert result["data_gaps"] == [
        {"force": "west-yorkshire", "month": "2018-08", "status": "low", "rows": 3}
    ]
    assert result["data_warnings"][0].startswith(WARNING)
    assert result["narrative"][0] == result["data_warnings"][0]
    kwargs = {"slug": a.partnership.slug, "pk": a.pk}

    page = client.get(reverse("assessments:detail", kwargs=kwargs)).content.decode()
    assert WARNING.replace("'", "&#39;") in page
    as_json = json.loads(
        client.get(reverse("assessments:download", kwargs={**kwargs, "fmt": "json"})).content
    )
    assert as_json["data_warnings"][0].startswith(WARNING)
    docx = client.get(reverse("assessments:download", kwargs={**kwargs, "fmt": "docx"})).content
    assert any(p.text.startswith(WARNING) for p in Document(io.BytesIO(docx)).paragraphs)
    pdf = client.get(reverse("assessments:download", kwargs={**kwargs, "fmt": "pdf"})).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "data for August 2018 is implausibly low" in " ".join(text.split())
    for table in ("categories", "monthly"):
        csv = client.get(
            reverse("assessments:table_csv", kwargs={**kwargs, "table": table})
        ).content.decode()
        assert f"Note: {WARNING}" in csv


def test_the_control_chart_marks_the_gap_and_leaves_it_out_of_the_centre_line(
    flagged_assessment, client
):
    monthly = flagged_assessment.result["monthly"]
    assert monthly["gaps"] == ["2018-08"]
    i = monthly["months"].index("2018-08")
    assert monthly["total"][i] is None
    chart = monthly["chart"]
    assert chart["centre"][i] is None and chart["signals"][i] is None
    held = [t for t in monthly["total"] if t is not None]
    assert chart["method"] == "c-chart"
    assert chart["centre"][0] == pytest.approx(sum(held) / len(held))
    a = flagged_assessment
    page = client.get(
        reverse("assessments:detail", kwargs={"slug": a.partnership.slug, "pk": a.pk})
    ).content.decode()
    assert ">Gap</text>" in page
    assert "Gaps in the data (missing or implausibly low" in page
    assert "Gap in the data (missing or implausibly low)" in page  # the table beside it


def test_an_exceptions_report_for_a_flagged_month_says_so(low_data):
    partnership = PartnershipFactory(area_codes=[LEEDS])
    report = services.assessment_request(
        partnership=partnership,
        kind=AssessmentKind.EXCEPTIONS,
        current=Period("2018-08", "2018-08"),
        run=False,
    )
    services.assessment_generate(assessment=report)
    assert report.status == AssessmentStatus.DONE, report.error
    assert report.result["data_warnings"][0].startswith(WARNING)
    assert report.result["narrative"][0].startswith(WARNING)


def test_a_flagged_month_inside_an_exceptions_history_is_a_gap_not_a_point(
    settings, low_month_store, tmp_path
):
    """September 2018 reported with the 3-row August 2018 in its history."""
    from assessments.exception_report import build_exceptions_report

    store = Store(tmp_path / "crime")
    shutil.copytree(low_month_store.root, store.root)
    july = next(STREET_FOLDER.glob("2018-07/*-street.csv"))
    september = tmp_path / "2018-09-west-yorkshire-street.csv"
    september.write_text(july.read_text().replace(",2018-07,", ",2018-09,"))
    import_paths([september], store=store)
    result = build_exceptions_report(area_codes=[LEEDS], month="2018-09", store=store)
    entry = next(e for e in result["categories"] if e["name"] == "Burglary")
    i = entry["months"].index("2018-08")
    assert entry["values"][i] is None and entry["centres"][i] is None
    assert entry["months"][-1] == "2018-09" and entry["values"][-1] is not None
    assert result["data_warnings"][0].startswith(WARNING)
