"""The s17A information-sharing schedule as dataset templates, and each template's CSV columns.

SI 2007/1831 has police, fire and rescue, health and ambulance services share depersonalised
data with the partnership each quarter. Each preset declares one such dataset; the template
file is the CSV header the supplier fills in, one row per period and geography code.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.models import Geography, Granularity

# The column a file gives its geography in, by the geography the dataset declares.
GEOGRAPHY_COLUMNS: dict[str, str] = {
    Geography.LSOA: "lsoa_code",
    Geography.OUTWARD_POSTCODE: "outward_postcode",
    Geography.WARD: "ward_code",
}


def columns_for(geography: str) -> list[str]:
    """The columns a file for a dataset of this geography must have, in order."""
    column = GEOGRAPHY_COLUMNS.get(geography)
    return ["period", column, "count"] if column else ["period", "count"]


@dataclass(frozen=True)
class Preset:
    key: str
    source: str
    title: str
    measure: str
    unit: str
    theme: str
    granularity: str
    geography: str
    harm_weight: float

    @property
    def columns(self) -> list[str]:
        return columns_for(self.geography)


# Harm weights are a starting point the partnership may change on the dataset: roughly the
# police.uk weights of the nearest category (assessments.statistics.DEFAULT_CATEGORY_WEIGHTS).
PRESETS: tuple[Preset, ...] = (
    Preset(
        "police-domestic-abuse-incidents",
        "Police",
        "Domestic abuse incidents",
        "Domestic abuse incidents recorded by the police (crimed or not)",
        "incidents",
        "Domestic abuse",
        Granularity.MONTH,
        Geography.LSOA,
        3.0,
    ),
    Preset(
        "police-domestic-abuse-crimes",
        "Police",
        "Domestic abuse crimes",
        "Crimes recorded by the police with a domestic abuse flag",
        "crimes",
        "Domestic abuse",
        Granularity.MONTH,
        Geography.LSOA,
        6.0,
    ),
    Preset(
        "fire-deliberate-primary-fires",
        "Fire and rescue service",
        "Deliberate primary fires",
        "Deliberate fires in buildings, vehicles and outdoor structures",
        "fires",
        "Criminal damage and arson",
        Granularity.MONTH,
        Geography.LSOA,
        4.0,
    ),
    Preset(
        "fire-deliberate-secondary-fires",
        "Fire and rescue service",
        "Deliberate secondary fires",
        "Deliberate fires of grassland, refuse and derelict buildings",
        "fires",
        "Anti-social behaviour",
        Granularity.MONTH,
        Geography.LSOA,
        1.0,
    ),
    Preset(
        "fire-violence-against-staff",
        "Fire and rescue service",
        "Violence against fire staff",
        "Attacks on fire and rescue staff at incidents",
        "attacks",
        "Violence and sexual offences",
        Granularity.QUARTER,
        Geography.AREA,
        5.0,
    ),
    Preset(
        "ambulance-assault-call-outs",
        "Ambulance service",
        "Ambulance call-outs to assault",
        "Ambulance call-outs coded as assault",
        "call-outs",
        "Violence and sexual offences",
        Granularity.MONTH,
        Geography.LSOA,
        5.0,
    ),
    Preset(
        "hospital-assault-admissions",
        "NHS hospital trust",
        "Hospital admissions for assault",
        "Admissions for assault by the patient's outward postcode",
        "admissions",
        "Violence and sexual offences",
        Granularity.QUARTER,
        Geography.OUTWARD_POSTCODE,
        8.0,
    ),
    Preset(
        "hospital-drug-alcohol-admissions",
        "NHS hospital trust",
        "Hospital admissions for drug- or alcohol-related conditions",
        "Admissions for conditions wholly attributable to drugs or alcohol, by outward postcode",
        "admissions",
        "Drug and substance misuse",
        Granularity.QUARTER,
        Geography.OUTWARD_POSTCODE,
        4.0,
    ),
)
PRESETS_BY_KEY = {p.key: p for p in PRESETS}
