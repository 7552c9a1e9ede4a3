"""Synthetic demonstration crime data for Maidstone, and the demo partnership's assessments.

No real street-level police.uk file for Maidstone is available offline, so ``load`` generates 36
months (November 2007 to October 2010, ending just before the delivery group's meeting of 25
November 2010 in seed 002) of police.uk-shaped street files for every LSOA policed by Kent, from:

* ``demo_data/kent_lsoas.csv`` — Kent's LSOAs with their MSOA, local authority and 2011 census
  population (ONS lookup and census tables as shipped in crime-sim-toolkit 1.5.0, OGL v3.0);
* ``demo_data/kent_offences_2017_18.csv`` — Kent Police's recorded offences in 2017/18 by police.uk
  category (Home Office ``prc-pfa-201718_new.csv``, crime-sim-toolkit 1.5.0, OGL v3.0).

Each LSOA's expected monthly count per category is the Kent count shared by population, times a
fixed per-LSOA multiplier (hot spots), a seasonal factor and a yearly trend; the count is a
Poisson draw from a fixed seed, so the data are the same on every machine. Every row says
"Synthetic demonstration data" in its Reported by and Falls within columns, which is how
assessments recognise it and label every page, chart and document "Demonstration data — not
real crime figures". The files go through the crime engine's own import, so they carry
provenance like any other. Real Kent data already in the store is never overwritten.

The demo partnership's county is Kent (seed 002: Kent County Council, "all other partnership
meetings in the county", burglary "still low against overall county figures"): the Kent districts
the shipped lookup holds, which are ten of its twelve (it has no Dartford or Gravesham LSOAs), so
the assessments write that sentence from the synthetic figures. The seeds name no similar areas,
so the demo sets no peer family and the assessments say so.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import Assessment, AssessmentKind, PartnerMeasure
from assessments.periods import Period
from crime import services as crime_services
from crime.formats import SYNTHETIC_REPORTED_BY as SYNTHETIC
from crime.formats import Dataset
from crime.geography import load_geography
from crime.selectors import local_authorities, real_months
from crime.store import default_store
from evidence.demo import load as load_partner_evidence

DATA = Path(__file__).resolve().parent / "demo_data"
LSOAS = DATA / "kent_lsoas.csv"
OFFENCES = DATA / "kent_offences_2017_18.csv"

FORCE = "kent"
DEMO_IMPORT_NAME = "Demonstration data: synthetic Kent street files (not real crime figures)"
MAIDSTONE = "E07000110"
MONTHS = Period("2007-11", "2010-10")
SEED = 20101125

# Multiplicative seasonal factor by calendar month (January first).
SEASON = {
    "default": [0.94, 0.90, 0.97, 0.98, 1.03, 1.04, 1.10, 1.08, 1.00, 1.01, 0.98, 0.97],
    "Burglary": [1.12, 1.02, 0.97, 0.90, 0.88, 0.86, 0.88, 0.92, 0.96, 1.10, 1.18, 1.21],
    "Violence and sexual offences": [
        0.90,
        0.88,
        0.96,
        0.98,
        1.05,
        1.07,
        1.12,
        1.08,
        1.00,
        1.00,
        0.97,
        0.99,
    ],
}
# Yearly change by category (seed 002, item 7.1: burglary, theft and drugs up; violence down).
TREND = {
    "Burglary": 1.22,
    "Drugs": 1.25,
    "Other theft": 1.10,
    "Shoplifting": 1.07,
    "Theft from the person": 1.10,
    "Other crime": 1.06,
    "Violence and sexual offences": 0.93,
    "Vehicle crime": 0.94,
    "Criminal damage and arson": 0.97,
}
# Maidstone sits below the county for burglary ("still low against overall county figures").
AREA_LEVEL = {(MAIDSTONE, "Burglary"): 0.7}
UNALLOCATED_SHARE = 0.025
SNAP_POINTS = 6
RETIRED_MEASURES = ["Repeat domestic abuse victims"]


def _lsoas() -> list[dict]:
    with open(LSOAS, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _offences() -> dict[str, int]:
    with open(OFFENCES, newline="", encoding="utf-8") as fh:
        return {row["category"]: int(row["offences_2017_18"]) for row in csv.DictReader(fh)}


def synthetic_files(folder: Path) -> list[Path]:
    """Write the 36 monthly street files of synthetic data into ``folder``; return their paths."""
    rng = np.random.default_rng(SEED)
    lsoas = _lsoas()
    offences = _offences()
    categories = sorted(offences)
    populations = np.array([int(row["Persons"]) for row in lsoas], dtype=float)
    share = populations / populations.sum()
    # A fixed hot-spot multiplier per LSOA and category, mean about 1.
    hot = rng.lognormal(mean=-0.18, sigma=0.6, size=(len(lsoas), len(categories)))
    level = np.array(
        [
            [AREA_LEVEL.get((row["Local authority code"], cat), 1.0) for cat in categories]
            for row in lsoas
        ]
    )
    codes = np.array([row["LSOA code"] for row in lsoas])
    names = np.array([row["LSOA name"] for row in lsoas])
    files = []
    for index, month in enumerate(MONTHS.months):
        calendar = int(month[5:7]) - 1
        years = (index - (MONTHS.length - 1)) / 12  # 0 at the last month
        season = np.array([SEASON.get(c, SEASON["default"])[calendar] for c in categories])
        trend = np.array([TREND.get(c, 1.0) ** years for c in categories])
        base = np.array([offences[c] for c in categories]) / 12 * season * trend
        counts = rng.poisson(share[:, None] * base[None, :] * hot * level)
        lsoa_index, category_index = np.nonzero(counts)
        repeats = counts[lsoa_index, category_index]
        lsoa_rows = np.repeat(lsoa_index, repeats)
        category_rows = np.repeat(category_index, repeats)
        points = rng.integers(1, SNAP_POINTS + 1, size=len(lsoa_rows))
        lost = rng.random(len(lsoa_rows)) < UNALLOCATED_SHARE
        files.append(
            _write_month(
                folder,
                month,
                codes[lsoa_rows],
                names[lsoa_rows],
                [categories[c] for c in category_rows],
                points,
                lost,
            )
        )
    return files


def _write_month(folder: Path, month: str, codes, names, categories, points, lost) -> Path:
    path = folder / month / f"{month}-{FORCE}-street.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context"
    )
    tail = "Synthetic: no outcome,Synthetic demonstration data - not a real crime"
    lines = [header]
    for n in range(len(codes)):
        if lost[n]:
            place = "No Location,,"
        else:
            place = (
                f"On or near Demonstration Street {points[n]} ({names[n]}),{codes[n]},{names[n]}"
            )
        lines.append(
            f"DEMO-{month}-{n:06d},{month},{SYNTHETIC},{SYNTHETIC},,,{place},{categories[n]},{tail}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _real_months(store) -> set[str]:
    """Kent months already in the store from real (non-synthetic) files."""
    return set(real_months(forces=[FORCE], store=store))


def _synthetic_complete(store, real: set[str]) -> bool:
    held = {p.stem for p in store.partition_files(Dataset.STREET, forces=[FORCE])}
    return all(m in held for m in MONTHS.months) and not (real & set(MONTHS.months))


def load_crime(*, store=None, stdout=None) -> str:
    """Put the synthetic Kent months into the crime store (and the Kent geography if none)."""
    store = store or default_store()
    if not store.geography_path.exists():
        load_geography(lookup_csv=LSOAS, population_csv=LSOAS, store=store)
    else:
        if not any(la.lsoas for la in local_authorities(area_codes=[MAIDSTONE], store=store)):
            return "Skipped the synthetic crime data: the loaded geography has no Maidstone LSOAs."
    real = _real_months(store)
    if _synthetic_complete(store, real):
        return "The synthetic Kent street data are already loaded."
    with tempfile.TemporaryDirectory() as tmp:
        files = [f for f in synthetic_files(Path(tmp)) if f.parent.name not in real]
        if files:
            # Recorded as an instance import, so the imports page lists what it wrote.
            crime_import = crime_services.crime_import_create(
                source_name=DEMO_IMPORT_NAME, requested_by_name="Demonstration data loader"
            )
            crime_services.crime_import_run(
                crime_import=crime_import,
                paths=files,
                store=store,
                labels={f: f.name for f in files},
            )
    skipped = f" ({len(real)} months of real Kent data kept)" if real else ""
    return f"Loaded {len(files)} months of synthetic Kent street data{skipped}."


def kent_districts() -> list[str]:
    """The Kent County Council districts in the shipped lookup (Medway is a unitary)."""
    return sorted({row["Local authority code"] for row in _lsoas()} - {"E06000035"})


def load_county(partnership) -> str:
    """Set Kent as the demo partnership's county (no peer family: the seeds name none)."""
    try:
        services.comparators_update(
            partnership=partnership, county_name="Kent", county_codes=kent_districts(), peers=[]
        )
    except ValidationError as exc:
        return f"Skipped the county: {' '.join(exc.messages)}"
    return "Set Kent as the county; no peer family (the seeds name none)."


def load(partnership) -> None:
    """Demo loader: synthetic crime data, scoring settings, county, partner measures and
    assessments."""
    message = load_crime()
    print(message)  # noqa: T201 - load_demo's output
    services.scoring_config_update(
        partnership=partnership,
        public_concern={
            "Anti-social behaviour": 4,
            "Burglary": 4,
            "Drugs": 3,
            "Violence and sexual offences": 4,
            "Vehicle crime": 2,
        },
    )
    # Seed 002 item 7.1: "Domestic abuse has decreased, although figures for repeat victims are
    # not available", so the demo holds no repeat-victim figures (earlier demos invented 36
    # months of them; a refresh removes them). Abandoned vehicles, which item 7.1 discusses, are
    # synthetic demonstration figures like the crime data.
    PartnerMeasure.objects.filter(partnership=partnership, name__in=RETIRED_MEASURES).delete()
    rows = ["measure,period,value"]
    rng = np.random.default_rng(SEED + 1)
    for month in MONTHS.months:
        rows.append(f"Abandoned vehicles,{month},{rng.poisson(14 if month != MONTHS.last else 31)}")
    services.partner_measures_import(
        partnership=partnership,
        data=("\n".join(rows) + "\n").encode(),
        filename="demo-partner-measures.csv",
    )
    if "Skipped" in message:
        return
    print(load_county(partnership))  # noqa: T201 - load_demo's output
    print(load_partner_evidence(partnership))  # noqa: T201 - load_demo's output (issue 15)
    Assessment.objects.filter(partnership=partnership, demonstration=True).delete()
    current = Period("2009-11", "2010-10")
    for kind, baseline in (
        (AssessmentKind.STRATEGIC, current.shifted(-12)),
        (AssessmentKind.EXCEPTIONS, None),
    ):
        assessment = services.assessment_request(
            partnership=partnership,
            kind=kind,
            current=current if kind == AssessmentKind.STRATEGIC else Period("2010-10", "2010-10"),
            baseline=baseline,
            visibility="public",
            run=False,
        )
        services.assessment_generate(assessment=assessment)
