"""Reads for the assessments: their Django records (filtered by visibility) and the months the
crime store holds for an area.

The crime figures themselves come from ``crime.selectors`` (``area_extract``): DuckDB SQL lives only
in the crime selectors.
"""

from __future__ import annotations

from accounts.permissions import visible_q
from assessments.models import (
    Assessment,
    AssessmentKind,
    Comparators,
    EvidenceSnapshot,
    PartnerMeasure,
)
from crime.selectors import area_months, flagged_force_months, forces_for_area
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
