"""Benchmark a strategic assessment with five partner datasets and road casualties (issue 15).

Builds a 10-year crime store the way bench/assessment.py does (the three real West Yorkshire
street files copied 40 times with the month rewritten: 120 months), declares five partner
datasets for Leeds (four by LSOA and month, one by outward postcode and quarter) and loads 120
months of synthetic files for each through ``evidence.services`` (the real import), plus ten
years of synthetic STATS19 collision and casualty files. Then it times, best of ``--repeat``:

* the floor: the police.uk-only figures (``build_strategic_assessment``);
* the whole assessment: the floor plus reading the partner series and adding their rows, charts,
  tests and scoring (``evidence_series`` + ``extend_strategic``), the work ``assessment_generate``
  does.

Target: the whole assessment <= 2 s, printed beside the floor.

Run: .venv/bin/python bench/evidence.py [--copies 40] [--repeat 3]
Uses a temporary SQLite database unless DATABASE_URL is set. Needs the test data
(.venv/bin/python scripts/fetch_test_data.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
TMP = tempfile.mkdtemp(prefix="bench-evidence-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402

from assessments.partner_evidence import extend_strategic  # noqa: E402
from assessments.periods import Period  # noqa: E402
from assessments.strategic import build_strategic_assessment  # noqa: E402
from bench.crime_import import LEEDS, LOOKUP, POPULATION, build_input  # noqa: E402
from crime.formats import Dataset  # noqa: E402
from crime.geography import load_geography  # noqa: E402
from crime.ingest import import_paths  # noqa: E402
from crime.selectors import lsoa_lookup  # noqa: E402
from crime.store import Store  # noqa: E402
from evidence import services  # noqa: E402
from evidence.demo import stats19_files  # noqa: E402
from evidence.selectors import evidence_series  # noqa: E402

MONTHLY_PRESETS = {
    "police-domestic-abuse-incidents": 900.0,
    "police-domestic-abuse-crimes": 450.0,
    "fire-deliberate-secondary-fires": 120.0,
    "ambulance-assault-call-outs": 400.0,
}
OUTWARD = [f"LS{n}" for n in range(1, 30)]


def best_of(repeat: int, fn):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), times[0], value


def load_partner_data(partnership, store: Store, months: list[str]) -> int:
    lookup = lsoa_lookup(store=store)
    lsoas = sorted(c for c, r in lookup.items() if r.la_code == LEEDS)
    rng = np.random.default_rng(15)
    files = 0
    for key, level in MONTHLY_PRESETS.items():
        dataset = services.dataset_declare_from_preset(
            partnership=partnership, key=key, visibility="public", demonstration=True
        )
        weights = rng.gamma(2.0, 1.0, len(lsoas))
        weights /= weights.sum()
        for month in months:
            counts = rng.poisson(level * weights)
            body = "\n".join(f"{month},{c},{n}" for c, n in zip(lsoas, counts, strict=True))
            services.dataset_load(
                dataset=dataset,
                period=month,
                filename=f"{key}-{month}.csv",
                data=f"period,lsoa_code,count\n{body}\n".encode(),
                store=store,
            )
            files += 1
    hospital = services.dataset_declare_from_preset(
        partnership=partnership,
        key="hospital-drug-alcohol-admissions",
        geography_codes=OUTWARD,
        visibility="public",
        demonstration=True,
    )
    for quarter in (m for m in months if int(m[5:]) in (1, 4, 7, 10)):
        counts = rng.poisson(20.0, len(OUTWARD))
        body = "\n".join(f"{quarter},{c},{n}" for c, n in zip(OUTWARD, counts, strict=True))
        services.dataset_load(
            dataset=hospital,
            period=quarter,
            filename=f"hospital-{quarter}.csv",
            data=f"period,outward_postcode,count\n{body}\n".encode(),
            store=store,
        )
        files += 1
    for year in sorted({int(m[:4]) for m in months}):
        collisions, casualties = stats19_files(
            year, lsoas, first=months[0], last=months[-1], monthly=230.0, district=LEEDS
        )
        services.road_casualties_load(
            partnership=partnership,
            year=year,
            collisions_name=f"collision-{year}.csv",
            collisions=collisions,
            casualties_name=f"casualty-{year}.csv",
            casualties=casualties,
            store=store,
        )
        files += 2
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    from partnership.models import Partnership

    store = Store(Path(TMP) / "crime")
    print(f"Building {args.copies} copies of the West Yorkshire files…", flush=True)
    files, rows = build_input(Path(TMP) / "input", args.copies)
    load_geography(lookup_csv=LOOKUP, population_csv=POPULATION, store=store)
    start = time.perf_counter()
    import_paths(files, store=store)
    print(f"Imported {rows:,} rows from {len(files)} files in {time.perf_counter() - start:.1f} s")
    months = sorted(p.stem for p in store.partition_files(Dataset.STREET))
    partnership = Partnership.objects.create(
        name="Safer Leeds", slug="safer-leeds", area_codes=[LEEDS]
    )
    start = time.perf_counter()
    loaded = load_partner_data(partnership, store, months)
    print(
        f"Loaded {loaded} partner and STATS19 files in {time.perf_counter() - start:.1f} s "
        f"({months[0]} to {months[-1]})"
    )
    last = months[-1]
    current = Period(Period.parse(last).shifted(-11).first, last)
    baseline = current.shifted(-12)

    def floor():
        return build_strategic_assessment(
            area_codes=[LEEDS], current=current, baseline=baseline, store=store
        )

    def whole():
        result = floor()
        series = evidence_series(
            partnership=partnership, area_codes=[LEEDS], visibility="public", store=store
        )
        return extend_strategic(result, series=series, public=True)

    floor_s, floor_first, _ = best_of(args.repeat, floor)
    whole_s, whole_first, result = best_of(args.repeat, whole)
    partner = [r for r in result["categories"] if r.get("source")]
    print(f"Leeds ({LEEDS}): {current.label} against {baseline.label}")
    for r in partner:
        print(
            f"  {r['category']:<62} {r['baseline']:>7,} -> {r['current']:>7,}  "
            f"p = {r['p_value']:.3g}"
        )
    print(f"{'floor (police.uk only)':<34}{floor_s:8.3f} s   (first {floor_first:.3f} s)")
    print(
        f"{'with 5 datasets + road casualties':<34}{whole_s:8.3f} s   (first {whole_first:.3f} s;"
        f" target <= 2 s; {len(partner)} partner rows, "
        f"{len(result['provenance']['partner_files'])} files traced)"
    )


if __name__ == "__main__":
    import shutil

    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
