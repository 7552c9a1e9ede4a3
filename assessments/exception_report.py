"""Build a performance exceptions report for one month: only what is out of the ordinary.

Each crime category's monthly count is placed on a c-chart built from up to 36 months ending with
the report month (seasonal baseline when 36 are held) and compared with the same month a year
earlier (exact conditional test). Partner measures are placed on an XmR chart and compared with a
year earlier the same way when their values are whole numbers. An entry is an exception when it
lies beyond a control limit, completes a run of 8 on one side, or differs significantly from a
year earlier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from assessments import statistics as st
from assessments.comparators import compare as compare_with
from assessments.models import METHOD_VERSION
from assessments.narrative import comparator_sentence, exceptions_narrative
from assessments.periods import Period, month_label, shift_month
from assessments.strategic import (
    ALL_CRIME,
    ALPHA,
    HISTORY_MONTHS,
    SCHEMA_VERSION,
    Progress,
    _none,
    comparator_gaps,
    data_gaps,
    gap_warnings,
    provenance_json,
)
from crime.selectors import area_extract
from crime.store import Store


def _entry(
    name: str,
    kind: str,
    months: list[str],
    values: Sequence[float],
    month: str,
    *,
    chart: str,
    higher_is_worse: bool = True,
) -> dict:
    """Control-chart position and year-on-year change of one series at ``month``."""
    series = list(zip(months, values, strict=True))
    if chart == "c" or len(series) < 2:
        spc = st.c_chart(series) if chart == "c" else None
    else:
        spc = st.xmr_chart(series)
    point = spc.points[-1] if spc else None
    value = values[-1]
    earlier_month = shift_month(month, -12)
    year_earlier = None
    if earlier_month in months:
        year_earlier = values[months.index(earlier_month)]
    p_value = e_p = None
    percent = None
    significant = False
    if year_earlier is not None:
        if year_earlier:
            percent = 100.0 * (value - year_earlier) / year_earlier
        if (
            float(value).is_integer()
            and float(year_earlier).is_integer()
            and value >= 0
            and year_earlier >= 0
        ):
            change = st.compare_periods(int(year_earlier), int(value))
            p_value, e_p = change.p_value, change.e_test_p_value
            significant = p_value < ALPHA
    beyond = None
    if point is not None:
        beyond = "above" if point.beyond_upper else "below" if point.beyond_lower else None
    run = point.run if point is not None else None
    exception = bool(beyond or run or significant)
    if year_earlier is not None and value != year_earlier:
        up = value > year_earlier
    elif point is not None:
        up = value > point.centre
    else:
        up = None
    if up is None:
        direction = "no change"
    elif kind == "crime":
        direction = "up" if up else "down"
    else:
        worse = up == higher_is_worse
        direction = ("up" if up else "down") + (" (worse)" if worse else " (better)")
    return {
        "name": name,
        "kind": kind,
        "value": value,
        "centre": point.centre if point else None,
        "lower": point.lower if point else None,
        "upper": point.upper if point else None,
        "beyond": beyond,
        "run": run,
        "year_earlier": year_earlier,
        "percent_change": percent,
        "p_value": p_value,
        "e_test_p_value": e_p,
        "significant": significant,
        "direction": direction,
        "exception": exception,
        "months": months,
        "values": values,
        "centres": [p.centre for p in spc.points] if spc else [],
        "lowers": [p.lower for p in spc.points] if spc else [],
        "uppers": [p.upper for p in spc.points] if spc else [],
        "chart": "c-chart" if chart == "c" else "XmR chart",
    }


def _with_gaps(entry: dict, months: list[str], gaps: set[str]) -> dict:
    """The entry's series over every month, with None (drawn as a gap) at flagged months."""
    if not gaps:
        return entry
    by_month = {
        key: dict(zip(entry["months"], entry[key], strict=False))
        for key in ("values", "centres", "lowers", "uppers")
    }
    entry["months"] = months
    for key, values in by_month.items():
        entry[key] = [values.get(m) for m in months]
    return entry


def build_exceptions_report(
    *,
    area_codes: list[str],
    month: str,
    measures: list[dict] | None = None,
    comparators: Mapping | None = None,
    demonstration: bool = False,
    store: Store | None = None,
    progress: Progress = _none,
) -> dict:
    """Every category and partner measure at ``month`` against its limits and a year earlier,
    and each category's rate beside the county's and the peer family's (``comparators``)."""
    current = Period(month, month)
    baseline = current.shifted(-12)
    history_from = shift_month(month, -(HISTORY_MONTHS - 1))
    progress(10, "Reading the crime store")
    data = area_extract(
        area_codes=area_codes,
        current=current,
        baseline=baseline,
        history_from=history_from,
        store=store,
    )
    if month not in data.months_held:
        raise ValueError(f"the store holds no street data for {data.area_name} in {month}")
    months = [m for m in data.months_held if history_from <= m <= month]
    gaps = data_gaps(data, set(months), store)
    # Flagged months of the history are left out of the limits (and drawn as gaps); the
    # report's own month stays, with a warning, since it is what the report is about.
    gap_months = {g["month"] for g in gaps} - {month}
    used = [m for m in months if m not in gap_months]
    progress(50, "Control limits for each category")
    per_category: dict[str, dict[str, int]] = defaultdict(dict)
    for row in data.monthly:
        per_category[row.category][row.month] = row.count
    entries = []
    for category in sorted(per_category):
        values = [per_category[category].get(m, 0) for m in used]
        entry = _entry(category, "crime", used, values, month, chart="c")
        entries.append(_with_gaps(entry, months, gap_months))
    progress(65, "Comparing with the county and peer family")
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for pc in data.period_counts:
        counts[(pc.la_code, pc.period, pc.category)] += pc.count
    comparison = compare_with(
        data=data,
        counts=counts,
        area_codes=area_codes,
        comparators=comparators,
        categories=[e["name"] for e in entries],
        all_crime=ALL_CRIME,
        months=[month],
        period_label=month_label(month),
        gaps=comparator_gaps(comparators, data, [month], store),
        alpha=ALPHA,
    )
    changes = {e["name"]: e["direction"] for e in entries if e["significant"]}
    for row in comparison["rows"]:
        row["sentence"] = comparator_sentence(row, change=changes.get(row["category"]))
    progress(75, "Partner measures")
    measure_entries = []
    for m in measures or []:
        values = m.get("values", {})
        periods = sorted(p for p in values if history_from <= p <= month)
        if month not in values or len(periods) < 2:
            continue
        measure_entries.append(
            _entry(
                m["name"],
                "measure",
                periods,
                [float(values[p]) for p in periods],
                month,
                chart="xmr",
                higher_is_worse=m.get("higher_is_worse", True),
            )
        )
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "exceptions",
        "method_version": METHOD_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "demonstration": demonstration or data.synthetic,
        "area": {"codes": list(area_codes), "name": data.area_name, "population": data.population},
        "month": month,
        "month_label": month_label(month),
        "history": {"from": months[0], "to": months[-1], "months": len(months)},
        "significance_level": ALPHA,
        "categories": entries,
        "measures": measure_entries,
        "exceptions": [e for e in entries + measure_entries if e["exception"]],
        "comparators": comparison,
        "peers": comparison["funnel"],
        "provenance": provenance_json(data, set(months)),
        "data_gaps": gaps,
        "data_warnings": gap_warnings(gaps),
    }
    result["narrative"] = [*result["data_warnings"], *exceptions_narrative(result)]
    progress(90, "Writing the report")
    return result
