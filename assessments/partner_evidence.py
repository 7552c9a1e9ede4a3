"""Partner datasets and road casualties in the strategic assessment and the exceptions report.

``evidence.selectors.evidence_series`` gives each loaded dataset's count for the area per period
(month, or a quarter's first month). Here each becomes a row of the assessment exactly as a
police.uk category does — level, rate per 1,000 where the population fits (LSOA and whole-area
datasets), change with the exact conditional test over the months each period holds, a
c-chart, harm weight — and then takes part in the scoring with the police.uk categories. Every
row names the files (name, SHA-256, rows, load) its figures came from.

A public assessment is read by the public, so it applies the public suppression rule: a series
whose current or baseline count is a small number is left out (by name, with the reason), and a
small monthly value is withheld from the chart with complementary months protected.
"""

from __future__ import annotations

from dataclasses import asdict

from assessments import statistics as st
from assessments.exception_report import _entry
from assessments.narrative import exceptions_narrative, strategic_narrative
from assessments.periods import Period, shift_month
from assessments.scoring import score_categories
from assessments.strategic import ALPHA, HISTORY_MONTHS, category_row
from evidence.selectors import EvidenceSeries, period_label
from evidence.suppression import SHOWN, public_series, threshold

PARTNER_NOTE = "Demonstration data"


def _months_of(key: str, granularity: str) -> list[str]:
    return [key] if granularity == "month" else [shift_month(key, i) for i in range(3)]


def _within(series: EvidenceSeries, period: Period) -> list[str]:
    """The series' periods lying wholly inside ``period``."""
    months = set(period.months)
    return [k for k in sorted(series.values) if set(_months_of(k, series.granularity)) <= months]


def _files(series: EvidenceSeries, keys: set[str]) -> list[dict]:
    """The loads behind the given periods (a year's STATS19 load covers its months)."""
    out = []
    for f in series.files:
        covered = {f.period} if len(f.period) == 7 else {k for k in keys if k.startswith(f.period)}
        if covered & keys:
            out.append(
                {
                    "dataset": series.name,
                    "load_id": f.load_id,
                    "period": f.period,
                    "source": f.source,
                    "sha256": f.sha256,
                    "rows": f.rows,
                    "extra": [{"source": s, "sha256": h} for s, h in f.extra],
                }
            )
    return out


def partner_row(
    series: EvidenceSeries,
    *,
    current: Period,
    baseline: Period,
    population: int,
    harm_weight: float,
) -> dict | None:
    """The series as a category row, or None when it holds no period of current or baseline."""
    cur_keys, base_keys = _within(series, current), _within(series, baseline)
    if not cur_keys or not base_keys:
        return None
    step = 1 if series.granularity == "month" else 3
    row = category_row(
        series.name,
        sum(series.values[k] for k in cur_keys),
        sum(series.values[k] for k in base_keys),
        population=population if series.rate_fits else 0,
        current_months=len(cur_keys) * step,
        baseline_months=len(base_keys) * step,
        harm_weight=harm_weight,
    )
    row.update(
        {
            "source": series.kind,
            "dataset_id": series.dataset_id,
            "key": series.key,
            "supplier": series.source,
            "theme": series.theme,
            "unit": series.unit,
            "granularity": series.granularity,
            "geography": series.geography,
            "demonstration": series.demonstration,
            "months_covered": {"current": len(cur_keys) * step, "baseline": len(base_keys) * step},
            "periods": {"current": cur_keys, "baseline": base_keys},
            "peers": None,
            "unallocated_share": None,
            "files": _files(series, set(cur_keys) | set(base_keys)),
        }
    )
    return row


def _chart(series: EvidenceSeries, last: str, *, public: bool, lines: list[list[str]]) -> dict:
    """The series' c-chart over up to 36 months (12 quarters) ending with ``last``."""
    first = shift_month(last, -(HISTORY_MONTHS - 1))
    keys = [
        k
        for k in sorted(series.values)
        if first <= k and _months_of(k, series.granularity)[-1] <= last
    ]
    values = [series.values[k] for k in keys]
    spc = st.c_chart(list(zip(keys, values, strict=True)), seasonal=series.granularity == "month")
    shown: list[int | None] = list(values)
    withheld = 0
    if public and threshold():
        index = {k: i for i, k in enumerate(keys)}
        totals = [([index[k] for k in line if k in index], 0) for line in lines]
        totals.append((list(range(len(keys))), 0))  # the centre line reveals the sum
        states = public_series(values, totals, limit=threshold())
        shown = [v if s == SHOWN else None for v, s in zip(values, states, strict=True)]
        withheld = sum(1 for s in states if s != SHOWN)
    return {
        "name": series.name,
        "key": series.key,
        "granularity": series.granularity,
        "months": keys,
        "labels": [period_label(k, series.granularity) for k in keys],
        "values": shown,
        "centres": [p.centre for p in spc.points],
        "lowers": [p.lower for p in spc.points],
        "uppers": [p.upper for p in spc.points],
        "signals": [bool(p.signal) for p in spc.points],
        "withheld": withheld,
        "chart": "c-chart" + (" with seasonal baseline" if spc.seasonal else ""),
    }


def _small(row: dict, limit: int) -> bool:
    return any(0 < row[k] < limit for k in ("current", "baseline"))


def extend_strategic(
    result: dict,
    *,
    series: list[EvidenceSeries],
    harm_weights: dict | None = None,
    public: bool = False,
) -> dict:
    """Add the partner datasets and road casualties to a strategic assessment's result."""
    if not series:
        return result
    current = Period(result["current"]["from"], result["current"]["to"])
    baseline = Period(result["baseline"]["from"], result["baseline"]["to"])
    population = int(result["area"]["population"] or 0)
    weights = harm_weights or {}
    limit = threshold() if public else 0
    rows, charts, left_out = [], [], []
    for s in series:
        row = partner_row(
            s,
            current=current,
            baseline=baseline,
            population=population,
            harm_weight=float(weights.get(s.name, s.harm_weight)),
        )
        if row is None:
            left_out.append(
                {"name": s.name, "reason": "no file loaded for the current or baseline period"}
            )
            continue
        if limit and _small(row, limit):
            left_out.append(
                {
                    "name": s.name,
                    "reason": f"a count of fewer than {limit} in a period; partners see it "
                    "in a partners-only assessment",
                }
            )
            continue
        rows.append(row)
        charts.append(
            _chart(
                s,
                current.last,
                public=public,
                lines=[row["periods"]["current"], row["periods"]["baseline"]],
            )
        )
    result["categories"] = [*result["categories"], *rows]
    result["partner_evidence"] = {
        "rows": [r["category"] for r in rows],
        "charts": charts,
        "left_out": left_out,
        "suppression": {"applied": bool(limit), "threshold": limit},
        "demonstration": sorted({r["category"] for r in rows if r["demonstration"]}),
    }
    result["provenance"] = {
        **result["provenance"],
        "partner_files": [f for r in rows for f in r["files"]],
    }
    scoring = result.get("scoring") or {}
    result["priorities"] = score_categories(
        result["categories"],
        weights=scoring.get("factor_weights") or {},
        public_concern=scoring.get("public_concern") or {},
        measures=result.get("partner_measures") or [],
    )
    if any(r["demonstration"] for r in rows):
        result["demonstration"] = True
    result["narrative"] = [
        *result.get("data_warnings", []),
        *strategic_narrative(result),
        *_partner_paragraphs(result),
    ]
    return result


def _partner_paragraphs(result: dict) -> list[str]:
    evidence = result["partner_evidence"]
    out = []
    if evidence["rows"]:
        out.append(
            "Partner evidence beside police.uk: " + "; ".join(evidence["rows"]) + " (shared "
            "under section 17A, and the Department for Transport's road casualty data)."
        )
    if evidence["demonstration"]:
        out.append(
            f"{PARTNER_NOTE}: " + ", ".join(evidence["demonstration"]) + " are synthetic "
            "figures made for the demonstration, not real partner data."
        )
    for item in evidence["left_out"]:
        out.append(f"Not included: {item['name']} ({item['reason']}).")
    return out


def extend_exceptions(result: dict, *, series: list[EvidenceSeries], public: bool = False) -> dict:
    """Add partner datasets and road casualties to an exceptions report as categories."""
    month = result["month"]
    limit = threshold() if public else 0
    added = []
    for s in series:
        key = month if s.granularity == "month" else shift_month(month, -2)
        if s.granularity != "month" and int(key[5:7]) not in (1, 4, 7, 10):
            continue  # the report's month does not end a quarter
        if key not in s.values:
            continue
        first = shift_month(month, -(HISTORY_MONTHS - 1))
        keys = [k for k in sorted(s.values) if first <= k <= key]
        values = [s.values[k] for k in keys]
        if limit and any(0 < v < limit for v in values):
            result.setdefault("partner_left_out", []).append(s.name)
            continue
        entry = _entry(
            s.name, "partner", keys, values, key, chart="c", higher_is_worse=s.higher_is_worse
        )
        entry["demonstration"] = s.demonstration
        entry["files"] = _files(s, set(keys))
        added.append(entry)
    if not added:
        return result
    result["categories"] = [*result["categories"], *added]
    result["exceptions"] = [*result["exceptions"], *(e for e in added if e["exception"])]
    result["provenance"] = {
        **result["provenance"],
        "partner_files": [f for e in added for f in e["files"]],
    }
    if any(e["demonstration"] for e in added):
        result["demonstration"] = True
    result["narrative"] = [*result.get("data_warnings", []), *exceptions_narrative(result)]
    return result


def series_json(series: EvidenceSeries) -> dict:
    """A series as JSON (for tests and the benchmark)."""
    return asdict(series)


__all__ = ["ALPHA", "extend_exceptions", "extend_strategic", "partner_row"]
