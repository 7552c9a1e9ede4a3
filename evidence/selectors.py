"""Reads for partner evidence: datasets a reader may see, their loads, tables and series.

``evidence_series`` is what the assessments read: each dataset's count for the partnership's
area per period, with the files it came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Sum
from django.shortcuts import get_object_or_404

from accounts.permissions import Access, access_level, require_visible, visible_q
from core.models import Visibility
from crime.selectors import lsoa_lookup
from crime.store import Store
from evidence.ingest import SEVERITY_LABELS, area_key
from evidence.models import DatasetCount, DatasetKind, DatasetLoad, Geography, PartnerDataset
from evidence.suppression import label, suppress, threshold

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def period_label(period: str, granularity: str) -> str:
    """ "Jul 2010", "Jul to Sep 2010" for a quarter, or the year of a year's file."""
    if len(period) == 4:
        return period
    year, month = int(period[:4]), int(period[5:7])
    if granularity == "quarter":
        return f"{MONTHS[month - 1]} to {MONTHS[(month + 1) % 12]} {year}"
    return f"{MONTHS[month - 1]} {year}"


def datasets_visible(*, user, partnership):
    """The partnership's datasets the user may read, with their loads counted."""
    return (
        PartnerDataset.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .annotate(
            load_count=Count("loads", distinct=True),
            latest_period=Max("loads__period"),
            latest_load=Max("loads__created"),
        )
        .distinct()
        .order_by("kind", "title")
    )


def dataset_get(*, user, partnership, pk: int) -> PartnerDataset:
    """One dataset the user may read (404 otherwise)."""
    dataset = get_object_or_404(PartnerDataset, partnership=partnership, pk=pk)
    return require_visible(user, dataset, partnership)


def dataset_loads(*, dataset: PartnerDataset) -> list[DatasetLoad]:
    """A dataset's loads, newest period first, with who loaded them."""
    return list(dataset.loads.select_related("uploaded_by").order_by("-period"))


@dataclass
class CountTable:
    """Counts by row (geography code, or severity) × column (period), with totals as shown."""

    caption: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    row_totals: list[str]
    column_totals: list[str]
    grand_total: str
    suppressed: bool
    withheld: int
    threshold: int
    notes: list[str] = field(default_factory=list)


def dataset_table(*, user, partnership, dataset: PartnerDataset, periods: int = 6) -> CountTable:
    """The latest periods' counts; the public see small numbers suppressed, partners the truth."""
    loads = list(dataset.loads.order_by("-period")[:periods])[::-1]
    road = dataset.kind == DatasetKind.ROAD
    by_row: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        DatasetCount.objects.filter(load__in=loads)
        .values("load_id", "code", "breakdown")
        .annotate(n=Sum("count"))
    ):
        key = SEVERITY_LABELS.get(row["breakdown"], row["breakdown"]) if road else row["code"]
        by_row[key or "Whole area"][row["load_id"]] += row["n"]
    keys = [k for k in SEVERITY_LABELS.values() if k in by_row] if road else sorted(by_row)
    values = [[by_row[k].get(load.pk, 0) for load in loads] for k in keys]
    public = access_level(user, partnership) < Access.VIEWER
    limit = threshold() if public else 0
    result = suppress(values, limit=limit) if values and loads else None
    columns = [period_label(load.period, dataset.granularity) for load in loads]
    if result is None:
        return CountTable(
            f"{dataset.title} by period", "", columns, [], [], [], "0", public, 0, limit
        )
    totals_by_row = [sum(v) for v in values]
    totals_by_col = [sum(values[r][c] for r in range(len(keys))) for c in range(len(loads))]
    table = CountTable(
        caption=f"{dataset.title} ({dataset.unit}) by {'severity' if road else 'geography'} "
        "and period",
        row_heading="Severity" if road else dataset.get_geography_display(),
        columns=columns,
        rows=[
            (k, [label(result.cells[r][c], values[r][c], limit) for c in range(len(loads))])
            for r, k in enumerate(keys)
        ],
        row_totals=[
            label(s, v, limit) for s, v in zip(result.row_totals, totals_by_row, strict=True)
        ],
        column_totals=[
            label(s, v, limit) for s, v in zip(result.column_totals, totals_by_col, strict=True)
        ],
        grand_total=label(result.grand_total, sum(totals_by_row), limit),
        suppressed=public and bool(limit),
        withheld=result.withheld,
        threshold=limit,
    )
    if public and limit and result.withheld:
        table.notes.append(
            f'Counts from 1 to {limit - 1} are shown as "fewer than {limit}", and cells marked '
            '"withheld" are hidden so those counts cannot be worked out from the totals. '
            "Partners see the true figures."
        )
    return table


# For the assessments -------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceFile:
    load_id: int
    period: str
    source: str
    sha256: str
    rows: int
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EvidenceSeries:
    """One dataset (or road casualty severity group) as the assessment reads it."""

    key: str
    dataset_id: int
    name: str
    source: str
    theme: str
    unit: str
    kind: str
    granularity: str
    geography: str
    rate_fits: bool
    harm_weight: float
    higher_is_worse: bool
    demonstration: bool
    visibility: str
    values: dict[str, int]  # the period's first month → the area's count
    files: tuple[EvidenceFile, ...]


AUDIENCES = {
    Visibility.PUBLIC: [Visibility.PUBLIC],
    Visibility.PARTNERS: [Visibility.PUBLIC, Visibility.PARTNERS],
    Visibility.RESTRICTED: [Visibility.PUBLIC, Visibility.PARTNERS],
}
ROAD_GROUPS = (
    ("ksi", "Road casualties killed or seriously injured", ("fatal", "serious"), 10.0),
    ("slight", "Road casualties slightly injured", ("slight",), 1.0),
)


def evidence_series(
    *, partnership, area_codes: list[str], visibility: str, store: Store | None = None
) -> list[EvidenceSeries]:
    """Every loaded dataset an assessment of this visibility may use, counted for the area.

    An assessment uses only datasets at least as widely visible as itself (restricted
    datasets are left out of every assessment). LSOA counts are summed over the area's LSOAs;
    outward postcode and ward datasets count the codes they declare as the area.
    """
    datasets = list(
        PartnerDataset.objects.filter(
            partnership=partnership, visibility__in=AUDIENCES.get(Visibility(visibility), [])
        )
        .filter(loads__isnull=False)
        .distinct()
        .order_by("kind", "title")
    )
    if not datasets:
        return []
    area = set(area_codes)
    lsoas: set[str] | None = None
    if any(d.geography == Geography.LSOA for d in datasets):
        try:
            lookup = lsoa_lookup(store=store)
        except LookupError:
            lookup = {}
        lsoas = {code for code, row in lookup.items() if row.la_code in area}
    loads = defaultdict(list)
    for load in DatasetLoad.objects.filter(dataset__in=datasets).order_by("period"):
        loads[load.dataset_id].append(load)
    out = []
    for d in datasets:
        files = tuple(
            EvidenceFile(
                load.pk,
                load.period,
                load.source_name,
                load.sha256,
                load.rows,
                tuple((e["source"], e["sha256"]) for e in load.extra_sources),
            )
            for load in loads[d.pk]
        )
        months = sorted({m for load in loads[d.pk] for m in load.months})
        starts = (
            months
            if d.granularity == "month"
            else sorted({m for load in loads[d.pk] for m in load.months[:1]})
        )

        # Each load summed its area's counts when it was loaded; a load summed for another
        # area (the geography or the partnership's area changed since) is summed again here.
        expected = area_key(lsoas if d.geography == Geography.LSOA else None)
        sums: dict[tuple[str, str], int] = defaultdict(int)
        stale = []
        for load in loads[d.pk]:
            if load.area_key != expected:
                stale.append(load.pk)
                continue
            for key, n in load.area_counts.items():
                month, breakdown = key.split("|", 1)
                sums[(month, breakdown)] += n
        if stale:
            counts = DatasetCount.objects.filter(load_id__in=stale)
            if d.geography == Geography.LSOA:
                counts = counts.filter(code__in=sorted(lsoas or ()))
            for r in counts.values("month", "breakdown").annotate(n=Sum("count")):
                sums[(r["month"], r["breakdown"])] += r["n"]

        def total(breakdowns: tuple[str, ...] | None, sums=sums, starts=starts) -> dict[str, int]:
            values = dict.fromkeys(starts, 0)
            for (month, breakdown), n in sums.items():
                if month in values and (breakdowns is None or breakdown in breakdowns):
                    values[month] += n
            return values

        common: dict[str, Any] = {
            "dataset_id": d.pk,
            "source": d.source,
            "unit": d.unit,
            "kind": d.kind,
            "granularity": d.granularity,
            "geography": d.geography,
            "rate_fits": d.geography in (Geography.LSOA, Geography.AREA),
            "higher_is_worse": d.higher_is_worse,
            "demonstration": d.demonstration,
            "visibility": d.visibility,
            "files": files,
        }
        if d.kind == DatasetKind.ROAD:
            for suffix, name, breakdowns, weight in ROAD_GROUPS:
                out.append(
                    EvidenceSeries(
                        key=f"dataset-{d.pk}-{suffix}",
                        name=name,
                        theme=d.theme,
                        harm_weight=weight if suffix == "slight" else d.harm_weight,
                        values=total(breakdowns),
                        **common,
                    )
                )
        else:
            out.append(
                EvidenceSeries(
                    key=f"dataset-{d.pk}",
                    name=d.title,
                    theme=d.theme,
                    harm_weight=d.harm_weight,
                    values=total(None),
                    **common,
                )
            )
    return out
