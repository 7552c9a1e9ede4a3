"""Benchmark the police.uk import against a plain pandas baseline, and time an area summary.

Builds ~8.7M rows by copying the three real West Yorkshire street files 100 times with the month
rewritten per copy (300 months laid out like a police.uk archive), imports them into a fresh
store, then runs the pandas baseline (read_csv + to_parquet per file, then the LSOA join and
group-by) in the same run, and times the 36-month summary for Leeds on the imported store.

Then (issue 11) the same files go through DuckDB's own CSV -> Parquet COPY (insertion order off,
two threads) and Polars' scan_csv().sink_parquet() (in a throwaway environment, never a project
dependency: python3.12 -m venv /tmp/polars-venv && /tmp/polars-venv/bin/pip install polars
pyarrow), interleaved with the import --repeat times, and the medians and ratios are printed.

Run: .venv/bin/python bench/crime_import.py [--copies 100] [--repeat 3] [--keep]
     [--polars /tmp/polars-venv/bin/python]
Needs the test data: .venv/bin/python scripts/fetch_test_data.py
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()  # crime.selectors holds crime's record reads beside the store's

from crime.formats import STREET  # noqa: E402
from crime.geography import load_geography  # noqa: E402
from crime.ingest import import_paths  # noqa: E402
from crime.selectors import crime_counts_by_area  # noqa: E402
from crime.store import Store  # noqa: E402

DATA = ROOT / "var" / "testdata" / "crime_sim_toolkit" / "crime_sim_toolkit"
STREET_FOLDER = DATA / "tests" / "testing_data" / "test_policedata"
LOOKUP = DATA / "src" / "LSOA_data" / "PoliceforceLSOA.csv"
POPULATION = DATA / "src" / "LSOA_data" / "census_2011_population_hh.csv"
LEEDS = "E08000035"


def month_name(index: int, first_year: int = 2000) -> str:
    return f"{first_year + index // 12}-{index % 12 + 1:02d}"


def build_input(folder: Path, copies: int) -> tuple[list[Path], int]:
    """Write copies × 3 street files, each with its own month, and return them and the rows."""
    sources = sorted(STREET_FOLDER.glob("*/*-west-yorkshire-street.csv"))
    if len(sources) != 3:
        sys.exit("Test data missing: run .venv/bin/python scripts/fetch_test_data.py first")
    originals = [(s.name[:7], s.read_bytes()) for s in sources]
    files, rows, index = [], 0, 0
    for _ in range(copies):
        for original, data in originals:
            month = month_name(index)
            target = folder / month / f"{month}-west-yorkshire-street.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.replace(f",{original},".encode(), f",{month},".encode()))
            rows += data.count(b"\n") - 1
            files.append(target)
            index += 1
    return files, rows


class PeakRss:
    """Samples this process's resident memory in a thread; reports the peak while running."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self.peak = self._process.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def pandas_baseline(files: list[Path], out: Path) -> float:
    """read_csv + to_parquet per file, then the LSOA join and the area group-by; seconds."""
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for i, path in enumerate(files):
        frame = pd.read_csv(path, dtype={"Longitude": "float64", "Latitude": "float64"})
        frame.to_parquet(out / f"{i}.parquet", index=False)
    lookup = pd.read_csv(LOOKUP, usecols=["Local authority code", "LSOA Code"])
    crimes = pd.read_parquet(out, columns=["Month", "LSOA code", "Crime type"])
    joined = crimes.merge(lookup, left_on="LSOA code", right_on="LSOA Code")
    summary = joined.groupby(["Local authority code", "Month", "Crime type"]).size()
    assert summary.sum() > 0
    return time.perf_counter() - started


def duckdb_copy(files: list[Path], out: Path) -> float:
    """DuckDB's own CSV -> Parquet, one COPY per file, insertion order off; seconds."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"threads": 2, "preserve_insertion_order": False})
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    for i, path in enumerate(files):
        con.execute(
            f"COPY (SELECT * FROM read_csv('{path}', header = true, all_varchar = true)) "  # noqa: S608
            f"TO '{out / f'{i}.parquet'}' (FORMAT parquet)"
        )
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


POLARS_SCRIPT = """
import sys, time
import polars as pl
out, files = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
for i, path in enumerate(files):
    pl.scan_csv(path, infer_schema=False).sink_parquet(f"{out}/{i}.parquet")
print(time.perf_counter() - started)
"""


def polars_sink(python: str, files: list[Path], out: Path) -> float | None:
    """Polars' scan_csv().sink_parquet() per file, in its own environment; seconds (inside)."""
    import subprocess

    if not Path(python).exists():
        return None
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [python, "-c", POLARS_SCRIPT, str(out), *map(str, files)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def cpu_seconds() -> float:
    """User plus system CPU time of this process so far (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine, interleaved")
    parser.add_argument("--polars", default="/tmp/polars-venv/bin/python")
    parser.add_argument("--engines-only", action="store_true", help="skip pandas and summary")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crime-bench-", dir=ROOT / "var"))
    try:
        files, rows = build_input(work / "input", args.copies)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"Input: {len(files)} files, {rows:,} rows, {size_mb:,.0f} MB of CSV")
        assert len(STREET.columns) == 12

        store = Store(work / "store" / "crime")
        load_geography(lookup_csv=LOOKUP, population_csv=POPULATION, store=store)
        started, cpu = time.perf_counter(), cpu_seconds()
        results = import_paths([work / "input"], store=store)
        ours = time.perf_counter() - started
        ours_cpu = cpu_seconds() - cpu
        ours_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert sum(r.rows_kept for r in results) == rows

        # The three engines on the same files in the same run, interleaved so that the load of
        # the machine (shared with other work) falls on all of them alike.
        runs: dict[str, list[float]] = {"CSP Hub import": [ours], "DuckDB COPY": [], "Polars": []}
        peaks = [ours_peak_mb]
        for n in range(args.repeat):
            if n:
                again = Store(work / f"store{n}" / "crime")
                load_geography(lookup_csv=LOOKUP, population_csv=POPULATION, store=again)
                with PeakRss() as rss:
                    t = time.perf_counter()
                    import_paths([work / "input"], store=again)
                    runs["CSP Hub import"].append(time.perf_counter() - t)
                peaks.append(rss.peak / 2**20)
                shutil.rmtree(again.root.parent, ignore_errors=True)
            runs["DuckDB COPY"].append(duckdb_copy(files, work / f"duckdb{n}"))
            shutil.rmtree(work / f"duckdb{n}", ignore_errors=True)
            polars = polars_sink(args.polars, files, work / f"polars{n}")
            if polars is not None:
                runs["Polars"].append(polars)
            shutil.rmtree(work / f"polars{n}", ignore_errors=True)
        medians = {name: statistics.median(t) for name, t in runs.items() if t}
        fastest = min(v for k, v in medians.items() if k != "CSP Hub import")
        print(
            f"Engines, {args.repeat} interleaved runs each, load average {os.getloadavg()[0]:.1f}:"
        )
        for name, median in medians.items():
            print(
                f"  {name:15} median {median:6.2f} s  {rows / median / 1e6:5.2f}M rows/s  "
                f"runs {', '.join(f'{t:.2f}' for t in runs[name])}"
            )
        print(
            f"  CSP Hub import vs the fastest engine: {fastest / medians['CSP Hub import']:.2f}x "
            f"(goal >= 1.0x); peak RSS of the import {max(peaks):,.0f} MB (goal <= 300 MB)"
        )
        if args.engines_only:
            return

        # The area summary reads through the cache (crime.selectors): Django's settings, no
        # database; set up only now, so the import's peak RSS above is the import's own.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        months = [month_name(i) for i in range(len(files))]
        first, last = months[len(months) // 2], months[len(months) // 2 + 35]
        timings = []
        for _ in range(7):
            t = time.perf_counter()
            summary = crime_counts_by_area(
                area_codes=[LEEDS], month_from=first, month_to=last, store=store
            )
            timings.append(time.perf_counter() - t)
        assert len({r.month for r in summary}) == 36

        cpu = cpu_seconds()
        with PeakRss() as pandas_rss:
            baseline = pandas_baseline(files, work / "pandas")
        pandas_cpu = cpu_seconds() - cpu

        ours_rate, pandas_rate = rows / ours, rows / baseline
        print(
            f"CSP Hub import:  {ours:6.2f} s  {ours_rate / 1e6:5.2f}M rows/s  "
            f"peak RSS {ours_peak_mb:,.0f} MB (whole process so far), CPU {ours_cpu:.1f} s"
        )
        print(
            f"pandas baseline: {baseline:6.2f} s  {pandas_rate / 1e6:5.2f}M rows/s  "
            f"peak RSS {pandas_rss.peak / 2**20:,.0f} MB, CPU {pandas_cpu:.1f} s"
        )
        print(f"Speed-up over pandas: {ours_rate / pandas_rate:.1f}x (wall clock)")
        print(
            f"Rows per CPU-second: ours {rows / ours_cpu / 1e6:.2f}M, "
            f"pandas {rows / pandas_cpu / 1e6:.2f}M; load average now {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores (other work on the machine slows both)"
        )
        print(
            f"36-month area summary ({LEEDS}, {first} to {last}, {len(summary)} rows): "
            f"first {timings[0] * 1000:.0f} ms, median {statistics.median(timings) * 1000:.0f} ms"
        )
        checks = {
            "import >= 1.2M rows/s": ours_rate >= 1.2e6,
            "import >= 2x pandas": ours_rate >= 2 * pandas_rate,
            "peak RSS <= 500 MB": ours_peak_mb <= 500,
            "area summary <= 0.1 s": statistics.median(timings) <= 0.1,
        }
        for name, ok in checks.items():
            print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Kept {work}")


if __name__ == "__main__":
    main()
