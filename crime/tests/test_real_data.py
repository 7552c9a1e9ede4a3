"""The real West Yorkshire street files, checked against independent counts made with csv."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from crime import selectors
from crime.formats import CATEGORIES
from crime.tests.conftest import DISTRICTS


def _lookup_la_by_lsoa(police_data) -> dict[str, str]:
    with open(police_data.lookup_csv, newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        return {row["LSOA Code"]: row["Local authority code"] for row in rows}


def _independent_counts(police_data):
    """Counts per (LA, month, crime type), plus per-file unallocated and ASB rows."""
    la_by_lsoa = _lookup_la_by_lsoa(police_data)
    by_area: Counter = Counter()
    per_file = {}
    for path in police_data.street_files:
        rows = unallocated = asb = asb_without_id = 0
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows += 1
                if not row["LSOA code"]:
                    unallocated += 1
                if row["Crime type"] == "Anti-social behaviour":
                    asb += 1
                    asb_without_id += row["Crime ID"] == ""
                la = la_by_lsoa.get(row["LSOA code"])
                if la in DISTRICTS:
                    by_area[(la, row["Month"], row["Crime type"])] += 1
        per_file[path.name[:7]] = (rows, unallocated, asb, asb_without_id)
    return by_area, per_file


@pytest.fixture(scope="module")
def independent(police_data):
    return _independent_counts(police_data)


@pytest.mark.parametrize("la_code", sorted(DISTRICTS))
def test_district_counts_by_type_and_month_match_an_independent_count(
    loaded_store, independent, la_code
):
    by_area, _ = independent
    expected = {(m, t): n for (la, m, t), n in by_area.items() if la == la_code}
    got = {
        (r.month, r.crime_type): r.count
        for r in selectors.crime_counts_by_area(area_codes=[la_code], store=loaded_store)
    }
    assert got == expected
    assert {m for m, _ in got} == {"2016-07", "2017-07", "2018-07"}
    assert {t for _, t in got} <= set(CATEGORIES)


def test_month_range_limits_the_counts(loaded_store, independent):
    by_area, _ = independent
    got = selectors.crime_counts_by_area(
        area_codes=["E08000035"], month_from="2017-01", month_to="2017-12", store=loaded_store
    )
    assert {r.month for r in got} == {"2017-07"}
    assert sum(r.count for r in got) == sum(
        n for (la, m, _), n in by_area.items() if la == "E08000035" and m == "2017-07"
    )


def test_unallocated_and_asb_counts_match_the_files(loaded_store, independent):
    _, per_file = independent
    quality = {q.month: q for q in selectors.partition_quality(store=loaded_store)}
    assert set(quality) == set(per_file)
    for month, (rows, unallocated, asb, asb_without_id) in per_file.items():
        q = quality[month]
        assert (q.rows, q.unallocated, q.asb_without_crime_id) == (
            rows,
            unallocated,
            asb_without_id,
        )
        assert unallocated > 0 and asb > 0
        assert q.unknown_crime_types == 0


def test_rows_outside_the_force_area_are_reported_not_counted(loaded_store, independent):
    by_area, per_file = independent
    quality = {q.month: q for q in selectors.partition_quality(store=loaded_store)}
    for month, (rows, unallocated, _, _) in per_file.items():
        in_districts = sum(n for (_, m, _), n in by_area.items() if m == month)
        # Barnsley and other neighbours' LSOAs appear in the West Yorkshire files.
        q = quality[month]
        assert q.outside_force_area > 0
        assert in_districts + q.outside_force_area + unallocated + q.unknown_lsoas == rows


def test_lsoa_and_msoa_counts_add_up_to_the_area(loaded_store):
    area = selectors.crime_counts_by_area(area_codes=["E08000033"], store=loaded_store)
    lsoa = selectors.crime_counts_by_lsoa(area_codes=["E08000033"], store=loaded_store)
    msoa = selectors.crime_counts_by_msoa(area_codes=["E08000033"], store=loaded_store)
    total = sum(r.count for r in area)
    assert sum(r.count for r in lsoa) == total == sum(r.count for r in msoa)
    assert len({r.code for r in lsoa}) > len({r.code for r in msoa}) > 10
    assert all(r.code.startswith("E01") for r in lsoa)
    assert all(r.code.startswith("E02") for r in msoa)


def test_rates_per_thousand_use_the_census_population(loaded_store, police_data):
    with open(police_data.population_csv, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        la, persons = header.index("Local authority code"), header.index("Persons")
        population = sum(
            int(row[persons].replace(",", "")) for row in reader if row[la] == "E08000036"
        )
    rates = selectors.crime_rates_by_area(
        area_codes=["E08000036"], month_from="2018-07", month_to="2018-07", store=loaded_store
    )
    counts = selectors.crime_counts_by_area(
        area_codes=["E08000036"], month_from="2018-07", month_to="2018-07", store=loaded_store
    )
    assert population > 300_000
    by_type = {r.crime_type: r.count for r in counts}
    for rate in rates:
        assert rate.population == population
        assert rate.rate_per_1000 == pytest.approx(by_type[rate.crime_type] / population * 1000)


def test_force_months_flag_missing_months_rather_than_zero(loaded_store):
    months = selectors.force_months(
        forces=["west-yorkshire"], month_from="2016-07", month_to="2018-07", store=loaded_store
    )
    assert len(months) == 25
    status = {m.month: m.status for m in months}
    assert status["2016-07"] == status["2017-07"] == status["2018-07"] == "ok"
    assert status["2017-01"] == "missing"
    missing = [m for m in months if m.status == "missing"]
    assert all(m.unallocated_share is None for m in missing)
    present = [m for m in months if m.status == "ok"]
    assert all(0 < m.unallocated_share < 0.1 for m in present)


def test_forces_for_area_come_from_the_geography(loaded_store):
    assert selectors.forces_for_area(area_codes=["E08000035"], store=loaded_store) == [
        "west-yorkshire"
    ]
    assert selectors.area_months(area_codes=["E08000035"], store=loaded_store) == [
        "2016-07",
        "2017-07",
        "2018-07",
    ]
