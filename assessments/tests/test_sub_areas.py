"""Wards and neighbourhoods against the borough: the tests of chance against scipy, the page
for each role on the real West Yorkshire data with a small made-up ward lookup for Calderdale,
and the strategic assessment's "wards where the trend is higher than the borough average"."""

from __future__ import annotations

import numpy as np
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from scipy import stats

from assessments import services
from assessments.factories import AssessmentFactory, sample_result
from assessments.statistics import exact_poisson_p
from assessments.strategic import ALL_CRIME
from assessments.sub_areas import Borough, compare_level, compare_trend, p_words
from assessments.tables import tables_for
from crime import services as crime_services
from crime.selectors import crime_counts_by_area, crime_counts_by_lsoa
from crime.tests.helpers import WARD_HEADER, made_up_ward_rows

from .conftest import LOOKUP

pytestmark = pytest.mark.django_db


def _scipy_poisson_two_sided(k: int, mu: float) -> float:
    """Every count no more likely than k, summed over scipy's Poisson pmf (R's poisson.test)."""
    counts = np.arange(0, int(mu + k + 50 * np.sqrt(mu + k) + 100))
    pmf = stats.poisson.pmf(counts, mu)
    return float(min(1.0, pmf[pmf <= stats.poisson.pmf(k, mu) * (1 + 1e-7)].sum()))


@pytest.mark.parametrize(
    "k, mu", [(10, 5.0), (2, 8.0), (0, 3.2), (31, 18.4), (140, 112.5), (1, 0.05), (2400, 2250.0)]
)
def test_the_level_test_is_the_exact_poisson_test(k, mu):
    assert exact_poisson_p(k, mu) == pytest.approx(_scipy_poisson_two_sided(k, mu), rel=1e-9)


def test_level_and_trend_against_the_borough_match_scipy_and_say_so_in_words():
    borough = Borough(population=200_000, current=2_000, baseline=1_600)
    level, expected = compare_level(31, 1_000, borough)  # expects 10
    assert expected == pytest.approx(10.0)
    assert level.p_value == pytest.approx(_scipy_poisson_two_sided(31, 10.0), rel=1e-9)
    assert level.words() == "Higher than the borough, more than chance (p < 0.0001)"

    trend, ratio = compare_trend(60, 30, borough)
    scipy_p = stats.binomtest(60, 90, 2_000 / 3_600).pvalue
    assert trend.p_value == pytest.approx(scipy_p, rel=1e-12)
    assert ratio == pytest.approx((60 / 30) / (2_000 / 1_600))
    assert trend.words("Trend").startswith("Trend higher than the borough's, could be chance")
    # Two significant figures, rounded down: just under 0.002 never reads as 0.002.
    assert [p_words(p) for p in (0.0019999, 0.0031, 0.2149, 0.99999, 3e-7)] == [
        "p = 0.0019",
        "p = 0.0031",
        "p = 0.21",
        "p = 1",
        "p < 0.0001",
    ]

    falling, _ = compare_trend(10, 40, borough)
    assert falling.direction == "lower" and falling.beyond_chance
    assert falling.p_value == pytest.approx(stats.binomtest(10, 50, 2_000 / 3_600).pvalue)
    assert compare_trend(0, 0, borough)[0].words("Trend") == (
        "Not tested: no crimes in either period"
    )
    assert compare_level(5, 0, borough)[0].words() == "Not tested: no residents recorded"


@pytest.fixture
def calderdale(world, crime_data):
    """Partnership A, re-pointed at Calderdale, with a made-up 32-ward lookup loaded."""
    world.partnership.area_codes = ["E08000033"]
    world.partnership.save(update_fields=["area_codes"])
    rows = made_up_ward_rows(LOOKUP, per_ward=4)
    data = "\n".join(",".join(r) for r in [WARD_HEADER, *rows]).encode()
    crime_services.ward_lookup_load(
        partnership=world.partnership, filename="wards.csv", data=data, store=crime_data
    )
    return world.partnership


def _table(html: str, table_id: str) -> list[list[str]]:
    table = BeautifulSoup(html, "html.parser").find("table", id=table_id)
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in table.find("tbody").find_all("tr")
    ]


@pytest.mark.parametrize("role", ["anonymous", "viewer", "member", "coordinator"])
def test_the_page_compares_every_ward_and_msoa_with_the_borough(
    role, calderdale, crime_data, client_for
):
    url = reverse("assessments:sub_areas", kwargs={"slug": calderdale.slug})
    response = client_for(role).get(url, {"category": "burglary"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "None" not in BeautifulSoup(html, "html.parser").get_text()
    wards, msoas = _table(html, "table-ward"), _table(html, "table-msoa")
    assert len(wards) == 32 and len(msoas) == 27
    assert wards[0][0] == "Test ward 01 E05099001"
    burglary = sum(
        c.count
        for c in crime_counts_by_area(area_codes=["E08000033"], store=crime_data)
        if c.crime_type == "Burglary" and c.month == "2018-07"
    )
    for rows in (wards, msoas):
        assert sum(int(r[2].replace(",", "")) for r in rows) == burglary
        for r in rows:
            assert r[6].startswith(("Higher than", "Lower than", "The same", "Not tested"))
            assert r[7].startswith(("Higher than", "Lower than", "The same", "Not tested"))
    assert "Latest period" in html and "July 2018" in html and "July 2017" in html


def test_without_a_ward_lookup_the_page_shows_msoas_and_says_where_to_load_one(
    world, crime_data, client_for
):
    world.partnership.area_codes = ["E08000033"]
    world.partnership.save(update_fields=["area_codes"])
    url = reverse("assessments:sub_areas", kwargs={"slug": world.partnership.slug})
    upload = reverse("crime:ward_lookup_upload", kwargs={"slug": world.partnership.slug})
    coordinator = client_for("coordinator").get(url).content.decode()
    member = client_for("member").get(url).content.decode()
    assert "No ward lookup is loaded" in coordinator and 'id="table-ward"' not in coordinator
    assert len(_table(coordinator, "table-msoa")) == 27
    assert upload in coordinator and upload not in member
    assert reverse("crime:crime_data", kwargs={"slug": world.partnership.slug}) in member
    assert client_for("anonymous").get(url, {"category": "no-such"}).status_code == 404


def test_the_assessment_lists_the_wards_whose_trend_is_higher_than_the_borough(
    calderdale, crime_data
):
    assessment = AssessmentFactory(partnership=calderdale, area_codes=["E08000033"])
    result = services.ward_trends_add(assessment=assessment, result={}, store=None)
    listed = {(w["name"], w["category"]): w["p_value"] for w in result["wards"]["rows"]}
    # The same screen, every ward and category, from the LSOA counts and scipy's binomtest.
    ward_of = {r[1]: r[4] for r in made_up_ward_rows(LOOKUP, per_ward=4)}
    counts: dict = {}
    for c in crime_counts_by_lsoa(area_codes=["E08000033"], store=crime_data):
        if c.month in ("2017-07", "2018-07") and c.crime_type != "Anti-social behaviour":
            for category in (c.crime_type, ALL_CRIME):
                for unit in (ward_of[c.code], "borough"):
                    key = (unit, category, c.month)
                    counts[key] = counts.get(key, 0) + c.count
    expected = {}
    for unit, category, _ in counts:
        if unit == "borough":
            continue
        cur, base = (counts.get((unit, category, m), 0) for m in ("2018-07", "2017-07"))
        b_cur, b_base = (counts[("borough", category, m)] for m in ("2018-07", "2017-07"))
        p = stats.binomtest(cur, cur + base, b_cur / (b_cur + b_base)).pvalue
        if p < 0.002 and cur * b_base > base * b_cur:
            expected[(unit, category)] = p
    assert expected, "the West Yorkshire data give at least one test ward a rising trend"
    assert listed.keys() == expected.keys()
    assert all(listed[k] == pytest.approx(p) for k, p in expected.items())
    assert result["wards"]["lookup"]["lsoas"] == 128
    wards = next(t for t in tables_for({**sample_result(), **result}) if t.key == "wards")
    assert len(wards.rows) == len(listed) and "wards.csv" in wards.notes[0]
