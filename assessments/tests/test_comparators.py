"""The county and the peer family (issue 15, point 5) on the real West Yorkshire data: Leeds
against West Yorkshire's five districts and a family of Bradford and Kirklees."""

from __future__ import annotations

import copy
import csv
import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from scipy import stats

from assessments import services
from assessments.exception_report import build_exceptions_report
from assessments.factories import AssessmentFactory, sample_result
from assessments.models import AssessmentKind, AssessmentStatus, Comparators
from assessments.narrative import comparator_sentence
from assessments.partner_evidence import extend_strategic
from assessments.periods import Period
from assessments.strategic import ALL_CRIME, build_strategic_assessment
from assessments.tests.conftest import DISTRICTS, LOOKUP, POPULATION, STREET_FOLDER
from evidence.selectors import EvidenceSeries
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

LEEDS, BRADFORD, KIRKLEES, MANCHESTER = "E08000035", "E08000032", "E08000034", "E08000003"
COMPARATORS = {
    "county": {"name": "West Yorkshire", "codes": sorted(DISTRICTS)},
    "peers": [
        {"name": "Bradford", "codes": [BRADFORD]},
        {"name": "Kirklees", "codes": [KIRKLEES]},
        # In the geography, but the store holds only police.uk's cross-border strays for it.
        {"name": "Manchester", "codes": [MANCHESTER]},
    ],
}


@pytest.fixture(scope="module")
def leeds_results(django_db_setup, django_db_blocker, west_yorkshire_store):
    """Leeds's strategic assessment (July 2018 against July 2017) and exceptions report for
    July 2018, built once (the provenance reads the crime imports table)."""
    with django_db_blocker.unblock():
        strategic = build_strategic_assessment(
            area_codes=[LEEDS],
            current=Period("2018-07", "2018-07"),
            baseline=Period("2017-07", "2017-07"),
            comparators=COMPARATORS,
            store=west_yorkshire_store,
        )
        exceptions = build_exceptions_report(
            area_codes=[LEEDS], month="2018-07", comparators=COMPARATORS, store=west_yorkshire_store
        )
    return strategic, exceptions


def _direct_counts() -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """July 2018's crimes per (local authority, category) and residents per authority, counted
    straight from the police.uk and ONS files with DuckDB and csv."""
    import duckdb

    street = str(STREET_FOLDER / "2018-07" / "2018-07-west-yorkshire-street.csv")
    rows = duckdb.sql(
        f"""
        SELECT g."Local authority code", s."Crime type", count(*)
        FROM read_csv('{street}', header = true, all_varchar = true) s
        JOIN read_csv('{LOOKUP}', header = true, all_varchar = true) g
          ON g."LSOA Code" = s."LSOA code"
        GROUP BY ALL
        """  # noqa: S608
    ).fetchall()
    with open(LOOKUP, newline="", encoding="utf-8") as fh:
        la_of = {r["LSOA Code"]: r["Local authority code"] for r in csv.DictReader(fh)}
    population: dict[str, int] = {}
    with open(POPULATION, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        code, persons = header.index("LSOA Code"), header.index("Persons")
        for r in reader:
            la = la_of.get(r[code])
            if la:
                population[la] = population.get(la, 0) + int(r[persons].replace(",", ""))
    return {(la, cat): n for la, cat, n in rows}, population


def _count(counts, codes, category) -> int:
    if category == ALL_CRIME:
        return sum(
            n for (la, cat), n in counts.items() if la in codes and cat != "Anti-social behaviour"
        )
    return sum(counts.get((la, category), 0) for la in codes)


def test_county_and_family_figures_are_the_files_counts_with_the_exact_test(leeds_results):
    strategic, exceptions = leeds_results
    counts, population = _direct_counts()
    county_codes, family_codes = set(DISTRICTS), {BRADFORD, KIRKLEES}
    rest = county_codes - {LEEDS}
    for result in (strategic, exceptions):
        comparison = result["comparators"]
        assert comparison["county"]["population"] == sum(population[c] for c in county_codes)
        assert comparison["family"] == {
            "areas": 2,
            "population": population[BRADFORD] + population[KIRKLEES],
        }
        manchester = comparison["peers"][2]
        assert (
            not manchester["available"]
            and "does not hold Manchester's crimes" in manchester["reason"]
        )
        rows = {r["category"]: r for r in comparison["rows"]}
        assert rows[ALL_CRIME] is comparison["rows"][-1]
        for category in ("Burglary", "Violence and sexual offences", ALL_CRIME):
            row, n = rows[category], _count(counts, {LEEDS}, category)
            assert row["current"] == n
            county, family = row["county"], row["family"]
            assert county["current"] == _count(counts, county_codes, category)
            assert county["rate_per_1000"] == pytest.approx(
                county["current"] / comparison["county"]["population"] * 1000
            )
            # Leeds against the rest of the county, and against the family's pooled count.
            for figure, others in ((county, rest), (family, family_codes)):
                other_n = _count(counts, others, category)
                other_pop = sum(population[c] for c in others)
                expected = stats.binomtest(
                    n, n + other_n, population[LEEDS] / (population[LEEDS] + other_pop)
                )
                assert figure["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)
                assert figure["significant"] == (expected.pvalue < 0.05)
            assert family["current"] == _count(counts, family_codes, category)
    # The funnel plot is drawn against the family, its centre the family's all-crime rate.
    funnel = strategic["peers"]
    assert funnel["kind"] == "family"
    assert [a["name"] for a in funnel["areas"]] == ["Bradford", "Kirklees", "Leeds"]
    assert funnel["pooled_rate_per_1000"] == rows[ALL_CRIME]["family"]["rate_per_1000"]
    assert strategic["totals"]["peers"]["position_998"] == "above"
    assert exceptions["peers"]["kind"] == "family"


def test_the_sentence_says_what_item_7_1_said():
    def row(rate, county_rate, direction, family=None):
        county = {"current": 900, "rate_per_1000": county_rate, "direction": direction}
        return {
            "category": "Burglary",
            "current": 500,
            "rate_per_1000": rate,
            "county": county,
            "family": family,
        }

    assert comparator_sentence(row(12.3, 15.1, "lower"), change="up") == (
        "Burglary is still low against overall county figures: 12.30 per 1,000 against the "
        "county's 15.10 (lower, more than chance)."
    )
    family = {"current": 800, "rate_per_1000": 12.0, "direction": "similar"}
    assert comparator_sentence(row(18.0, 15.1, "higher", family)) == (
        "Burglary is high against overall county figures: 18.00 per 1,000 against the county's "
        "15.10 (higher, more than chance) and the peer family's 12.00 (within chance)."
    )
    only_family = {**row(12.3, 0, "similar"), "county": None, "family": family}
    assert comparator_sentence(only_family) == (
        "Burglary is in line with its peer family: 12.30 per 1,000 against the family's 12.00 "
        "(within chance)."
    )
    assert comparator_sentence({**only_family, "family": None}) is None


@pytest.mark.parametrize(
    ("county", "peers", "field", "message"),
    [
        (
            [BRADFORD, KIRKLEES],
            [],
            "county_codes",
            "should include the partnership's own area, Leeds (E08000035)",
        ),
        ([LEEDS], [], "county_codes", "should hold more than the partnership's own area"),
        (
            [],
            [("Leeds again", [LEEDS])],
            "peers",
            "Leeds (E08000035) is the partnership's own area",
        ),
        (
            [],
            [("Nowhere", ["E08000999"])],
            "peers",
            "Nowhere: not a local authority of the loaded geography: E08000999",
        ),
        (
            [],
            [("Bradford", [BRADFORD]), ("Greater Bradford", [BRADFORD])],
            "peers",
            "is already in Bradford",
        ),
        (["E0800003"], [], "county_codes", "E0800003 is not a local authority code"),
    ],
)
def test_comparators_are_refused_with_a_reason(crime_data, county, peers, field, message):
    leeds = PartnershipFactory(area_codes=[LEEDS])
    with pytest.raises(ValidationError) as caught:
        services.comparators_update(
            partnership=leeds,
            county_name="West Yorkshire" if county else "",
            county_codes=county,
            peers=[{"name": n, "codes": c} for n, c in peers],
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not Comparators.objects.exists()


def test_comparators_need_a_loaded_geography(settings, tmp_path):
    settings.CSPHUB_DATA_DIR = tmp_path
    with pytest.raises(ValidationError, match="No geography is loaded"):
        services.comparators_update(
            partnership=PartnershipFactory(area_codes=[LEEDS]),
            peers=[{"name": "Bradford", "codes": [BRADFORD]}],
        )


def test_a_coordinator_sets_them_on_the_settings_page_and_the_next_report_uses_them(
    crime_data, client_for, world
):
    partnership = world.partnership
    partnership.area_codes = [LEEDS]
    partnership.save()
    coordinator = client_for("coordinator")
    url = f"/p/{partnership.slug}/edit/comparators/"
    assert coordinator.get(url).status_code == 200
    refused = coordinator.post(
        url, {"county_name": "", "county_codes": "", "peers": "Bradford E08000032"}
    )
    assert refused.status_code == 400 and "Line 1: write the area's name, a colon" in _text(refused)
    refused = coordinator.post(
        url, {"county_name": "West Yorkshire", "county_codes": "E08000032", "peers": ""}
    )
    assert refused.status_code == 400 and "Leeds (E08000035)" in _text(refused)
    saved = coordinator.post(
        url,
        {
            "county_name": "West Yorkshire",
            "county_codes": ", ".join(sorted(DISTRICTS)).lower(),
            "peers": "Bradford: E08000032\n\nKirklees: E08000034\n",
        },
    )
    assert saved.status_code == 302
    overview = client_for("anonymous").get(f"/p/{partnership.slug}/").text
    assert (
        "the county, West Yorkshire, and a peer family of 2 areas: Bradford, Kirklees" in overview
    )
    form = BeautifulSoup(coordinator.get(url).content, "html.parser")
    assert (
        form.find("textarea", attrs={"name": "peers"}).get_text().strip()
        == "Bradford: E08000032\nKirklees: E08000034"
    )
    report = services.assessment_request(
        partnership=partnership,
        kind=AssessmentKind.EXCEPTIONS,
        current=Period("2018-07", "2018-07"),
        run=False,
    )
    report = services.assessment_generate(assessment=report, store=crime_data)
    assert report.status == AssessmentStatus.DONE, report.error
    assert report.result["comparators"]["county"]["name"] == "West Yorkshire"
    assert [p["name"] for p in report.result["comparators"]["peers"]] == ["Bradford", "Kirklees"]


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def _partner_series() -> EvidenceSeries:
    return EvidenceSeries(
        key="police-domestic-abuse-incidents",
        dataset_id=1,
        name="Domestic abuse incidents",
        source="Police",
        theme="Domestic abuse",
        unit="incidents",
        kind="partner",
        granularity="month",
        geography="lsoa",
        rate_fits=True,
        harm_weight=100.0,
        higher_is_worse=True,
        demonstration=False,
        visibility="public",
        values={"2017-07": 60, "2018-07": 80},
        files=(),
    )


def test_both_pages_show_the_comparison_to_every_role(leeds_results, world, client_for):
    strategic, exceptions = (copy.deepcopy(r) for r in leeds_results)
    strategic = extend_strategic(strategic, series=[_partner_series()])
    pages = {
        kind: AssessmentFactory(
            partnership=world.partnership,
            kind=kind,
            visibility="public",
            status=AssessmentStatus.DONE,
            result=result,
        )
        for kind, result in (("strategic", strategic), ("exceptions", exceptions))
    }
    burglary = next(r for r in strategic["comparators"]["rows"] if r["category"] == "Burglary")
    for role in ("anonymous", "viewer", "member", "coordinator"):
        client = client_for(role)
        for kind, assessment in pages.items():
            response = client.get(f"/p/{world.slug}/assessments/{assessment.pk}/")
            assert response.status_code == 200
            text = _text(response)
            assert not re.search(r"\bNone\b", text), (role, kind)
            assert burglary["sentence"] in text
            assert "West Yorkshire (county) rate" in text and "Against the peer family" in text
            assert "Left out of the peer family: Manchester" in text
            assert "/edit/comparators/" not in response.text  # both are set: nothing to offer
            if kind == "strategic":
                table = BeautifulSoup(response.content, "html.parser").find(id="table-comparators")
                row = next(tr for tr in table.find_all("tr") if "Domestic abuse" in tr.get_text())
                assert "No county figure" in row.get_text() and "No family figure" in row.get_text()
    # An assessment produced before any were set says so, and offers the setting to those who may.
    bare = AssessmentFactory(
        partnership=world.partnership,
        visibility="public",
        status=AssessmentStatus.DONE,
        result=sample_result(),
    )
    for role, offered in (("viewer", False), ("coordinator", True)):
        text = _text(client_for(role).get(f"/p/{world.slug}/assessments/{bare.pk}/"))
        assert "No county or peer family was set for the partnership" in text
        assert ("Set the county and peer family" in text) is offered
        assert not re.search(r"\bNone\b", text)
