"""Writes for partner evidence: declaring datasets and loading a period's file (all or nothing).

A load is idempotent: the same file for the same period again changes nothing; another file for
a period already held replaces it in one transaction, recording the old file's SHA-256 and rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import Visibility
from crime.selectors import lsoa_lookup
from crime.store import Store
from evidence.ingest import (
    OUTWARD,
    WARD,
    EvidenceFileError,
    area_key,
    area_sums,
    read_partner_file,
    read_stats19,
)
from evidence.models import (
    DatasetCount,
    DatasetKind,
    DatasetLoad,
    Geography,
    Granularity,
    PartnerDataset,
)
from evidence.presets import PRESETS_BY_KEY

ROAD_TITLE = "Road casualties (STATS19)"


def _user_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.get_username())[:200]


def _codes(values: list[str] | str, geography: str) -> list[str]:
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    codes = sorted({v.strip().upper() for v in values if v.strip()})
    pattern = {Geography.OUTWARD_POSTCODE: OUTWARD, Geography.WARD: WARD}.get(Geography(geography))
    if pattern is None:
        return []
    bad = [c for c in codes if not pattern.match(c)]
    if bad:
        kind = "an outward postcode" if geography == Geography.OUTWARD_POSTCODE else "a ward code"
        raise ValidationError({"geography_codes": f"{bad[0]} is not {kind}"})
    if not codes:
        raise ValidationError(
            {"geography_codes": "List the codes that make up the area, separated by spaces"}
        )
    return codes


def dataset_declare(
    *,
    partnership,
    source: str,
    title: str,
    measure: str,
    unit: str,
    granularity: str,
    geography: str,
    geography_codes: list[str] | str = "",
    theme: str = "",
    harm_weight: float = 1.0,
    higher_is_worse: bool = True,
    visibility: str = Visibility.PARTNERS,
    template: str = "",
    demonstration: bool = False,
    user=None,
) -> PartnerDataset:
    """Declare a dataset once: who supplies it, what it counts, how often and where."""
    dataset = PartnerDataset(
        partnership=partnership,
        source=source,
        title=title,
        measure=measure,
        unit=unit,
        granularity=granularity,
        geography=geography,
        geography_codes=_codes(geography_codes, geography),
        theme=theme,
        harm_weight=harm_weight,
        higher_is_worse=higher_is_worse,
        visibility=visibility,
        template=template,
        demonstration=demonstration,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    dataset.full_clean()
    dataset.save()
    return dataset


def dataset_declare_from_preset(
    *, partnership, key: str, geography_codes: list[str] | str = "", **extra
) -> PartnerDataset:
    """Declare one of the s17A schedule's datasets from its template."""
    preset = PRESETS_BY_KEY[key]
    fields = {
        "source": preset.source,
        "title": preset.title,
        "measure": preset.measure,
        "unit": preset.unit,
        "granularity": preset.granularity,
        "geography": preset.geography,
        "theme": preset.theme,
        "harm_weight": preset.harm_weight,
        "template": key,
        **extra,
    }
    return dataset_declare(partnership=partnership, geography_codes=geography_codes, **fields)


@dataclass(frozen=True)
class LoadOutcome:
    load: DatasetLoad
    status: str  # imported | replaced | unchanged

    @property
    def summary(self) -> str:
        load = self.load
        if self.status == "unchanged":
            return f"{load.source_name} is already loaded for {load.period}: nothing changed."
        verb = "Replaced" if self.status == "replaced" else "Loaded"
        return (
            f"{verb} {load.rows:,} rows ({load.total:,} {load.dataset.unit}) from "
            f"{load.source_name} for {load.period}."
        )


def _known_codes(dataset: PartnerDataset, store: Store | None):
    if dataset.geography == Geography.LSOA:
        try:
            return lsoa_lookup(store=store)
        except LookupError as exc:
            raise EvidenceFileError(f"LSOA codes cannot be checked: {exc}") from None
    if dataset.geography == Geography.AREA:
        return None
    return set(dataset.geography_codes)


def _write(
    *,
    dataset: PartnerDataset,
    period: str,
    existing: DatasetLoad | None,
    fields: dict,
    counts: list[tuple[str, str, str, int]],
    area_lsoas: set[str] | None,
) -> tuple[DatasetLoad, str]:
    with transaction.atomic():
        if existing is not None:
            load = DatasetLoad.objects.select_for_update().get(pk=existing.pk)
            fields = {
                **fields,
                "replaced_sha256": load.sha256,
                "replaced_rows": load.rows,
            }
            load.counts.all().delete()
            for name, value in fields.items():
                setattr(load, name, value)
            status = "replaced"
        else:
            load = DatasetLoad(dataset=dataset, period=period, **fields)
            status = "imported"
        load.area_key = area_key(area_lsoas)
        load.area_counts = area_sums(counts, area_lsoas)
        load.full_clean()
        load.save()
        DatasetCount.objects.bulk_create(
            [
                DatasetCount(load=load, month=m, code=code, breakdown=b, count=n)
                for code, m, b, n in counts
            ],
            batch_size=2000,
        )
    return load, status


def dataset_load(
    *,
    dataset: PartnerDataset,
    period: str,
    filename: str,
    data: bytes,
    user=None,
    store: Store | None = None,
) -> LoadOutcome:
    """Load one period's CSV or XLSX into a declared dataset; any problem saves nothing."""
    if dataset.kind != DatasetKind.PARTNER:
        raise EvidenceFileError(f"{filename}: load road casualties from the STATS19 files")
    filename = filename.rsplit("/", 1)[-1][:255]
    sha = hashlib.sha256(data).hexdigest()
    existing = DatasetLoad.objects.filter(dataset=dataset, period=period).first()
    if existing is not None and existing.sha256 == sha:
        return LoadOutcome(existing, "unchanged")
    parsed = read_partner_file(
        filename=filename,
        data=data,
        geography=dataset.geography,
        granularity=dataset.granularity,
        period=period,
        known_codes=_known_codes(dataset, store),
        geography_label=dataset.get_geography_display(),
    )
    first = parsed.months[0]
    load, status = _write(
        dataset=dataset,
        period=period,
        existing=existing,
        fields={
            "months": parsed.months,
            "source_name": filename,
            "sha256": sha,
            "extra_sources": [],
            "rows": parsed.rows,
            "total": parsed.total,
            "skipped": 0,
            "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
            "uploaded_by_name": _user_name(user),
        },
        counts=[(code, first, "", n) for code, n in sorted(parsed.counts.items())],
        area_lsoas=_area_lsoas(dataset, store) if dataset.geography == Geography.LSOA else None,
    )
    return LoadOutcome(load, status)


def _area_lsoas(dataset: PartnerDataset, store: Store | None) -> set[str]:
    """The LSOAs of the dataset's partnership's area in the loaded geography."""
    area = set(dataset.partnership.area_codes)
    return {code for code, row in lsoa_lookup(store=store).items() if row.la_code in area}


def road_dataset_get(*, partnership, demonstration: bool = False) -> PartnerDataset:
    """The partnership's road casualty dataset (DfT open data, public), declared on first use."""
    dataset = PartnerDataset.objects.filter(partnership=partnership, kind=DatasetKind.ROAD).first()
    if dataset is None:
        dataset = PartnerDataset(
            partnership=partnership,
            kind=DatasetKind.ROAD,
            source=(
                "Demonstration data (synthetic, in the DfT STATS19 layout)"
                if demonstration
                else "Department for Transport (STATS19 road safety open data)"
            ),
            title=ROAD_TITLE,
            measure="Casualties in reported road collisions, by the collision's LSOA",
            unit="casualties",
            theme="Road safety",
            granularity=Granularity.MONTH,
            geography=Geography.LSOA,
            harm_weight=10.0,
            visibility=Visibility.PUBLIC,
            demonstration=demonstration,
        )
        dataset.full_clean()
        dataset.save()
    return dataset


def road_casualties_load(
    *,
    partnership,
    year: int,
    collisions_name: str,
    collisions: bytes,
    casualties_name: str,
    casualties: bytes,
    user=None,
    store: Store | None = None,
    demonstration: bool = False,
) -> LoadOutcome:
    """Load a year's STATS19 collision and casualty files: casualties by LSOA, month, severity."""
    collisions_name = collisions_name.rsplit("/", 1)[-1][:255]
    casualties_name = casualties_name.rsplit("/", 1)[-1][:255]
    dataset = road_dataset_get(partnership=partnership, demonstration=demonstration)
    period = str(year)
    sha = hashlib.sha256(collisions).hexdigest()
    casualty_sha = hashlib.sha256(casualties).hexdigest()
    extra = [{"source": casualties_name, "sha256": casualty_sha}]
    existing = DatasetLoad.objects.filter(dataset=dataset, period=period).first()
    if existing is not None and existing.sha256 == sha and existing.extra_sources == extra:
        return LoadOutcome(existing, "unchanged")
    try:
        known = lsoa_lookup(store=store)
    except LookupError as exc:
        raise EvidenceFileError(f"{collisions_name}: LSOA codes cannot be checked: {exc}") from None
    parsed = read_stats19(
        collisions_name=collisions_name,
        collisions=collisions,
        casualties_name=casualties_name,
        casualties=casualties,
        year=year,
        known_lsoas=known,
    )
    load, status = _write(
        dataset=dataset,
        period=period,
        existing=existing,
        fields={
            "months": parsed.months,
            "source_name": collisions_name,
            "sha256": sha,
            "extra_sources": extra,
            "rows": parsed.casualties,
            "total": sum(parsed.counts.values()),
            "skipped": parsed.skipped,
            "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
            "uploaded_by_name": _user_name(user),
        },
        counts=[(lsoa, m, sev, n) for (lsoa, m, sev), n in sorted(parsed.counts.items())],
        area_lsoas=_area_lsoas(dataset, store),
    )
    return LoadOutcome(load, status)
