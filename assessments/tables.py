"""The tables of an assessment or exceptions report, defined once for every output.

The page, the Word document and the PDF write each cell's ``text``; the CSV writes its ``raw``
value. Because all three documents render these same cells, their figures cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments import formatting as fmt
from assessments.narrative import DEMO_NOTICE, comparators_intro
from assessments.scoring import FACTORS
from core.exports import csv_bytes


@dataclass(frozen=True)
class Cell:
    raw: object
    text: str


@dataclass
class Table:
    key: str
    caption: str
    headings: list[str]
    numeric: list[bool]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # demonstration label, data gaps
    lead: list[str] = field(default_factory=list)  # paragraphs before the table (page, Word)

    def add(self, *cells: Cell) -> None:
        self.rows.append(list(cells))


def c(raw, text: str | None = None) -> Cell:
    return Cell(raw, str(raw if raw is not None else fmt.DASH) if text is None else text)


def _position(peers: dict | None) -> str:
    if not peers:
        return fmt.DASH
    p95, p998 = peers["position_95"], peers["position_998"]
    if p998 != "within":
        return f"{p998} (99.8%)"
    if p95 != "within":
        return f"{p95} (95%)"
    return "within"


def category_table(result: dict) -> Table:
    """Per category: counts, change and significance, rate, rate ratio, harm, peers, unallocated."""
    table = Table(
        "categories",
        f"Crime by category: {result['current']['label']} against {result['baseline']['label']}",
        [
            "Category",
            "Current",
            "Baseline",
            "Change",
            "p (exact)",
            "p (E-test)",
            "Significant",
            "Rate per 1,000",
            "Rate 95% CI",
            "Rate ratio",
            "Rate ratio 95% CI",
            "Harm-weighted",
            "Against peers",
            "No location (force)",
        ],
        [False, True, True, True, True, True, False, True, True, True, True, True, False, True],
    )
    for row in [*result["categories"], result["totals"]]:
        table.add(
            c(row["category"], _partner_name(row)),
            c(row["current"], fmt.count(row["current"])),
            c(row["baseline"], fmt.count(row["baseline"])),
            c(row["percent_change"], fmt.percent(row["percent_change"])),
            c(row["p_value"], fmt.p_value(row["p_value"])),
            c(row["e_test_p_value"], fmt.p_value(row["e_test_p_value"])),
            c(row["significant"], fmt.yes_no(row["significant"])),
            c(row["rate_per_1000"], fmt.decimal(row["rate_per_1000"])),
            c(row["rate_ci"], fmt.interval(row["rate_ci"])),
            c(row["rate_ratio"], fmt.decimal(row["rate_ratio"])),
            c(row["rate_ratio_ci"], fmt.interval(row["rate_ratio_ci"])),
            c(row["harm_weighted"], fmt.count(round(row["harm_weighted"]))),
            c(_position(row.get("peers")), _position(row.get("peers"))),
            c(row.get("unallocated_share"), fmt.share(row.get("unallocated_share"))),
        )
    return table


def period_label(result: dict) -> str:
    """The period the rates are of: the current period, or an exceptions report's month."""
    return result["month_label"] if result["kind"] == "exceptions" else result["current"]["label"]


def peers_table(result: dict) -> Table:
    peers = result["peers"]
    whom = "its peer family" if peers.get("kind") == "family" else "its peers"
    table = Table(
        "peers",
        f"{peers['basis']} per 1,000 residents, {period_label(result)}: the area and {whom}",
        [
            "Area",
            "Population",
            "Crimes",
            "Rate per 1,000",
            "Against 95% limits",
            "Against 99.8% limits",
        ],
        [False, True, True, True, False, False],
    )
    for a in peers.get("areas", []):
        table.add(
            c(a["name"], a["name"] + (" (this area)" if a["is_area"] else "")),
            c(a["population"], fmt.count(a["population"])),
            c(a["current"], fmt.count(a["current"])),
            c(a["rate_per_1000"], fmt.decimal(a["rate_per_1000"])),
            c(a["position_95"]),
            c(a["position_998"]),
        )
    return table


def _against(figure: dict) -> str:
    """Higher or lower by more than chance (exact test at 5%), else similar."""
    return str(figure["direction"]).capitalize()


def _partner_rows(result: dict) -> list[dict]:
    """Partner datasets and road casualties among the categories: they have no comparator data."""
    if result["kind"] == "exceptions":
        return [
            {"category": _entry_name(e), "rate_per_1000": None, "partner": e}
            for e in result["categories"]
            if e.get("kind") == "partner"
        ]
    return [
        {"category": _partner_name(r), "rate_per_1000": r["rate_per_1000"], "partner": r}
        for r in result["categories"]
        if r.get("source") in PARTNER_SOURCES
    ]


def comparators_table(result: dict) -> Table | None:
    """Each category's rate beside the county's and the peer family's, with the exact tests;
    None when neither gives a figure. Partner datasets have no county or family figure."""
    comparison = result.get("comparators") or {}
    rows = comparison.get("rows") or []
    if not rows:
        return None
    has_county = rows[0]["county"] is not None
    has_family = rows[0]["family"] is not None
    county_name = (comparison.get("county") or {}).get("name", "County")
    headings, numeric = ["Category", "Rate per 1,000"], [False, True]
    if has_county:
        headings += [f"{county_name} (county) rate", "Against the county", "p (county)"]
        numeric += [True, False, True]
    if has_family:
        headings += ["Peer family rate", "Against the family", "p (family)"]
        numeric += [True, False, True]
    table = Table(
        "comparators",
        f"Against the county and peer family: rates per 1,000 residents, {period_label(result)}",
        headings,
        numeric,
    )
    police, total = rows[:-1], rows[-1]
    for row in [*police, *_partner_rows(result), total]:
        cells = [
            c(row["category"]),
            c(
                row["rate_per_1000"],
                fmt.decimal(row["rate_per_1000"]) if row["rate_per_1000"] is not None else fmt.DASH,
            ),
        ]
        for present, key, missing in (
            (has_county, "county", "No county figure"),
            (has_family, "family", "No family figure"),
        ):
            if not present:
                continue
            figure = row.get(key)
            if figure is None:
                cells += [c(None, missing), c(None), c(None)]
                continue
            cells += [
                c(figure["rate_per_1000"], fmt.decimal(figure["rate_per_1000"])),
                c(figure["direction"], _against(figure)),
                c(figure["p_value"], fmt.p_value(figure["p_value"])),
            ]
        table.add(*cells)
    table.lead = [*comparators_intro(result), *(r["sentence"] for r in rows if r.get("sentence"))]
    return table


def sub_area_table(result: dict) -> Table:
    table = Table(
        "sub_areas",
        "MSOAs significantly above the borough average in rate or trend",
        [
            "MSOA",
            "Category",
            "Current",
            "Baseline",
            "Rate per 1,000",
            "Borough rate",
            "Trend relative to rest",
            "Trend p",
            "Why",
        ],
        [False, False, True, True, True, True, True, True, False],
    )
    for s in result["sub_areas"]:
        table.add(
            c(s["code"], f"{s['name']} ({s['code']})"),
            c(s["category"]),
            c(s["current"], fmt.count(s["current"])),
            c(s["baseline"], fmt.count(s["baseline"])),
            c(s["rate_per_1000"], fmt.decimal(s["rate_per_1000"])),
            c(s["borough_rate_per_1000"], fmt.decimal(s["borough_rate_per_1000"])),
            c(s["relative_trend"], fmt.decimal(s["relative_trend"])),
            c(s["trend_p_value"], fmt.p_value(s["trend_p_value"])),
            c("; ".join(s["reasons"])),
        )
    return table


def ward_trend_table(result: dict) -> Table:
    """Wards whose trend is higher than the borough average, more than chance (seed 000 §3.2)."""
    wards = result["wards"]
    lookup = wards.get("lookup")
    caption = "Wards where the trend is higher than the borough average"
    if lookup is None:
        caption += ": no ward lookup was loaded for the partnership"
    table = Table(
        "wards",
        caption,
        [
            "Ward",
            "Category",
            "Current",
            "Baseline",
            "Change",
            "Borough change",
            "Trend relative to the borough",
            "Trend p",
            "In words",
        ],
        [False, False, True, True, True, True, True, True, False],
    )
    for w in wards["rows"]:
        table.add(
            c(w["code"], f"{w['name']} ({w['code']})"),
            c(w["category"]),
            c(w["current"], fmt.count(w["current"])),
            c(w["baseline"], fmt.count(w["baseline"])),
            c(w["percent_change"], fmt.percent(w["percent_change"])),
            c(w["borough_percent_change"], fmt.percent(w["borough_percent_change"])),
            c(w["relative_trend"], fmt.decimal(w["relative_trend"])),
            c(w["p_value"], fmt.p_value(w["p_value"])),
            c(w["words"]),
        )
    if lookup is not None:
        table.notes.append(
            f"Wards as at {lookup['ward_year']} from {lookup['source']} "
            f"(SHA-256 {lookup['sha256']}): {lookup['lsoas']:,} LSOAs in {lookup['wards']:,} "
            f"wards, best fit. More than chance: p below {wards['significance_level']:g}."
        )
    return table


def priority_table(result: dict) -> Table:
    table = Table(
        "priorities",
        "Candidate priorities ranked by the scoring matrix",
        ["Rank", "Category", "Score", *FACTORS.values(), "Reasons"],
        [True, False, True, *([True] * len(FACTORS)), False],
    )
    for p in result["priorities"]:
        table.add(
            c(p["rank"]),
            c(p["category"]),
            c(p["score"], fmt.decimal(p["score"], 3)),
            *(c(p["factors"][f], fmt.decimal(p["factors"][f])) for f in FACTORS),
            c("; ".join(p["reasons"])),
        )
    return table


def monthly_table(result: dict) -> Table:
    monthly = result["monthly"]
    chart = monthly.get("chart") or {}
    table = Table(
        "monthly",
        "All crime (excluding anti-social behaviour) by month, with c-chart limits",
        ["Month", "Crimes", "Centre", "Lower limit", "Upper limit", "Signal"],
        [False, True, True, True, True, False],
    )
    gaps = set(monthly.get("gaps") or [])
    for i, month in enumerate(monthly["months"]):
        if month in gaps:
            table.add(
                c(month),
                c(None, "Gap in the data (missing or implausibly low)"),
                c(None),
                c(None),
                c(None),
                c(None),
            )
            continue
        table.add(
            c(month),
            c(monthly["total"][i], fmt.count(monthly["total"][i])),
            c(
                chart.get("centre", [None] * (i + 1))[i],
                fmt.decimal(chart.get("centre", [None] * (i + 1))[i], 1),
            ),
            c(
                chart.get("lower", [None] * (i + 1))[i],
                fmt.decimal(chart.get("lower", [None] * (i + 1))[i], 1),
            ),
            c(
                chart.get("upper", [None] * (i + 1))[i],
                fmt.decimal(chart.get("upper", [None] * (i + 1))[i], 1),
            ),
            c(
                chart.get("signals", [False] * (i + 1))[i],
                fmt.yes_no(chart.get("signals", [False] * (i + 1))[i]),
            ),
        )
    return table


def measures_table(result: dict) -> Table:
    table = Table(
        "partner_measures",
        "Partner measures: mean value in each period",
        ["Measure", "Category", "Current", "Baseline", "Direction"],
        [False, False, True, True, False],
    )
    for m in result.get("partner_measures", []):
        table.add(
            c(m["name"]),
            c(m["category"] or fmt.DASH),
            c(m["current"], fmt.count_or_value(m["current"])),
            c(m["baseline"], fmt.count_or_value(m["baseline"])),
            c(m["direction"] or fmt.DASH),
        )
    return table


def repeat_table(result: dict) -> Table:
    r = result["repeat_location"]
    table = Table(
        "repeat_location",
        r["label"],
        ["Burglaries", "At repeat snap points", "Snap points", "Repeat snap points", "Share"],
        [True, True, True, True, True],
    )
    table.add(
        c(r["total_crimes"], fmt.count(r["total_crimes"])),
        c(r["repeat_location_crimes"], fmt.count(r["repeat_location_crimes"])),
        c(r["locations"], fmt.count(r["locations"])),
        c(r["repeat_locations"], fmt.count(r["repeat_locations"])),
        c(r["share"], fmt.share(r["share"])),
    )
    return table


def provenance_table(result: dict) -> Table:
    table = Table(
        "provenance",
        "Where the figures came from: police.uk files in the crime store",
        ["Force", "Month", "File", "SHA-256", "Rows"],
        [False, False, False, False, True],
    )
    for p in result["provenance"]["partitions"]:
        table.add(
            c(p["force"]),
            c(p["month"]),
            c(p["source"]),
            c(p["sha256"], p["sha256"][:16] + "…"),
            c(p["rows"], fmt.count(p["rows"])),
        )
    return table


def exceptions_table(result: dict) -> Table:
    table = Table(
        "exceptions",
        f"Exceptions in {result['month_label']}",
        [
            "Measure",
            "Value",
            "Centre",
            "Lower limit",
            "Upper limit",
            "Control limits",
            "Year earlier",
            "Change",
            "p (exact)",
            "p (E-test)",
            "Significant",
            "Direction",
        ],
        [False, True, True, True, True, False, True, True, True, True, False, False],
    )
    for e in result["exceptions"]:
        limit = (
            f"{e['beyond']} limit"
            if e["beyond"]
            else f"run {e['run']} centre"
            if e["run"]
            else "within"
        )
        table.add(
            c(e["name"], _entry_name(e)),
            c(e["value"], fmt.count_or_value(e["value"])),
            c(e["centre"], fmt.decimal(e["centre"], 1)),
            c(e["lower"], fmt.decimal(e["lower"], 1)),
            c(e["upper"], fmt.decimal(e["upper"], 1)),
            c(limit),
            c(e["year_earlier"], fmt.count_or_value(e["year_earlier"])),
            c(e["percent_change"], fmt.percent(e["percent_change"])),
            c(e["p_value"], fmt.p_value(e["p_value"])),
            c(e["e_test_p_value"], fmt.p_value(e["e_test_p_value"])),
            c(e["significant"], fmt.yes_no(e["significant"])),
            c(e["direction"]),
        )
    return table


def series_table(entry: dict, index: int) -> Table:
    table = Table(
        f"series_{index}",
        f"{entry['name']} by month, with {entry['chart']} limits",
        ["Month", "Value", "Centre", "Lower limit", "Upper limit"],
        [False, True, True, True, True],
    )
    for i, month in enumerate(entry["months"]):
        table.add(
            c(month),
            c(entry["values"][i], fmt.count_or_value(entry["values"][i]))
            if entry["values"][i] is not None
            else c(None, "Gap in the data (missing or implausibly low)"),
            c(entry["centres"][i], fmt.decimal(entry["centres"][i], 1)),
            c(entry["lowers"][i], fmt.decimal(entry["lowers"][i], 1)),
            c(entry["uppers"][i], fmt.decimal(entry["uppers"][i], 1)),
        )
    return table


def tables_for(result: dict) -> list[Table]:
    """Every table of an assessment or exceptions report, in document order."""
    tables = _tables(result)
    notes = list(result.get("data_warnings") or [])
    if result.get("demonstration"):
        notes.insert(0, DEMO_NOTICE)
    for table in tables:
        table.notes = [*notes, *table.notes]  # a table's own notes (partner data) after
    return tables


def _tables(result: dict) -> list[Table]:
    comparison = comparators_table(result)
    if result["kind"] == "exceptions":
        return [
            exceptions_table(result),
            *(series_table(e, i) for i, e in enumerate(result["exceptions"], start=1)),
            *([comparison] if comparison else []),
            *([peers_table(result)] if (result.get("peers") or {}).get("areas") else []),
            provenance_table(result),
            *([partner_files_table(result)] if result["provenance"].get("partner_files") else []),
        ]
    tables = [category_table(result), priority_table(result), monthly_table(result)]
    if comparison:
        tables.append(comparison)
    if result["peers"].get("areas"):
        tables.append(peers_table(result))
    tables.append(sub_area_table(result))
    if "wards" in result:
        tables.append(ward_trend_table(result))
    tables.append(repeat_table(result))
    if result.get("partner_measures"):
        tables.append(measures_table(result))
    if result.get("partner_evidence"):
        tables.append(partner_table(result))
        tables += [
            partner_series_table(chart, i)
            for i, chart in enumerate(result["partner_evidence"]["charts"], start=1)
        ]
    tables.append(provenance_table(result))
    if result["provenance"].get("partner_files"):
        tables.append(partner_files_table(result))
    return tables


def table_csv(table: Table) -> bytes:
    """A table as CSV with raw numbers; an interval becomes two columns (low, high)."""
    split = [
        any(isinstance(row[i].raw, list) for row in table.rows) for i in range(len(table.headings))
    ]
    header = []
    for heading, is_pair in zip(table.headings, split, strict=True):
        header.extend([f"{heading} (low)", f"{heading} (high)"] if is_pair else [heading])
    rows = []
    for row in table.rows:
        out: list = []
        for cell, is_pair in zip(row, split, strict=True):
            if is_pair:
                out.extend(cell.raw if isinstance(cell.raw, list) else ["", ""])
            else:
                out.append("" if cell.raw is None else cell.raw)
        rows.append(out)
    if table.notes:
        rows.append([])
        rows.extend([f"Note: {note}"] for note in table.notes)
    return csv_bytes(header, rows)


# Partner datasets and road casualties (issue 15) ---------------------------------------------

PARTNER_SOURCES = ("partner", "road")
DEMO_DATA = "Demonstration data"


def _partner_name(row: dict) -> str:
    """A category's name, marked when it is a synthetic partner dataset."""
    if row.get("source") in PARTNER_SOURCES and row.get("demonstration"):
        return f"{row['category']} ({DEMO_DATA})"
    return row["category"]


def _entry_name(e: dict) -> str:
    if e["kind"] == "measure":
        return e["name"] + " (partner measure)"
    if e["kind"] == "partner":
        return e["name"] + (
            f" (partner data, {DEMO_DATA})" if e.get("demonstration") else " (partner data)"
        )
    return e["name"]


def partner_table(result: dict) -> Table:
    """Partner datasets and road casualties: level, change, rate where it fits, files."""
    table = Table(
        "partner_evidence",
        f"Partner data and road casualties: {result['current']['label']} against "
        f"{result['baseline']['label']}",
        [
            "Dataset",
            "Supplier",
            "Priority",
            "Current",
            "Baseline",
            "Change",
            "p (exact)",
            "Significant",
            "Rate per 1,000",
            "Months held (current, baseline)",
            "Harm-weighted",
            "Data",
        ],
        [False, False, False, True, True, True, True, False, True, False, True, False],
    )
    for row in result["categories"]:
        if row.get("source") not in PARTNER_SOURCES:
            continue
        covered = row["months_covered"]
        table.add(
            c(row["category"]),
            c(row["supplier"]),
            c(row["theme"] or None, row["theme"] or fmt.DASH),
            c(row["current"], fmt.count(row["current"])),
            c(row["baseline"], fmt.count(row["baseline"])),
            c(row["percent_change"], fmt.percent(row["percent_change"])),
            c(row["p_value"], fmt.p_value(row["p_value"])),
            c(row["significant"], fmt.yes_no(row["significant"])),
            c(
                row["rate_per_1000"],
                fmt.decimal(row["rate_per_1000"])
                if row["rate_per_1000"] is not None
                else "Not given (see note)",
            ),
            c(f"{covered['current']}, {covered['baseline']}"),
            c(row["harm_weighted"], fmt.count(round(row["harm_weighted"]))),
            c(DEMO_DATA if row["demonstration"] else "Loaded"),
        )
    if any(
        r.get("source") in PARTNER_SOURCES and r["rate_per_1000"] is None
        for r in result["categories"]
    ):
        table.notes.append(
            "Rates are not given for datasets counted by outward postcode or ward: those areas "
            "do not match the population the rate would divide by."
        )
    for item in result["partner_evidence"].get("left_out", []):
        table.notes.append(f"Not included: {item['name']} ({item['reason']}).")
    return table


def partner_series_table(chart: dict, index: int) -> Table:
    """One partner series by month or quarter with its c-chart limits."""
    period = "month" if chart["granularity"] == "month" else "quarter"
    table = Table(
        f"partner_series_{index}",
        f"{chart['name']} by {period}, with {chart['chart']} limits",
        [period.capitalize(), "Count", "Centre", "Lower limit", "Upper limit", "Signal"],
        [False, True, True, True, True, False],
    )
    for i, label in enumerate(chart["labels"]):
        value = chart["values"][i]
        table.add(
            c(chart["months"][i], label),
            c(value, fmt.count(value)) if value is not None else c(None, "Withheld (small number)"),
            c(chart["centres"][i], fmt.decimal(chart["centres"][i], 1)),
            c(chart["lowers"][i], fmt.decimal(chart["lowers"][i], 1)),
            c(chart["uppers"][i], fmt.decimal(chart["uppers"][i], 1)),
            c(chart["signals"][i], fmt.yes_no(chart["signals"][i])),
        )
    return table


def partner_files_table(result: dict) -> Table:
    """Where the partner figures came from: each loaded file with its SHA-256 and rows."""
    table = Table(
        "partner_files",
        "Where the partner figures came from: loaded files",
        ["Dataset", "Period", "File", "SHA-256", "Rows"],
        [False, False, False, False, True],
    )
    for f in result["provenance"]["partner_files"]:
        names = [f["source"], *(e["source"] for e in f.get("extra", []))]
        table.add(
            c(f["dataset"]),
            c(f["period"]),
            c("; ".join(names)),
            c(f["sha256"], f["sha256"][:16] + "…"),
            c(f["rows"], fmt.count(f["rows"])),
        )
    return table
