"""The priority-scoring matrix: factors per category, weights, a ranked list with reasons.

Each factor is scaled to 0–1 across the categories being ranked, then combined as a weighted
mean. Factors (see docs/assessment.md for the full definitions):

* volume — the category's current count over the largest category's;
* trend — 0.5 + 0.5 × sign(rate ratio − 1) × (1 − p): 1 for a highly significant rise, 0 for
  a highly significant fall, about 0.5 when the data show no change;
* harm — harm-weighted volume over the largest;
* peers — the area's position in the funnel against other areas: above 99.8% → 1, above
  95% → 0.75, within → 0.5, below 95% → 0.25, below 99.8% → 0;
* public concern — entered by the partnership, 0–5, divided by 5;
* partner measures — for measures tied to the category, the share that got worse
  (a measure that did not change counts half); 0.5 when no measure is tied to it.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessments.formatting import p_value

FACTORS: dict[str, str] = {
    "volume": "Volume",
    "trend": "Trend",
    "harm": "Harm",
    "peers": "Position against peers",
    "public_concern": "Public concern",
    "partner_measures": "Partner measures",
}

DEFAULT_FACTOR_WEIGHTS: Mapping[str, float] = {
    "volume": 1.0,
    "trend": 1.0,
    "harm": 1.0,
    "peers": 1.0,
    "public_concern": 1.0,
    "partner_measures": 0.5,
}

PEER_SCORES: dict[tuple[str | None, str | None], float] = {
    ("above", "above"): 1.0,
    ("above", "within"): 0.75,
    ("within", "within"): 0.5,
    ("below", "within"): 0.25,
    ("below", "below"): 0.0,
}


def trend_score(rate_ratio: float | None, p_value: float, current: int, baseline: int) -> float:
    """0.5 ± half the evidence of change, signed by its direction."""
    if current == baseline:
        return 0.5
    direction = 1 if current > baseline else -1
    if rate_ratio is not None:
        direction = 1 if rate_ratio > 1 else -1 if rate_ratio < 1 else 0
    return 0.5 + 0.5 * direction * (1 - p_value)


def score_categories(
    rows: list[dict],
    *,
    weights: Mapping[str, float],
    public_concern: Mapping[str, float],
    measures: list[dict],
) -> list[dict]:
    """Rank categories by the weighted factors; each entry carries its factor scores and reasons."""
    if not rows:
        return []
    max_volume = max(r["current"] for r in rows) or 1
    max_harm = max(r["harm_weighted"] for r in rows) or 1
    total_weight = sum(float(weights.get(f, 0)) for f in FACTORS) or 1.0
    ranked = []
    for row in rows:
        category = row["category"]
        peers = row.get("peers") or {}
        position = (peers.get("position_95"), peers.get("position_998"))
        tied = [m for m in measures if m.get("category") == category and m.get("direction")]
        if tied:
            worse = sum(
                1.0 if m["direction"] == "worse" else 0.5 if m["direction"] == "same" else 0
                for m in tied
            )
            measure_score = worse / len(tied)
        else:
            measure_score = 0.5
        factors = {
            "volume": row["current"] / max_volume,
            "trend": trend_score(
                row["rate_ratio"], row["p_value"], row["current"], row["baseline"]
            ),
            "harm": row["harm_weighted"] / max_harm,
            "peers": PEER_SCORES.get(position, 0.5),
            "public_concern": max(0.0, min(5.0, float(public_concern.get(category, 0) or 0))) / 5,
            "partner_measures": measure_score,
        }
        score = sum(factors[f] * float(weights.get(f, 0)) for f in FACTORS) / total_weight
        ranked.append(
            {
                "category": category,
                "score": round(score, 4),
                "factors": {f: round(v, 4) for f, v in factors.items()},
                "reasons": _reasons(row, factors, public_concern.get(category, 0), tied),
            }
        )
    ranked.sort(key=lambda r: (-r["score"], r["category"]))
    for rank, entry in enumerate(ranked, start=1):
        entry["rank"] = rank
    return ranked


def _reasons(row: dict, factors: dict, concern, tied: list[dict]) -> list[str]:
    reasons = []
    if factors["volume"] >= 0.5:
        reasons.append(f"high volume: {row['current']:,} crimes in the current period")
    if row["significant"] and row["current"] > row["baseline"]:
        reasons.append(
            f"significant rise: {row['baseline']:,} to {row['current']:,} "
            f"(exact test p = {_p(row['p_value'])})"
        )
    elif row["significant"]:
        reasons.append(
            f"significant fall: {row['baseline']:,} to {row['current']:,} "
            f"(exact test p = {_p(row['p_value'])})"
        )
    if factors["harm"] >= 0.5:
        reasons.append(f"high harm: weighted volume {row['harm_weighted']:,.0f}")
    peers = row.get("peers") or {}
    if peers.get("position_998") == "above":
        reasons.append("rate above the 99.8% limit against peer areas")
    elif peers.get("position_95") == "above":
        reasons.append("rate above the 95% limit against peer areas")
    elif peers.get("position_95") == "below":
        reasons.append("rate below peer areas")
    if concern and float(concern) >= 3:
        reasons.append(f"public concern {float(concern):g} out of 5")
    worse = [m["name"] for m in tied if m["direction"] == "worse"]
    if worse:
        reasons.append("partner measures worse: " + ", ".join(worse))
    if not reasons:
        reasons.append("no factor stands out")
    return reasons


def _p(value: float) -> str:
    return p_value(value)
