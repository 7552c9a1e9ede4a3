"""The narrative an analyst would otherwise write by hand, generated from an assessment's figures.

Each function takes the result JSON and returns paragraphs of plain text, so the page, the Word
document and the PDF carry the same words.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from assessments import formatting as fmt

DEMO_NOTICE = "Demonstration data — not real crime figures"


def _change_phrase(row: dict) -> str:
    return (
        f"{row['category']} ({fmt.count(row['baseline'])} to {fmt.count(row['current'])}, "
        f"{fmt.percent(row['percent_change'])}, p = {fmt.p_value(row['p_value'])})"
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return "; ".join(items[:-1]) + " and " + items[-1]


def strategic_narrative(result: dict) -> list[str]:
    """Paragraphs summarising volume, change, peers, sub-areas, burglary and priorities."""
    area = result["area"]["name"]
    cur, base = result["current"]["label"], result["baseline"]["label"]
    totals = result["totals"]
    paragraphs = []
    if result.get("demonstration"):
        paragraphs.append(f"{DEMO_NOTICE}. The figures below illustrate the method only.")
    sig = (
        "a statistically significant change"
        if totals["significant"]
        else "not a statistically significant change"
    )
    paragraphs.append(
        f"In {cur}, {area} recorded {fmt.count(totals['current'])} crimes excluding anti-social "
        f"behaviour, {fmt.decimal(totals['rate_per_1000'])} per 1,000 residents, against "
        f"{fmt.count(totals['baseline'])} in {base}: {fmt.percent(totals['percent_change'])}, "
        f"{sig} (exact conditional test, p = {fmt.p_value(totals['p_value'])})."
    )
    rows = result["categories"]
    ups = [r for r in rows if r["significant"] and r["direction"] == "up"]
    downs = [r for r in rows if r["significant"] and r["direction"] == "down"]
    if ups:
        paragraphs.append("Significant rises: " + _join([_change_phrase(r) for r in ups]) + ".")
    if downs:
        paragraphs.append("Significant falls: " + _join([_change_phrase(r) for r in downs]) + ".")
    if not ups and not downs:
        paragraphs.append("No category changed significantly between the two periods.")
    notable = [
        r
        for r in rows
        if not r["significant"]
        and r["percent_change"] is not None
        and abs(r["percent_change"]) >= 20
    ]
    if notable:
        paragraphs.append(
            "Changes that look large but are not statistically significant at 5% by the exact "
            "test, so should not on their own drive a priority: "
            + _join(
                [
                    _change_phrase(r)
                    + (
                        f" — the E-test gives p = {fmt.p_value(r['e_test_p_value'])}"
                        if r["e_test_p_value"] is not None and r["e_test_p_value"] < 0.05
                        else ""
                    )
                    for r in notable
                ]
            )
            + "."
        )
    peers = result.get("peers") or {}
    if peers.get("count"):
        above = [
            r["category"] for r in rows if (r.get("peers") or {}).get("position_998") == "above"
        ]
        below = [
            r["category"] for r in rows if (r.get("peers") or {}).get("position_998") == "below"
        ]
        text = (
            f"Against its peer family of {peers['count'] - 1} areas, "
            if peers.get("kind") == "family"
            else f"Against the {peers['count'] - 1} other areas in the store, "
        )
        if above:
            text += f"{area}'s rate is above the 99.8% funnel limit for {_join(above)}"
            text += f" and below it for {_join(below)}." if below else "."
        elif below:
            text += f"{area}'s rate is below the 99.8% funnel limit for {_join(below)}."
        else:
            text += f"{area}'s rates lie within the 99.8% funnel limits for every category."
        paragraphs.append(text)
    paragraphs.extend(comparator_paragraphs(result))
    subs = result.get("sub_areas") or []
    if subs:
        by_cat: dict[str, int] = {}
        for s in subs:
            by_cat[s["category"]] = by_cat.get(s["category"], 0) + 1
        top = sorted(by_cat.items(), key=lambda kv: -kv[1])[:3]
        paragraphs.append(
            f"{len({s['code'] for s in subs})} MSOAs have a rate or trend significantly above the "
            f"borough average in at least one category, most often for "
            + _join([f"{c} ({n})" for c, n in top])
            + "."
        )
    repeat = result.get("repeat_location") or {}
    if repeat.get("total_crimes"):
        paragraphs.append(
            f"Of {fmt.count(repeat['total_crimes'])} burglaries in {cur}, "
            f"{fmt.share(repeat['share'])} were at police.uk snap points recorded twice or more: "
            "a proxy for repeat burglary only, as police.uk carries no victim identifiers."
        )
    share = totals.get("unallocated_share")
    if share:
        paragraphs.append(
            f"{fmt.share(share)} of the force's crimes in {cur} carry no location and cannot be "
            "placed in any area; they are not counted above."
        )
    priorities = result.get("priorities") or []
    if priorities:
        top_categories = [p["category"] for p in priorities[:4]]
        paragraphs.append(
            "On the partnership's scoring weights the highest-ranked candidate priorities are "
            + _join(top_categories)
            + "."
        )
    return paragraphs


def exceptions_narrative(result: dict) -> list[str]:
    """Paragraphs naming each exception with its direction and significance."""
    paragraphs = []
    if result.get("demonstration"):
        paragraphs.append(f"{DEMO_NOTICE}. The figures below illustrate the method only.")
    month = result["month_label"]
    rows = result["exceptions"]
    if not rows:
        paragraphs.append(
            f"In {month} no category was outside its control limits or significantly different "
            "from a year earlier."
        )
    for r in rows:
        parts = [f"{r['name']}: {fmt.count_or_value(r['value'])} in {month}"]
        if r.get("beyond") == "above":
            parts.append(f"above its upper control limit of {fmt.decimal(r['upper'], 1)}")
        elif r.get("beyond") == "below":
            parts.append(f"below its lower control limit of {fmt.decimal(r['lower'], 1)}")
        elif r.get("run"):
            parts.append(f"part of a run of points {r['run']} the centre line")
        if r.get("year_earlier") is not None:
            sig = "significant" if r.get("significant") else "not significant"
            p = f", p = {fmt.p_value(r['p_value'])}" if r.get("p_value") is not None else ""
            parts.append(
                f"against {fmt.count_or_value(r['year_earlier'])} a year earlier "
                f"({fmt.percent(r['percent_change'])}, {sig}{p})"
            )
        paragraphs.append(", ".join(parts) + f" — {r['direction']}.")
    paragraphs.extend(comparator_paragraphs(result))
    return paragraphs


# The county and the peer family (issue 15, point 5) ------------------------------------------


def _versus(figure: dict) -> str:
    if figure["direction"] == "similar":
        return "within chance"
    return f"{figure['direction']}, more than chance"


def comparator_sentence(row: dict, *, change: str | None = None) -> str | None:
    """One category against its county and peer family, in the words of seed 002 item 7.1:
    "Burglary is still low against overall county figures: 4.10 per 1,000 against the county's
    6.02 (lower, more than chance) and the peer family's 5.20 (lower, more than chance)."

    ``change`` is the category's significant change ("up" or "down"), which makes a low rate
    "still low" after a rise and a high one "still high" after a fall. None without figures.
    """
    county, family = row.get("county"), row.get("family")
    lead = county or family
    if lead is None or not (row["current"] or lead["current"]):
        return None  # no crimes in either: nothing to compare
    where = "overall county figures" if county else "its peer family"
    if lead["direction"] == "lower":
        level = ("still " if change == "up" else "") + "low against"
    elif lead["direction"] == "higher":
        level = ("still " if change == "down" else "") + "high against"
    else:
        level = "in line with"
    beside = []
    if county:
        beside.append(f"the county's {fmt.decimal(county['rate_per_1000'])} ({_versus(county)})")
    if family:
        name = "the peer family's" if county else "the family's"
        beside.append(f"{name} {fmt.decimal(family['rate_per_1000'])} ({_versus(family)})")
    return (
        f"{row['category']} is {level} {where}: {fmt.decimal(row['rate_per_1000'])} per 1,000 "
        f"against {' and '.join(beside)}."
    )


def comparator_paragraphs(result: dict) -> list[str]:
    """The narrative's comparison: all crime's sentence, then each category that differs from
    the county or the family by more than chance."""
    rows = (result.get("comparators") or {}).get("rows") or []
    if not rows:
        return []
    total, categories = rows[-1], rows[:-1]
    out = [total["sentence"]] if total.get("sentence") else []
    differ = [
        r["sentence"]
        for r in categories
        if r.get("sentence")
        and any((r.get(k) or {}).get("significant") for k in ("county", "family"))
    ]
    if differ:
        out.append(" ".join(differ))
    return out


def _names_and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def comparators_intro(result: dict) -> list[str]:
    """What the figures are set beside, and why a comparator gives no figure: the opening of the
    comparison section on the page and in the documents."""
    comparison = result.get("comparators")
    area = result["area"]["name"]
    if not comparison or not comparison.get("configured"):
        return [
            f"No county or peer family was set for the partnership when this was produced, so "
            f"{area}'s figures stand alone here."
        ]
    out = []
    county = comparison.get("county")
    if county is None:
        out.append("No county is set.")
    elif county["available"]:
        out.append(
            f"The county is {county['name']}: {_names_and(county['areas'])}, "
            f"{fmt.count(county['population'])} residents. The county's figures include "
            f"{area}'s, so {area} is tested against the rest of the county."
        )
    else:
        out.append(f"No county figure for {county['name']}: {county['reason']}.")
    peers = comparison.get("peers") or []
    shown = [p["name"] for p in peers if p["available"]]
    if not peers:
        out.append("No peer family is set.")
    elif shown:
        family = comparison["family"]
        out.append(
            f"The peer family is {_names_and(shown)}: {fmt.count(family['population'])} "
            "residents, whose combined rate is the family's."
        )
    else:
        out.append("No peer family figure: none of its areas gives one.")
    for p in peers:
        if not p["available"]:
            out.append(f"Left out of the peer family: {p['name']} ({p['reason']}).")
    if comparison.get("rows"):
        out.append(
            f"Rates are crimes per 1,000 residents in {comparison['period']}. Higher or lower "
            "means by more than chance (the exact conditional test at 5%); similar, within it."
        )
    return out


def _names(rows: list[dict], key: str = "category") -> str:
    return _join([r[key] for r in rows])


def plain_summary(result: dict) -> list[str]:
    """The assessment in a few sentences a councillor reads first: no p-values, no jargon.

    What went up, what went down (by more than chance would explain, the test the page's
    figures use) and what is recommended; the statistics follow on the page for those who
    want them.
    """
    if result["kind"] == "exceptions":
        rows = result["exceptions"]
        month = result["month_label"]
        if not rows:
            return [f"Nothing was unusual in {month}: every category was within its normal range."]
        ups = [r for r in rows if str(r.get("direction", "")).startswith("up")]
        downs = [r for r in rows if str(r.get("direction", "")).startswith("down")]
        out = []
        if ups:
            out.append(f"Higher than usual in {month}: {_names(ups, 'name')}.")
        if downs:
            out.append(f"Lower than usual in {month}: {_names(downs, 'name')}.")
        out.append("Each is shown below with its chart, so you can see whether it is a one-off.")
        return out
    totals = result["totals"]
    cur, base = result["current"]["label"], result["baseline"]["label"]
    change = totals.get("percent_change")
    out = []
    if change is not None:
        way = "up" if change > 0 else "down"
        out.append(
            f"Overall, crime (not counting anti-social behaviour) went {way} by "
            f"{abs(change):.0f}% in {cur} compared with {base}, from "
            f"{fmt.count(totals['baseline'])} to {fmt.count(totals['current'])} crimes. "
            + (
                "That is more than normal year-to-year variation."
                if totals["significant"]
                else "That is within normal year-to-year variation."
            )
        )
    rows = result["categories"]
    ups = [r for r in rows if r["significant"] and r["direction"] == "up"]
    downs = [r for r in rows if r["significant"] and r["direction"] == "down"]
    out.append(
        f"Went up by more than chance would explain: {_names(ups)}."
        if ups
        else "No type of crime went up by more than chance would explain."
    )
    out.append(
        f"Went down by more than chance would explain: {_names(downs)}."
        if downs
        else "No type of crime went down by more than chance would explain."
    )
    priorities = result.get("priorities") or []
    if priorities:
        out.append(
            "Recommended priorities, scored on the partnership's own weights: "
            + _join([p["category"] for p in priorities[:4]])
            + "."
        )
    return out


# Statistical terms the page uses, explained for a reader who is not a statistician. The page
# links each term where it appears to its entry (assessments/jinja2/assessments/detail.html).
GLOSSARY = [
    (
        "p-value",
        "p-value",
        "How likely a change at least this big would be if nothing had really changed. "
        "A small p-value (below 0.05, or 5%) means the change is unlikely to be chance. "
        "Very small values are written like 4.1e-21: move the decimal point 21 places to the "
        "left (0.0000000000000000000041): a change that size would almost never happen by chance.",
    ),
    (
        "exact-test",
        "Exact test",
        "The test used to decide whether a category's count changed by more than chance: it "
        "compares the two periods' counts directly, without approximations.",
    ),
    (
        "e-test",
        "E-test",
        "A second test for the same question, shown beside the exact test. When the two "
        "disagree, treat the change with caution.",
    ),
    (
        "msoa",
        "MSOA",
        "Middle Layer Super Output Area: a small area of about 7,000 to 10,000 residents, "
        "used by the Office for National Statistics so areas of similar size can be compared.",
    ),
    (
        "c-chart",
        "c-chart (control chart)",
        "A chart of monthly counts with a centre line (the usual level) and control limits. "
        "A month outside the limits is unusual rather than ordinary month-to-month variation.",
    ),
    (
        "rate-ratio",
        "Rate ratio",
        "One rate divided by another: 1.5 means one and a half times as many crimes per "
        "resident; 1 means the same.",
    ),
    (
        "confidence-interval",
        "Confidence interval",
        "The range the true figure very probably lies in (95% of the time for a 95% "
        "interval), given how much counts vary by chance.",
    ),
    (
        "funnel-plot",
        "Funnel plot",
        "Each area's rate against its population. Small areas vary more by chance, so the "
        "limits widen like a funnel; an area outside the limits is unusual for its size.",
    ),
]

_GLOSSED = [
    (re.compile(r"\bp = [^,;)\s]+|\bp-values?\b"), "p-value"),
    (re.compile(r"\bexact (?:conditional )?test\b"), "exact-test"),
    (re.compile(r"\bE-test\b"), "e-test"),
    (re.compile(r"\bMSOAs?\b"), "msoa"),
    (re.compile(r"\bc-chart\b|\bcontrol limits?\b"), "c-chart"),
    (re.compile(r"\brate ratio\b", re.IGNORECASE), "rate-ratio"),
    (re.compile(r"\bconfidence intervals?\b", re.IGNORECASE), "confidence-interval"),
    (re.compile(r"\bfunnel (?:limits?|plot)\b"), "funnel-plot"),
]


def glossary_links(text: str) -> Markup:
    """The text, escaped, with the first mention of each glossary term linked to its entry."""
    spans: list[tuple[int, int, str]] = []
    for pattern, key in _GLOSSED:
        match = pattern.search(text)
        if match and not any(a < match.end() and match.start() < b for a, b, _ in spans):
            spans.append((match.start(), match.end(), key))
    out, pos = [], 0
    for start, end, key in sorted(spans):
        out.append(escape(text[pos:start]))
        out.append(
            Markup('<a class="govuk-link" href="#glossary-{}">{}</a>').format(key, text[start:end])
        )
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
