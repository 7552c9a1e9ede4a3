"""Benchmark one district's strategic assessment on the crime benchmark's large store.

Builds the store the way bench/crime_import.py does (the three real West Yorkshire street files
copied 100 times with the month rewritten: 300 months, ~8.7M rows; its ``build_input`` is reused),
imports it, then times for Leeds, the latest 12 months against the 12 before:

* all figures (``build_strategic_assessment``: the DuckDB scan and every statistic);
* the HTML page (tables, the three SVG charts and the Jinja2 template, as the view renders them
  from the stored figures);
* the PDF and the Word document.

Targets: figures <= 1 s, page <= 1 s, PDF <= 10 s. Each timing is the best of ``--repeat`` runs.

Run: .venv/bin/python bench/assessment.py [--copies 100] [--repeat 3] [--store DIR]
(``--store`` reuses a store built earlier, e.g. by ``bench/crime_import.py --keep``.)
Needs the test data: .venv/bin/python scripts/fetch_test_data.py
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

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from assessments import charts  # noqa: E402
from assessments.documents import document_title, docx_bytes, pdf_bytes  # noqa: E402
from assessments.periods import Period  # noqa: E402
from assessments.strategic import build_strategic_assessment  # noqa: E402
from assessments.tables import tables_for  # noqa: E402
from bench.crime_import import LEEDS, LOOKUP, POPULATION, build_input  # noqa: E402
from crime.formats import Dataset  # noqa: E402
from crime.geography import load_geography  # noqa: E402
from crime.ingest import import_paths  # noqa: E402
from crime.store import Store  # noqa: E402

FIRST: dict[str, float] = {}


def best_of(repeat: int, fn, name: str = ""):
    """The best of ``repeat`` timings (the first, cold one is kept in FIRST[name])."""
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    FIRST[name] = times[0]
    return min(times), value


def render_page(result: dict) -> str:
    """What the assessment page does with stored figures: tables, charts, template."""
    from django.contrib.auth.models import AnonymousUser

    from assessments.models import Assessment, AssessmentStatus
    from assessments.views import _chart_context
    from partnership.models import Partnership

    partnership = Partnership(name="Safer Leeds", slug="safer-leeds", area_codes=[LEEDS], pk=1)
    assessment = Assessment(
        pk=1,
        partnership=partnership,
        kind="strategic",
        title="Bench",
        status=AssessmentStatus.DONE,
        result=result,
        area_codes=[LEEDS],
    )
    request = RequestFactory().get("/p/safer-leeds/assessments/1/")
    request.user = AnonymousUser()
    request.csp_nonce = "bench"
    request.partnership = partnership
    context = {
        "partnership": partnership,
        "assessment": assessment,
        "snapshots": [],
        "adopt_url": None,
        "title": document_title(result),
        "demo_notice": "",
        **_chart_context(assessment),
    }
    from assessments import formatting

    context["fmt"] = formatting
    return render_to_string("assessments/detail.html", context, request=request)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path, help="reuse an existing store directory")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-assessment-") as tmp:
        if args.store:
            store = Store(args.store)
        else:
            store = Store(Path(tmp) / "crime")
            print(f"Building {args.copies} copies of the West Yorkshire files…", flush=True)
            files, rows = build_input(Path(tmp) / "input", args.copies)
            load_geography(lookup_csv=LOOKUP, population_csv=POPULATION, store=store)
            start = time.perf_counter()
            import_paths(files, store=store)
            print(
                f"Imported {rows:,} rows from {len(files)} files in {time.perf_counter() - start:.1f} s"
            )
        months = sorted(p.stem for p in store.partition_files(Dataset.STREET))
        total_rows = sum(p.rows for p in store.partitions(Dataset.STREET))
        last = months[-1]
        current = Period.parse(last).shifted(-11)
        current = Period(current.first, last)
        baseline = current.shifted(-12)
        print(f"Store: {total_rows:,} street rows, {len(months)} months ({months[0]} to {last})")
        print(f"Leeds ({LEEDS}): {current.label} against {baseline.label}")

        figures_s, result = best_of(
            args.repeat,
            lambda: build_strategic_assessment(
                area_codes=[LEEDS], current=current, baseline=baseline, store=store
            ),
            "figures",
        )
        page_s, html = best_of(args.repeat, lambda: render_page(result), "page")
        pdf_s, pdf = best_of(args.repeat, lambda: pdf_bytes(result), "pdf")
        docx_s, docx = best_of(args.repeat, lambda: docx_bytes(result), "docx")
        vso = next(
            r for r in result["categories"] if r["category"] == "Violence and sexual offences"
        )
        print(
            f"Violence and sexual offences: {vso['baseline']:,} -> {vso['current']:,}, "
            f"p = {vso['p_value']:.3g}, E-test p = {vso['e_test_p_value']:.3g}"
        )
        print(f"{'all figures':<14}{figures_s:8.3f} s   (target <= 1 s)")
        print(
            f"{'HTML page':<14}{page_s:8.3f} s   (target <= 1 s; {len(html):,} bytes, {len(tables_for(result))} tables, {html.count('<svg')} charts)"
        )
        print(f"{'PDF':<14}{pdf_s:8.3f} s   (target <= 10 s; {len(pdf):,} bytes)")
        print(f"{'Word':<14}{docx_s:8.3f} s   ({len(docx):,} bytes)")
        print(
            "first (cold) runs: "
            + ", ".join(f"{k} {v:.3f} s" for k, v in FIRST.items())
            + " (the page's first run compiles its templates)"
        )
        assert charts  # the page's charts module is part of what is timed


if __name__ == "__main__":
    main()
