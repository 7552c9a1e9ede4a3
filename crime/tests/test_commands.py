"""The management commands: import_geography, import_police_uk and crime_summary."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from crime import selectors
from crime.models import CrimeImport, ImportedFile
from crime.tests.helpers import street_row, write_street

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_geography_loads_the_lookup_and_populations(data_dir, police_data):
    out, _ = _run("import_geography", str(police_data.lookup_csv), str(police_data.population_csv))
    assert out.startswith("Loaded 32,844 LSOAs in ")
    assert "local authorities" in out
    leeds = selectors.local_authorities(area_codes=["E08000035"], store=data_dir)
    assert leeds[0].name == "Leeds" and leeds[0].force == "west-yorkshire"
    assert leeds[0].population > 700_000


def test_import_police_uk_prints_a_line_per_file_and_records_provenance(data_dir, police_data):
    out, _ = _run("import_police_uk", str(police_data.folder))
    lines = out.strip().splitlines()
    assert lines[-1] == "3 of 3 files imported, 87,348 rows"
    assert (
        "Imported 31,635 rows from 2018-07-west-yorkshire-street.csv (883 without location)"
        in lines
    )
    assert ImportedFile.objects.count() == 3
    assert CrimeImport.objects.get().requested_by_name.startswith("Command line (")

    again, _ = _run("import_police_uk", str(police_data.folder))
    assert "Unchanged: 2018-07-west-yorkshire-street.csv was already imported" in again
    assert again.strip().splitlines()[-1] == "0 of 3 files imported, 0 rows"
    assert ImportedFile.objects.count() == 3


def test_import_police_uk_bad_file_fails_with_file_and_line(data_dir, tmp_path):
    rows = [street_row("2018-08"), street_row("2018-09")]
    bad = write_street(tmp_path / "2018-08-west-yorkshire-street.csv", rows)
    with pytest.raises(CommandError) as caught:
        _run("import_police_uk", str(bad))
    assert f"Nothing imported. {bad} line 3: Month '2018-09'" in str(caught.value)
    assert data_dir.partitions() == []


@pytest.fixture
def summary_store(data_dir, loaded_store):
    shutil.copytree(loaded_store.root, data_dir.root)
    return data_dir


def test_crime_summary_csv_has_one_row_per_area_month_and_type(summary_store):
    out, err = _run("crime_summary", "--area", "E08000034", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["area", "month", "crime_type", "count"]
    expected = selectors.crime_counts_by_area(area_codes=["E08000034"], store=summary_store)
    assert [(r["area"], r["month"], r["crime_type"], int(r["count"])) for r in rows] == [
        (e.area, e.month, e.crime_type, e.count) for e in expected
    ]
    assert "is missing; it is a gap, not zero" in err
    assert err.strip().splitlines()[-1].startswith(f"{len(rows):,} rows for E08000034")


def test_crime_summary_json_with_a_month_range(summary_store):
    out, _ = _run(
        "crime_summary",
        "--area",
        "E08000036",
        "--from",
        "2017-01",
        "--to",
        "2017-12",
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert {r["month"] for r in rows} == {"2017-07"}
    assert set(rows[0]) == {"area", "month", "crime_type", "count"}
    assert all(r["area"] == "E08000036" for r in rows)


def test_crime_summary_rejects_a_bad_month(summary_store):
    with pytest.raises(CommandError, match="'2017-13' is not a month"):
        _run("crime_summary", "--area", "E08000036", "--from", "2017-13")
