"""Partner datasets and road casualties in the assessment, exactly as police.uk categories."""

from __future__ import annotations

import pytest
from scipy import stats

from assessments.periods import Period
from assessments.services import assessment_generate, assessment_request
from assessments.tables import tables_for
from crime.selectors import lsoa_lookup
from evidence import services as evidence
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
LEEDS = "E08000035"


def _csv(rows: list[str], header: str = "period,lsoa_code,count") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def leeds(crime_data):
    partnership = PartnershipFactory(name="Safer Leeds", slug="safer-leeds", area_codes=[LEEDS])
    lookup = lsoa_lookup(store=crime_data)
    lsoas = sorted(c for c, r in lookup.items() if r.la_code == LEEDS)[:3]
    outside = sorted(c for c, r in lookup.items() if r.la_code != LEEDS)[0]
    da = evidence.dataset_declare_from_preset(
        partnership=partnership,
        key="police-domestic-abuse-incidents",
        visibility="public",
        demonstration=True,
    )
    for period, counts in (("2017-07", (40, 25, 10)), ("2018-07", (70, 38, 22))):
        rows = [f"{period},{code},{n}" for code, n in zip(lsoas, counts, strict=True)]
        rows.append(f"{period},{outside},500")  # outside Leeds: not counted for the area
        evidence.dataset_load(
            dataset=da, period=period, filename=f"da-{period}.csv", data=_csv(rows)
        )
    staff = evidence.dataset_declare_from_preset(
        partnership=partnership, key="fire-violence-against-staff", visibility="public"
    )
    for period, n in (("2017-07", 3), ("2018-07", 2)):
        evidence.dataset_load(
            dataset=staff,
            period=period,
            filename=f"staff-{period}.csv",
            data=_csv([f"{period},{n}"], "period,count"),
        )
    hidden = evidence.dataset_declare_from_preset(
        partnership=partnership,
        key="hospital-assault-admissions",
        geography_codes="LS1 LS2",
        visibility="partners",
        granularity="month",
    )
    for period in ("2017-07", "2018-07"):
        evidence.dataset_load(
            dataset=hidden,
            period=period,
            filename=f"h-{period}.csv",
            data=_csv([f"{period},LS1,9"], "period,outward_postcode,count"),
        )
    return partnership, lsoas


def _generate(partnership, visibility: str):
    a = assessment_request(
        partnership=partnership,
        kind="strategic",
        current=Period("2018-07", "2018-07"),
        baseline=Period("2017-07", "2017-07"),
        visibility=visibility,
        run=False,
    )
    return assessment_generate(assessment=a)


def test_a_partner_dataset_is_a_category_with_the_exact_test_rate_harm_and_files(leeds):
    partnership, _ = leeds
    a = _generate(partnership, "partners")
    assert a.status == "done", a.error
    row = next(r for r in a.result["categories"] if r["category"] == "Domestic abuse incidents")
    assert (row["current"], row["baseline"]) == (130, 75)
    # The exact conditional test and the E-test match scipy, as for police.uk categories.
    assert row["p_value"] == pytest.approx(stats.binomtest(130, 205, 0.5).pvalue, rel=1e-9)
    assert row["e_test_p_value"] == pytest.approx(
        stats.poisson_means_test(130, 1.0, 75, 1.0).pvalue, rel=1e-6
    )
    assert row["significant"] and row["direction"] == "up"
    population = a.result["area"]["population"]
    assert row["rate_per_1000"] == pytest.approx(130 / population * 1000)
    # Byar's interval, from scipy's normal quantile.
    z = stats.norm.ppf(0.975)
    low = 130 * (1 - 1 / (9 * 130) - z / (3 * 130**0.5)) ** 3
    high = 131 * (1 - 1 / (9 * 131) + z / (3 * 131**0.5)) ** 3
    assert row["rate_ci"] == pytest.approx([low / population * 1000, high / population * 1000])
    chart = next(c for c in a.result["partner_evidence"]["charts"] if c["name"] == row["category"])
    assert chart["values"] == [75, 130]
    assert chart["centres"][0] == pytest.approx(102.5)
    assert chart["uppers"][0] == pytest.approx(102.5 + 3 * 102.5**0.5)
    assert row["harm_weighted"] == pytest.approx(130 * 3.0)
    assert row["demonstration"] is True
    assert {f["source"] for f in row["files"]} == {"da-2017-07.csv", "da-2018-07.csv"}
    assert any(p["category"] == "Domestic abuse incidents" for p in a.result["priorities"])
    assert "Demonstration data: Domestic abuse incidents" in " ".join(a.result["narrative"])
    # A partners-only assessment uses partners-only datasets, but an outward-postcode one gets
    # no rate (its population does not fit the area).
    hospital = next(
        r for r in a.result["categories"] if r["category"] == "Hospital admissions for assault"
    )
    assert hospital["rate_per_1000"] is None
    files = {f["source"] for f in a.provenance["partner_files"]}
    assert {"da-2018-07.csv", "h-2018-07.csv"} <= files
    tables = {t.key: t for t in tables_for(a.result)}
    assert "partner_evidence" in tables and "partner_files" in tables
    names = [r[0].text for r in tables["categories"].rows]
    assert "Domestic abuse incidents (Demonstration data)" in names


def test_quarterly_datasets_use_the_months_they_hold_as_exposure(leeds):
    partnership, _ = leeds
    a = _generate(partnership, "partners")
    # A quarter from July is not wholly inside a one-month period: left out, with the reason.
    left = {i["name"]: i["reason"] for i in a.result["partner_evidence"]["left_out"]}
    assert "Violence against fire staff" in left


def test_a_public_assessment_uses_only_public_data_and_the_public_suppression_rule(leeds, settings):
    partnership, _ = leeds
    settings.EVIDENCE_SUPPRESS_BELOW = 5
    a = _generate(partnership, "public")
    names = {r["category"] for r in a.result["categories"]}
    assert "Domestic abuse incidents" in names
    assert "Hospital admissions for assault" not in names  # partners-only dataset


def test_the_page_shows_partner_rows_and_their_files(leeds, client):
    partnership, _ = leeds
    a = _generate(partnership, "public")
    page = client.get(f"/p/{partnership.slug}/assessments/{a.pk}/").content.decode()
    assert "Partner data and road casualties" in page
    assert "da-2018-07.csv" in page
    assert "Domestic abuse incidents (Demonstration data)" in page
    import io

    from docx import Document

    from assessments.documents import docx_bytes

    text = " ".join(
        cell.text
        for table in Document(io.BytesIO(docx_bytes(a.result))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Domestic abuse incidents (Demonstration data)" in text
    assert "da-2018-07.csv" in text


def test_a_public_assessment_withholds_small_months_and_a_complement_from_the_chart(settings):
    from assessments.partner_evidence import extend_strategic
    from evidence.selectors import EvidenceFile, EvidenceSeries

    settings.EVIDENCE_SUPPRESS_BELOW = 5
    months = [f"2010-{m:02d}" for m in range(1, 13)] + [f"2011-{m:02d}" for m in range(1, 13)]
    values = dict.fromkeys(months, 20)
    values["2011-03"] = 2  # a small month in the current period
    series = EvidenceSeries(
        key="dataset-1",
        dataset_id=1,
        name="Deliberate primary fires",
        source="Fire and rescue service",
        theme="Criminal damage and arson",
        unit="fires",
        kind="partner",
        granularity="month",
        geography="lsoa",
        rate_fits=True,
        harm_weight=4.0,
        higher_is_worse=True,
        demonstration=False,
        visibility="public",
        values=values,
        files=(EvidenceFile(1, "2011-03", "fires-2011-03.csv", "a" * 64, 3),),
    )
    result = {
        "current": {"from": "2011-01", "to": "2011-12", "label": "2011"},
        "baseline": {"from": "2010-01", "to": "2010-12", "label": "2010"},
        "area": {"name": "Maidstone", "codes": ["E07000110"], "population": 150000},
        "categories": [],
        "provenance": {"partitions": []},
        "scoring": {},
        "partner_measures": [],
        "totals": {
            "current": 0,
            "baseline": 0,
            "rate_per_1000": 0,
            "percent_change": None,
            "p_value": 1.0,
            "significant": False,
        },
        "monthly": {"months": []},
        "peers": {"areas": []},
        "sub_areas": [],
        "repeat_location": {"total_crimes": 0},
        "priorities": [],
    }
    public = extend_strategic({**result, "categories": []}, series=[series], public=True)[
        "partner_evidence"
    ]["charts"][0]["values"]
    partners = extend_strategic({**result, "categories": []}, series=[series], public=False)[
        "partner_evidence"
    ]["charts"][0]["values"]
    assert partners == [values[m] for m in months]
    hidden = [m for m, v in zip(months, public, strict=True) if v is None]
    # The small month and one complement in the same year (whose total is published).
    assert "2011-03" in hidden and len([m for m in hidden if m.startswith("2011")]) >= 2
    assert [m for m, a, b in zip(months, public, partners, strict=True) if a != b] == hidden
