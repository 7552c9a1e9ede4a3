"""Synthetic partner datasets and road casualties for the demo partnership (Maidstone).

The seeds name four proposed priorities (seed 002 item 7.1: anti-social behaviour, domestic
abuse, road safety and drug and substance misuse) but give no partner figures, so every file
here is synthetic, labelled "Demonstration data" on the dataset and on every assessment row
made from it. Each file is written in the published layout and loaded through the same import
as a real one, so it carries provenance. The numbers are Poisson draws from fixed seeds; the
trends follow the seed's words where it has any ("Domestic abuse has decreased").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from core.models import Visibility
from crime.selectors import lsoa_lookup
from evidence import services
from evidence.models import PartnerDataset
from evidence.presets import PRESETS_BY_KEY

MAIDSTONE = "E07000110"
FIRST, LAST = "2007-11", "2010-10"
SEED = 20101125
OUTWARD = ["ME14", "ME15", "ME16", "ME17", "ME18"]
# Monthly counts for the whole borough, and yearly change (negative = falling).
MONTHLY = {
    "police-domestic-abuse-incidents": (170.0, -0.08),
    "fire-deliberate-secondary-fires": (26.0, 0.05),
    "ambulance-assault-call-outs": (75.0, 0.02),
    "council-asb": (310.0, 0.04),
}
QUARTERLY = {"hospital-drug-alcohol-admissions": (150.0, 0.10)}
ROAD_MONTHLY = 42.0  # casualties a month; about one in eight killed or seriously injured


def _months(first: str = FIRST, last: str = LAST) -> list[str]:
    out, (y, m) = [], (int(first[:4]), int(first[5:]))
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# The synthetic crime data hold no anti-social behaviour (police.uk's ASB is incidents, not the
# recorded offences the demo's crime figures are shared from), so ASB is evidenced by a dataset
# of the partnership's own, declared like any other: ASB reports to the borough council.
COUNCIL_ASB: dict[str, Any] = {
    "source": "Demonstration data (Maidstone Borough Council)",
    "title": "Anti-social behaviour reports to the council",
    "measure": "Anti-social behaviour reported to the council's community safety unit",
    "unit": "reports",
    "theme": "Anti-social behaviour",
    "granularity": "month",
    "geography": "lsoa",
    "harm_weight": 1.0,
}


def _council_asb(partnership) -> PartnerDataset:
    found = PartnerDataset.objects.filter(
        partnership=partnership, title=COUNCIL_ASB["title"]
    ).first()
    return found or services.dataset_declare(
        partnership=partnership,
        visibility=Visibility.PUBLIC,
        demonstration=True,
        **COUNCIL_ASB,
    )


def _dataset(partnership, key: str, **extra) -> PartnerDataset:
    if key == "council-asb":
        return _council_asb(partnership)
    title = PRESETS_BY_KEY[key].title
    found = PartnerDataset.objects.filter(partnership=partnership, title=title).first()
    if found is not None:
        return found
    return services.dataset_declare_from_preset(
        partnership=partnership,
        key=key,
        visibility=Visibility.PUBLIC,
        demonstration=True,
        source=f"Demonstration data ({PRESETS_BY_KEY[key].source})",
        **extra,
    )


def _weights(rng, n: int) -> np.ndarray:
    w = rng.gamma(2.0, 1.0, n)
    return w / w.sum()


def load(partnership, *, store=None) -> str:
    """Declare and load the synthetic datasets; safe to run again (same files: no change)."""
    lookup = lsoa_lookup(store=store)
    lsoas = sorted(code for code, row in lookup.items() if row.la_code == MAIDSTONE)
    if not lsoas:
        return "Skipped the synthetic partner data: the geography has no Maidstone LSOAs."
    months = _months()
    loaded = 0
    for index, (key, (level, trend)) in enumerate(MONTHLY.items()):
        dataset = _dataset(partnership, key)
        rng = np.random.default_rng(SEED + 10 + index)
        weights = _weights(rng, len(lsoas))
        for i, month in enumerate(months):
            mean = level * (1 + trend) ** (i / 12) * weights
            rows = ["period,lsoa_code,count"]
            rows += [
                f"{month},{code},{n}" for code, n in zip(lsoas, rng.poisson(mean), strict=True)
            ]
            services.dataset_load(
                dataset=dataset,
                period=month,
                filename=f"demonstration-{key}-{month}.csv",
                data=("\n".join(rows) + "\n").encode(),
                store=store,
            )
            loaded += 1
    for index, (key, (level, trend)) in enumerate(QUARTERLY.items()):
        dataset = _dataset(partnership, key, geography_codes=OUTWARD)
        rng = np.random.default_rng(SEED + 20 + index)
        weights = _weights(rng, len(OUTWARD))
        quarters = [m for m in _months("2008-01", LAST) if int(m[5:]) in (1, 4, 7, 10)]
        quarters = [q for q in quarters if q <= "2010-07"]
        for i, quarter in enumerate(quarters):
            mean = level * (1 + trend) ** (i / 4) * weights
            rows = ["period,outward_postcode,count"]
            rows += [f"{quarter},{c},{n}" for c, n in zip(OUTWARD, rng.poisson(mean), strict=True)]
            services.dataset_load(
                dataset=dataset,
                period=quarter,
                filename=f"demonstration-{key}-{quarter}.csv",
                data=("\n".join(rows) + "\n").encode(),
                store=store,
            )
            loaded += 1
    for year in (2007, 2008, 2009, 2010):
        collisions, casualties = stats19_files(year, lsoas)
        services.road_casualties_load(
            partnership=partnership,
            year=year,
            collisions_name=f"demonstration-dft-road-casualty-statistics-collision-{year}.csv",
            collisions=collisions,
            casualties_name=f"demonstration-dft-road-casualty-statistics-casualty-{year}.csv",
            casualties=casualties,
            store=store,
            demonstration=True,
        )
        loaded += 1
    return f"Loaded {loaded} synthetic partner and road casualty files (Demonstration data)."


COLLISION_HEADER = (
    "accident_index,accident_year,accident_reference,location_easting_osgr,"
    "location_northing_osgr,longitude,latitude,police_force,accident_severity,"
    "number_of_vehicles,number_of_casualties,date,day_of_week,time,local_authority_district,"
    "local_authority_ons_district,local_authority_highway,first_road_class,first_road_number,"
    "road_type,speed_limit,urban_or_rural_area,lsoa_of_accident_location"
)
CASUALTY_HEADER = (
    "accident_index,accident_year,accident_reference,vehicle_reference,casualty_reference,"
    "casualty_class,casualty_severity,casualty_type"
)


def stats19_files(
    year: int,
    lsoas: list[str],
    *,
    first: str = FIRST,
    last: str = LAST,
    monthly: float = ROAD_MONTHLY,
    district: str = MAIDSTONE,
) -> tuple[bytes, bytes]:
    """A year of synthetic collisions and casualties in the STATS19 open data layout.

    Only the columns CSP Hub reads carry meaningful values; locations are blank (the synthetic
    collisions have no place but their LSOA) and personal columns are left out.
    """
    rng = np.random.default_rng(SEED + year)
    weights = _weights(np.random.default_rng(SEED), len(lsoas))
    collisions, casualties = [COLLISION_HEADER], [CASUALTY_HEADER]
    ref = 0
    for month in range(1, 13):
        if not first <= f"{year}-{month:02d}" <= last:
            continue
        ksi_share = 0.13 * (0.95 ** (year - 2007))
        n = rng.poisson(monthly / 1.3)
        for _ in range(n):
            ref += 1
            reference = f"46{ref:07d}"
            index = f"{year}{reference}"
            lsoa = lsoas[rng.choice(len(lsoas), p=weights)]
            day = int(rng.integers(1, 29))
            people = 1 + int(rng.poisson(0.3))
            severities = [
                1 if rng.random() < 0.1 * ksi_share else 2 if rng.random() < ksi_share else 3
                for _ in range(people)
            ]
            collisions.append(
                f"{index},{year},{reference},,,,,46,{min(severities)},2,{people},"
                f"{day:02d}/{month:02d}/{year},1,12:00,-1,{district},E10000016,3,20,6,30,1,{lsoa}"
            )
            for number, severity in enumerate(severities, start=1):
                casualties.append(f"{index},{year},{reference},1,{number},1,{severity},9")
    return (
        ("\n".join(collisions) + "\n").encode(),
        ("\n".join(casualties) + "\n").encode(),
    )
