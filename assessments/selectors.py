"""Reads for the assessments: their Django records (filtered by visibility) and the months the
crime store holds for an area.

The crime figures themselves come from ``crime.selectors`` (``area_extract``): DuckDB SQL lives only
in the crime selectors.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.permissions import visible_q
from assessments.models import (
    Assessment,
    AssessmentKind,
    Comparators,
    EvidenceSnapshot,
    PartnerMeasure,
)
from assessments.periods import Period, default_periods
from assessments.sub_areas import MSOA, WARD, CategoryReport, SubAreaCounts, compare_units
from assessments.sub_areas import sub_area_counts as add_up_sub_areas
from crime.models import WardLookup
from crime.selectors import (
    area_lsoas,
    area_months,
    crime_counts_by_lsoa,
    flagged_force_months,
    forces_for_area,
    lsoa_wards,
    synthetic_months,
    ward_lookup_current,
)
from crime.store import Store, default_store


def area_months_held(*, area_codes: list[str], store: Store | None = None) -> list[str]:
    """Months for which the store holds street data from a force policing the area."""
    store = store or default_store()
    if not store.geography_path.exists():
        return []
    return area_months(area_codes=area_codes, store=store)


def area_months_usable(*, area_codes: list[str], store: Store | None = None) -> list[str]:
    """Months held for the area that no force policing it has missing or implausibly low.

    Default periods are chosen from these, so a suggested assessment never includes a gap.
    """
    store = store or default_store()
    held = area_months_held(area_codes=area_codes, store=store)
    if not held:
        return []
    forces = forces_for_area(area_codes=area_codes, store=store)
    flagged = {f.month for f in flagged_force_months(forces=forces, store=store)}
    return [m for m in held if m not in flagged]


@dataclass
class SubAreaPage:
    """What the "Wards and neighbourhoods against the borough" page shows for one category."""

    category: str
    lookup: WardLookup | None
    periods: tuple[Period, Period] | None
    wards: CategoryReport | None = None
    msoas: CategoryReport | None = None
    demonstration: bool = False


def sub_area_counts(
    *, partnership, current: Period, baseline: Period, store: Store | None = None
) -> tuple[SubAreaCounts, WardLookup | None]:
    """The area's crimes per LSOA in each period, grouped into its wards (if a lookup is loaded)
    and MSOAs: one GROUP BY LSOA, month and category over the store, added up in Python."""
    store = store or default_store()
    area_codes = list(partnership.area_codes)
    lookup = ward_lookup_current(partnership=partnership)
    counts = crime_counts_by_lsoa(
        area_codes=area_codes,
        month_from=min(baseline.first, current.first),
        month_to=max(baseline.last, current.last),
        store=store,
    )
    return (
        add_up_sub_areas(
            lsoas=area_lsoas(area_codes=area_codes, store=store),
            counts=counts,
            current=current,
            baseline=baseline,
            wards=lsoa_wards(lookup=lookup) if lookup is not None else None,
        ),
        lookup,
    )


def sub_area_page(*, partnership, category: str, store: Store | None = None) -> SubAreaPage:
    """Every ward and MSOA against the borough for one category, over the latest 12 months
    against the 12 before (or the latest month against a year earlier, when that is all held)."""
    store = store or default_store()
    periods = default_periods(area_months_usable(area_codes=partnership.area_codes, store=store))
    if periods is None:
        return SubAreaPage(category, ward_lookup_current(partnership=partnership), None)
    current, baseline = periods
    counts, lookup = sub_area_counts(
        partnership=partnership, current=current, baseline=baseline, store=store
    )
    forces = forces_for_area(area_codes=partnership.area_codes, store=store)
    demonstration = bool(
        synthetic_months(
            forces=forces, month_from=baseline.first, month_to=current.last, store=store
        )
    )
    return SubAreaPage(
        category=category,
        lookup=lookup,
        periods=periods,
        wards=compare_units(counts, category=category, level=WARD) if lookup else None,
        msoas=compare_units(counts, category=category, level=MSOA),
        demonstration=demonstration,
    )


# Django records ------------------------------------------------------------------------------


def assessments_visible(*, user, partnership, kind: str | None = None):
    """Assessments of the partnership that the user may read, newest first."""
    qs = Assessment.objects.filter(partnership=partnership).filter(visible_q(user, partnership))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("created_by").order_by("-created").distinct()


def assessment_kinds() -> list[str]:
    """The kinds of assessment, for filters."""
    return list(AssessmentKind.values)


def measures_visible(*, user, partnership):
    """Partner measures the user may read, with their values."""
    return (
        PartnerMeasure.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .prefetch_related("values")
        .order_by("name")
        .distinct()
    )


def snapshots_visible(*, user, partnership):
    """Evidence snapshots the user may read, newest first."""
    return (
        EvidenceSnapshot.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("assessment")
        .order_by("-created")
        .distinct()
    )


def comparators_of(*, partnership) -> Comparators | None:
    """The partnership's county and peer family, if set (area names and codes are public)."""
    return Comparators.objects.filter(partnership=partnership).first()
