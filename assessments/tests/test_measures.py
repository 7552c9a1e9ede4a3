"""Partner measures: CSV upload (all or nothing, errors name file and line) and exceptions."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Assessment, PartnerMeasure, PartnerMeasureValue

pytestmark = pytest.mark.django_db


def _upload(client, world, text: str, name: str = "measures.csv"):
    return client.post(
        f"/p/{world.slug}/assessments/measures/upload/",
        {"file": SimpleUploadedFile(name, text.encode()), "visibility": "partners"},
    )


def test_a_good_csv_saves_every_value(world, client_for):
    client = client_for("member")
    response = _upload(
        client,
        world,
        "measure,period,value\nAbandoned vehicles,2018-06,12\nAbandoned vehicles,2018-07,15\n",
    )
    assert response.status_code == 302
    measure = PartnerMeasure.objects.get(partnership=world.partnership, name="Abandoned vehicles")
    assert [(v.period, v.value) for v in measure.values.all()] == [
        ("2018-06", 12.0),
        ("2018-07", 15.0),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "measure,period,value\nA,2018-07,12\nB,July 2018,3\n",
            "bad.csv line 3: period 'July 2018' is not a month",
        ),
        (
            "measure,period,value\nA,2018-07,twelve\n",
            "bad.csv line 2: value 'twelve' is not a number",
        ),
        (
            "measure,month,value\nA,2018-07,1\n",
            "bad.csv line 1: the columns must be measure, period, value",
        ),
        (
            "measure,period,value\nA,2018-07,1\nA,2018-07,2\n",
            "bad.csv line 3: A has two values for 2018-07",
        ),
        ("measure,period,value\n,2018-07,1\n", "bad.csv line 2: the measure name is blank"),
        ("measure,period,value\n", "bad.csv: the file holds no values"),
    ],
)
def test_a_bad_csv_names_file_and_line_and_saves_nothing(world, client_for, text, message):
    response = _upload(client_for("member"), world, text, name="bad.csv")
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert message in text
    assert "Nothing was saved" in text
    assert not PartnerMeasure.objects.exists()
    assert not PartnerMeasureValue.objects.exists()


def test_a_partner_measure_out_of_its_limits_is_an_exception(
    world, client_for, crime_data, django_capture_on_commit_callbacks
):
    world.partnership.area_codes = ["E08000033"]
    world.partnership.save()
    rows = ["measure,period,value"]
    rows += [f"Repeat domestic abuse victims,2016-{m:02d},{20 + m % 3}" for m in range(1, 13)]
    rows += [f"Repeat domestic abuse victims,2017-{m:02d},{21 + m % 2}" for m in range(1, 13)]
    rows += [f"Repeat domestic abuse victims,2018-{m:02d},{20 + m % 3}" for m in range(1, 7)]
    rows += ["Repeat domestic abuse victims,2018-07,60"]
    client = client_for("member")
    assert _upload(client, world, "\n".join(rows) + "\n").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/p/{world.slug}/assessments/new/",
            {"kind": "exceptions", "current": "2018-07", "visibility": "partners"},
        )
    assert response.status_code == 302
    report = Assessment.objects.get(kind="exceptions")
    exceptions = {e["name"]: e for e in report.result["exceptions"]}
    measure = exceptions["Repeat domestic abuse victims"]
    assert measure["beyond"] == "above" and measure["direction"] == "up (worse)"
    assert measure["significant"] is True
    # Calderdale, July 2018 against July 2017: public order 145 -> 264 is above its limits.
    assert exceptions["Public order"]["direction"] == "up"
    assert exceptions["Public order"]["significant"] is True
    assert all(e["exception"] for e in report.result["exceptions"])
    page = client.get(f"/p/{world.slug}/assessments/{report.pk}/")
    assert "Repeat domestic abuse victims" in page.content.decode()
    pdf = client.get(f"/p/{world.slug}/assessments/{report.pk}/download.pdf")
    assert pdf.status_code == 200


GOOD_MEASURES = "measure,period,value\nAbandoned vehicles,2018-06,12\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "measure,period,value\nAbandoned vehicles,2018-06,99\nA\x00B,2018-07,1\n",
            "bad.csv line 3: measure contains a NUL byte",
        ),
        (
            "measure,period,value\nAbandoned vehicles,2018-06,99\nA\x1bB,2018-07,1\n",
            "bad.csv line 3: measure contains a control character (U+001B)",
        ),
        (
            'measure,period,value\nAbandoned vehicles,2018-06,99\n"=HYPERLINK(""http://x"")",2018-07,1\n',
            "bad.csv line 3: measure starts with '=', which a spreadsheet would run as a formula",
        ),
        (
            "measure,period,value\nAbandoned vehicles,2018-06,99\n@SUM(A1),2018-07,1\n",
            "bad.csv line 3: measure starts with '@'",
        ),
        (
            "measure,period,value\nAbandoned vehicles,2018-06,\u0663\n",
            "bad.csv line 2: value '\u0663' is not a number",
        ),
    ],
)
def test_nul_control_formula_and_non_ascii_digits_are_refused_and_nothing_changes(
    world, client_for, text, message
):
    client = client_for("member")
    assert _upload(client, world, GOOD_MEASURES).status_code == 302
    before = list(PartnerMeasureValue.objects.values_list("measure__name", "period", "value"))
    response = _upload(client, world, text, name="bad.csv")
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert message in page
    assert "Nothing was saved" in page
    assert list(PartnerMeasureValue.objects.values_list("measure__name", "period", "value")) == (
        before
    )
    assert PartnerMeasure.objects.count() == 1


def test_a_negative_value_is_still_a_number(world, client_for):
    assert (
        _upload(client_for("member"), world, "measure,period,value\nA,2018-06,-3\n").status_code
        == 302
    )
    assert PartnerMeasureValue.objects.get().value == -3.0
