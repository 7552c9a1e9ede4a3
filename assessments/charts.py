"""Server-rendered SVG charts: accessible (role="img", <title> and <desc>), no JavaScript.

Each chart is drawn above a table holding the same figures (see assessments/tables.py), so the
chart is never the only way to read them.

Text is never smaller than 12 px on screen (issue 16): every font size is at least
``MIN_FONT`` user units, and the SVG carries its own width and height so the page shows it at
that size (one user unit = one CSS pixel) rather than shrinking it to a narrow column; on a
small screen it scrolls sideways inside a labelled region instead (assessments/_macros.html).
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 76
MIN_FONT = 12  # user units, shown 1:1 as CSS pixels
DEMO_MARK = "Demonstration data — not real crime figures"


def _svg(
    chart_id: str,
    title: str,
    desc: str,
    body: list[str],
    demonstration: bool,
    height: int = HEIGHT,
    width: int = WIDTH,
) -> Markup:
    parts = [
        f'<svg class="csp-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" font-family="Helvetica, Arial, sans-serif" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        *body,
    ]
    if demonstration:
        parts.append(
            f'<text x="{width / 2}" y="{TOP + 14}" text-anchor="middle" font-size="14" '
            f'font-weight="bold" fill="#d4351c">{escape(DEMO_MARK)}</text>'
        )
    parts.append("</svg>")
    # Every text taken from data above went through escape(); the rest is our own markup.
    return Markup("".join(parts))  # noqa: S704


def _legend(lines: list[str], height: int = HEIGHT) -> str:
    """Key lines under the x axis, the last one 12 units above the bottom edge."""
    return "".join(
        f'<text x="{LEFT}" y="{height - 12 - 16 * (len(lines) - 1 - i)}" font-size="{MIN_FONT}" '
        f'fill="#0b0c0c">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def _scale(lo: float, hi: float, a: float, b: float):
    span = (hi - lo) or 1.0
    return lambda v: a + (v - lo) / span * (b - a)


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    step = 10 ** math.floor(math.log10((hi - lo) / n))
    for m in (1, 2, 5, 10):
        if (hi - lo) / (step * m) <= n:
            step *= m
            break
    start = math.ceil(lo / step) * step
    ticks, v = [], start
    while v <= hi + 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _axes(y_lo, y_hi, y, label: str) -> list[str]:
    out = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#0b0c0c"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#0b0c0c"/>',
        f'<text x="14" y="{(TOP + HEIGHT - BOTTOM) / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2})" fill="#0b0c0c">{escape(label)}</text>',
    ]
    for t in _nice_ticks(y_lo, y_hi):
        out.append(
            f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" font-size="12" text-anchor="end" fill="#0b0c0c">{t:,g}</text>'
            f'<line x1="{LEFT - 3}" y1="{y(t):.1f}" x2="{LEFT}" y2="{y(t):.1f}" stroke="#0b0c0c"/>'
        )
    return out


def trend_chart(
    chart_id: str,
    title: str,
    months: list[str],
    values: list[float],
    centre: list[float],
    lower: list[float],
    upper: list[float],
    *,
    demonstration: bool = False,
) -> Markup:
    """Monthly values with the control chart's centre line and limits.

    A value of None is a gap (a month flagged missing or implausibly low): it is drawn as a
    hatched band labelled "Gap", with no point, and every line breaks there.
    """
    if not months:
        return Markup("")
    present = [v for v in values if v is not None]
    known_upper = [u for u in upper if u is not None]
    y_hi = max([*present, *known_upper, 0]) * 1.1 or 1.0
    x = _scale(0, max(1, len(months) - 1), LEFT + 20, WIDTH - RIGHT - 20)
    y = _scale(0, y_hi, HEIGHT - BOTTOM, TOP + 20)
    body = _axes(0, y_hi, y, "Count")
    gaps = [i for i, v in enumerate(values) if v is None]
    step = (x(1) - x(0)) if len(months) > 1 else 40
    for i in gaps:
        body.append(
            f'<rect x="{x(i) - step / 2:.1f}" y="{TOP + 20}" width="{step:.1f}" '
            f'height="{HEIGHT - BOTTOM - TOP - 20}" fill="#f3f2f1" stroke="#b1b4b6"/>'
            f'<text x="{x(i):.1f}" y="{TOP + 34}" font-size="12" text-anchor="middle" '
            f'fill="#0b0c0c">Gap</text>'
        )

    def path(series, colour, dash=""):
        parts, pen_down = [], False
        for i, v in enumerate(series):
            if v is None or (i < len(values) and values[i] is None):
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{x(i):.1f},{y(v):.1f}")
            pen_down = True
        if not parts:
            return ""
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<path d="{" ".join(parts)}" fill="none" stroke="{colour}" stroke-width="2"{extra}/>'
        )

    body += [
        path(upper, "#d4351c", "6 4"),
        path(lower, "#d4351c", "6 4"),
        path(centre, "#505a5f", "2 3"),
    ]
    body.append(path(values, "#1d70b8"))

    def beyond(i):
        v = values[i]
        return (
            v is not None
            and upper[i] is not None
            and lower[i] is not None
            and (v > upper[i] or v < lower[i])
        )

    every = max(1, len(months) // 8)
    for i, (m, v) in enumerate(zip(months, values, strict=True)):
        if v is not None:
            body.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{5 if beyond(i) else 3.5}" '
                f'fill="{"#d4351c" if beyond(i) else "#1d70b8"}"/>'
            )
        last = len(months) - 1
        if i % every == 0 or (i == last and last % every > every / 2):
            body.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" font-size="12" text-anchor="middle" fill="#0b0c0c">{m}</text>'
            )
    body.append(
        _legend(
            [
                "Blue: count. Grey dotted: centre line. Red dashed: control limits.",
                "Red dots: outside the limits.",
                *(["Grey bands: gaps in the data (left out of the limits)."] if gaps else []),
            ]
        )
    )
    outside = [m for i, m in enumerate(months) if beyond(i)]
    desc = (
        f"Line chart of {len(months)} months from {months[0]} to {months[-1]}; values range from "
        f"{min(present or [0]):,.0f} to {max(present or [0]):,.0f}. "
        + (
            f"Gaps in the data (missing or implausibly low, not drawn and left out of the "
            f"centre line and limits): {', '.join(months[i] for i in gaps)}. "
            if gaps
            else ""
        )
        + (
            f"Outside the control limits: {', '.join(outside)}."
            if outside
            else "No month is outside the control limits."
        )
        + " The table below the chart gives every value."
    )
    return _svg(chart_id, title, desc, body, demonstration)


def funnel_chart(chart_id: str, title: str, peers: dict, *, demonstration: bool = False) -> Markup:
    """Each area's rate against its population, with the 95% and 99.8% funnel limits."""
    areas, curve = peers.get("areas") or [], peers.get("curve") or []
    if not areas or not curve:
        return Markup("")
    pops = [p["population"] for p in curve]
    x_lo, x_hi = math.log10(min(pops)), math.log10(max(pops))
    rates = [a["rate_per_1000"] for a in areas]
    y_hi = max(rates + [p["upper_998"] for p in curve]) * 1.05 or 1.0
    # Start the axis near the data (a funnel squashed against zero hides the comparison).
    y_lo = max(0.0, min(rates + [p["lower_998"] for p in curve]) * 0.9)
    x = _scale(x_lo, x_hi, LEFT + 10, WIDTH - RIGHT - 10)
    y = _scale(y_lo, y_hi, HEIGHT - BOTTOM, TOP + 20)
    body = _axes(y_lo, y_hi, y, "Rate per 1,000")
    for key, colour, dash in (
        ("upper_998", "#d4351c", "6 4"),
        ("lower_998", "#d4351c", "6 4"),
        ("upper_95", "#f47738", "2 3"),
        ("lower_95", "#f47738", "2 3"),
    ):
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{x(math.log10(p['population'])):.1f},{y(p[key]):.1f}"
            for i, p in enumerate(curve)
        )
        body.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
        )
    pooled = peers["pooled_rate_per_1000"]
    body.append(
        f'<line x1="{LEFT}" y1="{y(pooled):.1f}" x2="{WIDTH - RIGHT}" y2="{y(pooled):.1f}" stroke="#505a5f"/>'
    )
    for a in areas:
        cx, cy = x(math.log10(a["population"])), y(a["rate_per_1000"])
        if a["is_area"]:
            body.append(
                f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" fill="#1d70b8"/>'
            )
            body.append(
                f'<text x="{cx + 9:.1f}" y="{cy + 4:.1f}" font-size="12" font-weight="bold" fill="#0b0c0c">{escape(a["name"])}</text>'
            )
        else:
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#505a5f"/>')
            if peers.get("kind") == "family":  # a family is a few named areas: name each
                right = cx > WIDTH * 0.7  # near the right edge the name goes to the left
                body.append(
                    f'<text x="{cx - 7 if right else cx + 7:.1f}" y="{cy + 4:.1f}" font-size="12" '
                    f'text-anchor="{"end" if right else "start"}" fill="#0b0c0c">{escape(a["name"])}</text>'
                )
    for t in _nice_ticks(min(pops), max(pops), 4):
        if t > 0:
            body.append(
                f'<text x="{x(math.log10(t)):.1f}" y="{HEIGHT - BOTTOM + 18}" font-size="12" text-anchor="middle" fill="#0b0c0c">{t:,.0f}</text>'
            )
    body.append(
        _legend(
            [
                "Population (log scale). Orange: 95% limits. Red: 99.8% limits.",
                (
                    "Square: this area; dots: its peer family."
                    if peers.get("kind") == "family"
                    else "Square: this area."
                )
                + (" The rate axis does not start at zero." if y_lo > 0 else ""),
            ]
        )
    )
    me = next(a for a in areas if a["is_area"])
    desc = (
        f"Funnel plot of {len(areas)} areas' rates per 1,000 residents against population. "
        f"The pooled rate is {pooled:.2f}. {me['name']} has {me['rate_per_1000']:.2f} per 1,000, "
        f"{me['position_998']} the 99.8% limits and {me['position_95']} the 95% limits. "
        "The table below the chart gives every area."
    )
    return _svg(chart_id, title, desc, body, demonstration)


def priorities_chart(
    chart_id: str, title: str, priorities: list[dict], *, demonstration: bool = False
) -> Markup:
    """Horizontal bars of each category's priority score, highest first."""
    if not priorities:
        return Markup("")
    rows = priorities[:14]
    height = TOP + 30 + 22 * len(rows)
    label_w = 230
    x = _scale(0, 1, label_w, WIDTH - RIGHT - 50)
    body = []
    for i, p in enumerate(rows):
        yy = TOP + 24 + i * 22
        body.append(
            f'<text x="{label_w - 8}" y="{yy + 12}" font-size="12" text-anchor="end" fill="#0b0c0c">{p["rank"]}. {escape(p["category"])}</text>'
            f'<rect x="{label_w}" y="{yy}" width="{max(1.0, x(p["score"]) - label_w):.1f}" height="16" fill="{"#1d70b8" if i < 4 else "#b1b4b6"}"/>'
            f'<text x="{x(p["score"]) + 6:.1f}" y="{yy + 12}" font-size="12" fill="#0b0c0c">{p["score"]:.3f}</text>'
        )
    desc = (
        f"Bar chart of {len(rows)} candidate priorities by score from 0 to 1. Highest: "
        + ", ".join(f"{p['category']} ({p['score']:.3f})" for p in rows[:4])
        + ". The table below the chart gives every factor."
    )
    return _svg(chart_id, title, desc, body, demonstration, height)


SMALL_WIDTH, SMALL_HEIGHT = 280, 170


def small_trend_chart(
    chart_id: str,
    title: str,
    months: list[str],
    values: list[int | None],
    *,
    demonstration: bool = False,
) -> Markup:
    """A small line chart of monthly counts (one per crime category on the Crime data page).

    A value of None is a gap (a force-month missing or implausibly low), drawn as a grey band
    with the line broken there, as in ``trend_chart``. The demonstration mark is shortened to
    fit: "Demonstration data".
    """
    if not months:
        return Markup("")
    w, h, left, right, top, bottom = SMALL_WIDTH, SMALL_HEIGHT, 44, 10, 24, 26
    present = [v for v in values if v is not None]
    y_hi = max(max([*present, 0]) * 1.1, 4.0)  # counts: whole-number ticks, even when all 0
    x = _scale(0, max(1, len(months) - 1), left + 8, w - right - 8)
    y = _scale(0, y_hi, h - bottom, top)
    body = [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#0b0c0c"/>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#0b0c0c"/>',
    ]
    for t in (t for t in _nice_ticks(0, y_hi, 3) if t == int(t)):
        body.append(
            f'<text x="{left - 5}" y="{y(t) + 4:.1f}" font-size="{MIN_FONT}" text-anchor="end" '
            f'fill="#0b0c0c">{t:,g}</text>'
        )
    step = (x(1) - x(0)) if len(months) > 1 else 20
    gaps = [i for i, v in enumerate(values) if v is None]
    for i in gaps:
        body.append(
            f'<rect x="{x(i) - step / 2:.1f}" y="{top}" width="{step:.1f}" '
            f'height="{h - bottom - top}" fill="#f3f2f1" stroke="#b1b4b6"/>'
        )
    parts, pen_down = [], False
    for i, v in enumerate(values):
        if v is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x(i):.1f},{y(v):.1f}")
        pen_down = True
    if parts:
        body.append(f'<path d="{" ".join(parts)}" fill="none" stroke="#1d70b8" stroke-width="2"/>')
    for i, v in enumerate(values):
        if v is not None:
            body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="#1d70b8"/>')
    for i in sorted({0, len(months) - 1}):
        anchor = "start" if i == 0 and len(months) > 1 else "end"
        body.append(
            f'<text x="{x(i) + (-8 if anchor == "start" else 8):.1f}" y="{h - bottom + 17}" '
            f'font-size="{MIN_FONT}" text-anchor="{anchor}" fill="#0b0c0c">{escape(months[i])}</text>'
        )
    if demonstration:
        body.append(
            f'<text x="{w - right}" y="{top - 8}" text-anchor="end" font-size="{MIN_FONT}" '
            f'font-weight="bold" fill="#d4351c">Demonstration data</text>'
        )
    lo, hi = min(present or [0]), max(present or [0])
    desc = (
        f"Line chart of {len(months)} months from {months[0]} to {months[-1]}; monthly counts "
        f"range from {lo:,} to {hi:,}"
        + (f", latest {present[-1]:,}" if present else "")
        + "."
        + (
            f" Gaps in the data (missing or implausibly low, not drawn): "
            f"{', '.join(months[i] for i in gaps)}."
            if gaps
            else ""
        )
        + " The table below gives every value."
    )
    return _svg(chart_id, title, desc, body, False, h, w)


MAP_SIZE = 440  # the map's longer side, in CSS pixels
MAP_SHADES = ("#d2e2f1", "#8eb8dc", "#4c8cc7", "#1d70b8", "#003078")


def hotspot_map(
    chart_id: str,
    title: str,
    *,
    bounds: tuple[float, float, float, float],
    columns: int,
    rows: int,
    cells: list[tuple[int, int, int]],
    hull: list[tuple[float, float]],
    demonstration: bool = False,
) -> Markup:
    """A density grid of incidents inside the area's outline, drawn without map tiles.

    ``cells`` are (column, row from the north, count); ``hull`` the outline's corners as
    (longitude, latitude). Each cell's shade is one of five classes of its count.
    """
    if not columns or not rows:
        return Markup("")
    west, south, east, north = bounds
    pad, key_h = 12, 66
    cell = MAP_SIZE / max(columns, rows)
    w = round(columns * cell) + 2 * pad
    h = round(rows * cell) + 2 * pad + key_h
    top = pad + (20 if demonstration else 0)
    h += top - pad

    def px(lon: float, lat: float) -> tuple[float, float]:
        x = pad + (lon - west) / ((east - west) or 1e-9) * columns * cell
        y = top + (north - lat) / ((north - south) or 1e-9) * rows * cell
        return x, y

    peak = max((n for _, _, n in cells), default=0)

    def shade(n: int) -> int:
        return min(len(MAP_SHADES) - 1, int(len(MAP_SHADES) * n / (peak + 1)))

    body = []
    for c, r, n in cells:
        body.append(
            f'<rect x="{pad + c * cell:.1f}" y="{top + r * cell:.1f}" width="{cell:.1f}" '
            f'height="{cell:.1f}" fill="{MAP_SHADES[shade(n)]}"/>'
        )
    if len(hull) >= 3:
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}"
            for i, (x, y) in enumerate(px(lon, lat) for lon, lat in hull)
        )
        body.append(f'<path d="{d} Z" fill="none" stroke="#0b0c0c" stroke-width="2"/>')
    key_y = h - key_h + 10
    for i, colour in enumerate(MAP_SHADES):
        body.append(
            f'<rect x="{pad + i * 40}" y="{key_y}" width="40" height="14" fill="{colour}"/>'
        )
    body.append(
        f'<text x="{pad}" y="{key_y + 30}" font-size="{MIN_FONT}" fill="#0b0c0c">'
        f"Crimes per cell: lightest 1, darkest up to {peak:,}.</text>"
        f'<text x="{pad}" y="{key_y + 46}" font-size="{MIN_FONT}" fill="#0b0c0c">'
        "Black line: the area's outline.</text>"
    )
    if demonstration:
        body.append(
            f'<text x="{pad}" y="{pad + 12}" font-size="{MIN_FONT}" font-weight="bold" '
            f'fill="#d4351c">Demonstration data</text>'
        )
    total = sum(n for _, _, n in cells)
    busiest = sorted(cells, key=lambda t: -t[2])[:1]
    share = f"{100 * busiest[0][2] / total:.0f}%" if busiest and total else "0%"
    desc = (
        f"Map of the area as a grid of {columns} by {rows} cells, north at the top, shaded by "
        f"the number of crimes at police.uk's map points in each; {total:,} crimes fall in "
        f"{len(cells):,} cells. The busiest cell holds {peak:,} ({share} of them). "
        "The table beside the map lists the locations with most crimes."
    )
    return _svg(chart_id, title, desc, body, False, h, w)
