"""factory_boy factories for the assessments app."""

import factory

from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    EvidenceSnapshot,
    PartnerMeasure,
    PartnerMeasureValue,
)
from assessments.narrative import strategic_narrative
from assessments.periods import Period
from assessments.scoring import DEFAULT_FACTOR_WEIGHTS, score_categories
from assessments.strategic import ALL_CRIME, category_row, period_json
from core.models import Visibility
from partnership.factories import PartnershipFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A finished assessment with a small, hand-made result (no crime store needed)."""

    class Meta:
        model = Assessment

    partnership = factory.SubFactory(PartnershipFactory)
    kind = AssessmentKind.STRATEGIC
    title = factory.Sequence(lambda n: f"Strategic assessment {n}")
    area_codes = factory.LazyAttribute(lambda o: list(o.partnership.area_codes))
    current_from = "2018-07"
    current_to = "2018-07"
    baseline_from = "2017-07"
    baseline_to = "2017-07"
    status = AssessmentStatus.QUEUED
    visibility = Visibility.PARTNERS


class PartnerMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMeasure

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Partner measure {n}")
    visibility = Visibility.PARTNERS


class PartnerMeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMeasureValue

    measure = factory.SubFactory(PartnerMeasureFactory)
    period = "2018-07"
    value = 10.0


class EvidenceSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceSnapshot

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Evidence {n}")
    visibility = Visibility.PARTNERS


def sample_result(*, area_name: str = "Maidstone", codes: list[str] | None = None) -> dict:
    """A small but complete strategic-assessment result, for tests that need no crime store."""
    rows = [
        category_row(
            category,
            current,
            baseline,
            population=170000,
            current_months=1,
            baseline_months=1,
            harm_weight=weight,
        )
        for category, current, baseline, weight in (
            ("Burglary", 80, 60, 300.0),
            ("Violence and sexual offences", 400, 380, 100.0),
        )
    ]
    for row in rows:
        row["peers"] = None
        row["unallocated_share"] = 0.02
    totals = category_row(
        ALL_CRIME, 480, 440, population=170000, current_months=1, baseline_months=1, harm_weight=0
    )
    totals.update(peers=None, unallocated_share=0.02, harm_weight=None)
    result = {
        "schema_version": 1,
        "kind": "strategic",
        "method_version": "1.0",
        "generated_at": "2018-08-01T00:00:00+00:00",
        "demonstration": False,
        "area": {"codes": codes or ["E07000110"], "name": area_name, "population": 170000},
        "current": period_json(Period.parse("2018-07")),
        "baseline": period_json(Period.parse("2017-07")),
        "significance_level": 0.05,
        "categories": rows,
        "totals": totals,
        "peers": {"areas": [], "basis": ALL_CRIME, "count": 0},
        "sub_areas": [],
        "wards": {"lookup": None, "significance_level": 0.002, "rows": []},
        "repeat_location": {
            "category": "Burglary",
            "label": "Repeat-location proxy (police.uk has no victim identifiers)",
            "total_crimes": 80,
            "repeat_location_crimes": 10,
            "locations": 75,
            "repeat_locations": 5,
            "share": 0.125,
        },
        "monthly": {"months": [], "total": [], "series": {}, "chart": None},
        "partner_measures": [],
        "scoring": {"factor_weights": dict(DEFAULT_FACTOR_WEIGHTS), "public_concern": {}},
        "priorities": score_categories(
            rows, weights=DEFAULT_FACTOR_WEIGHTS, public_concern={}, measures=[]
        ),
        "provenance": {"partitions": [], "geography_sha256": "", "imports": []},
    }
    result["narrative"] = strategic_narrative(result)
    return result
