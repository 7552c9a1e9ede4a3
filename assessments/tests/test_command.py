"""manage.py assessment on the real West Yorkshire data: the documented JSON schema and files."""

from __future__ import annotations

import io
import json
import math

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

CATEGORY_KEYS = {
    "category",
    "current",
    "baseline",
    "p_value",
    "e_test_p_value",
    "significant",
    "rate_per_1000",
    "rate_ci",
    "rate_ratio",
    "rate_ratio_ci",
    "harm_weighted",
}


def _json(capfdbinary, *args) -> dict:
    call_command("assessment", *args)
    return json.loads(capfdbinary.readouterr().out)


def test_json_has_the_documented_category_fields_with_the_real_counts(crime_data, capfdbinary):
    result = _json(
        capfdbinary, "--area", "E08000035", "--current", "2018-07", "--baseline", "2017-07"
    )
    rows = {r["category"]: r for r in result["categories"]}
    for row in rows.values():
        assert set(row) >= CATEGORY_KEYS
        assert 0 <= row["p_value"] <= 1 and 0 <= row["e_test_p_value"] <= 1
        assert row["significant"] == (row["p_value"] < 0.05)
        assert row["rate_ci"][0] <= row["rate_per_1000"] <= row["rate_ci"][1]
    vso = rows["Violence and sexual offences"]
    assert (vso["baseline"], vso["current"]) == (2433, 3319)
    assert math.isclose(vso["p_value"], 1.40e-31, rel_tol=0.01)
    assert [round(x, 2) for x in vso["rate_ci"]] == [4.27, 4.57]
    assert round(vso["rate_per_1000"], 2) == 4.42
    assert [round(x, 2) for x in vso["rate_ratio_ci"]] == [1.29, 1.44]
    assert result["area"]["population"] == 751485
    assert result["current"]["from"] == "2018-07" and result["baseline"]["to"] == "2017-07"


def test_calderdale_weapons_exact_test_is_headline_and_e_test_sits_beside_it(
    crime_data, capfdbinary
):
    result = _json(
        capfdbinary, "--area", "E08000033", "--current", "2018-07", "--baseline", "2017-07"
    )
    weapons = next(r for r in result["categories"] if r["category"] == "Possession of weapons")
    assert (weapons["baseline"], weapons["current"]) == (8, 19)
    assert round(weapons["p_value"], 3) == 0.052 and weapons["significant"] is False
    assert round(weapons["e_test_p_value"], 3) == 0.036


def test_peers_leave_out_areas_seen_only_through_cross_border_snapping(crime_data, capfdbinary):
    result = _json(
        capfdbinary, "--area", "E08000035", "--current", "2018-07", "--baseline", "2017-07"
    )
    names = {a["name"] for a in result["peers"]["areas"]}
    assert names == {"Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"}


def test_pdf_docx_and_html_files_are_written(crime_data, tmp_path):
    for fmt in ("pdf", "docx", "html"):
        out = tmp_path / f"a.{fmt}"
        call_command(
            "assessment",
            "--area=E08000036",
            "--current=2018-07",
            "--baseline=2017-07",
            f"--format={fmt}",
            f"--output={out}",
        )
        assert out.stat().st_size > 1000
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO((tmp_path / "a.pdf").read_bytes())).pages
    )
    assert "Wakefield" in text
    assert "Wakefield" in (tmp_path / "a.html").read_text()


def test_months_the_store_does_not_hold_are_a_clear_error(crime_data):
    with pytest.raises(CommandError, match="no street data for Leeds in 2015-07"):
        call_command("assessment", "--area=E08000035", "--current=2016-07", "--baseline=2015-07")
