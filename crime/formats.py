"""police.uk file formats: column schemas, file-name parsing, forces and crime categories.

Everything here is plain data so the import engine, the selectors and the tests share one
definition of what a police.uk file looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Dataset(StrEnum):
    """The three police.uk datasets, named as in their file names."""

    STREET = "street"
    OUTCOMES = "outcomes"
    STOP_AND_SEARCH = "stop-and-search"


@dataclass(frozen=True)
class Column:
    """One CSV column: its police.uk header, the stored name and the DuckDB type."""

    header: str
    name: str
    duck_type: str = "VARCHAR"


@dataclass(frozen=True)
class Schema:
    """The explicit layout of one dataset's CSV files."""

    dataset: Dataset
    columns: tuple[Column, ...]
    month_column: str  # stored name of the column that must agree with the file name's month

    @property
    def headers(self) -> list[str]:
        """Headers in file order."""
        return [c.header for c in self.columns]


STREET = Schema(
    Dataset.STREET,
    (
        Column("Crime ID", "crime_id"),
        Column("Month", "month"),
        Column("Reported by", "reported_by"),
        Column("Falls within", "falls_within"),
        Column("Longitude", "longitude", "DOUBLE"),
        Column("Latitude", "latitude", "DOUBLE"),
        Column("Location", "location"),
        Column("LSOA code", "lsoa_code"),
        Column("LSOA name", "lsoa_name"),
        Column("Crime type", "crime_type_original"),
        Column("Last outcome category", "last_outcome_category"),
        Column("Context", "context"),
    ),
    month_column="month",
)

OUTCOMES = Schema(
    Dataset.OUTCOMES,
    (
        Column("Crime ID", "crime_id"),
        Column("Month", "month"),
        Column("Reported by", "reported_by"),
        Column("Falls within", "falls_within"),
        Column("Longitude", "longitude", "DOUBLE"),
        Column("Latitude", "latitude", "DOUBLE"),
        Column("Location", "location"),
        Column("LSOA code", "lsoa_code"),
        Column("LSOA name", "lsoa_name"),
        Column("Outcome type", "outcome_type"),
    ),
    month_column="month",
)

STOP_AND_SEARCH = Schema(
    Dataset.STOP_AND_SEARCH,
    (
        Column("Type", "type"),
        Column("Date", "date"),
        Column("Part of a policing operation", "part_of_policing_operation"),
        Column("Policing operation", "policing_operation"),
        Column("Latitude", "latitude", "DOUBLE"),
        Column("Longitude", "longitude", "DOUBLE"),
        Column("Gender", "gender"),
        Column("Age range", "age_range"),
        Column("Self-defined ethnicity", "self_defined_ethnicity"),
        Column("Officer-defined ethnicity", "officer_defined_ethnicity"),
        Column("Legislation", "legislation"),
        Column("Object of search", "object_of_search"),
        Column("Outcome", "outcome"),
        Column("Outcome linked to object of search", "outcome_linked_to_object_of_search"),
        Column("Removal of clothing", "removal_of_clothing"),
    ),
    month_column="date",
)

SCHEMAS: dict[Dataset, Schema] = {s.dataset: s for s in (STREET, OUTCOMES, STOP_AND_SEARCH)}

# police.uk force identifiers as used in file names, with display names.
FORCES: dict[str, str] = {
    "avon-and-somerset": "Avon and Somerset",
    "bedfordshire": "Bedfordshire",
    "btp": "British Transport Police",
    "cambridgeshire": "Cambridgeshire",
    "cheshire": "Cheshire",
    "city-of-london": "City of London",
    "cleveland": "Cleveland",
    "cumbria": "Cumbria",
    "derbyshire": "Derbyshire",
    "devon-and-cornwall": "Devon and Cornwall",
    "dorset": "Dorset",
    "durham": "Durham",
    "dyfed-powys": "Dyfed-Powys",
    "essex": "Essex",
    "gloucestershire": "Gloucestershire",
    "greater-manchester": "Greater Manchester",
    "gwent": "Gwent",
    "hampshire": "Hampshire",
    "hertfordshire": "Hertfordshire",
    "humberside": "Humberside",
    "kent": "Kent",
    "lancashire": "Lancashire",
    "leicestershire": "Leicestershire",
    "lincolnshire": "Lincolnshire",
    "merseyside": "Merseyside",
    "metropolitan": "Metropolitan Police",
    "norfolk": "Norfolk",
    "north-wales": "North Wales",
    "north-yorkshire": "North Yorkshire",
    "northamptonshire": "Northamptonshire",
    "northern-ireland": "Northern Ireland",
    "northumbria": "Northumbria",
    "nottinghamshire": "Nottinghamshire",
    "south-wales": "South Wales",
    "south-yorkshire": "South Yorkshire",
    "staffordshire": "Staffordshire",
    "suffolk": "Suffolk",
    "surrey": "Surrey",
    "sussex": "Sussex",
    "thames-valley": "Thames Valley",
    "warwickshire": "Warwickshire",
    "west-mercia": "West Mercia",
    "west-midlands": "West Midlands",
    "west-yorkshire": "West Yorkshire",
    "wiltshire": "Wiltshire",
}

# Today's 14 police.uk street-level categories.
CATEGORIES: tuple[str, ...] = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

ASB = "Anti-social behaviour"

# Categories police.uk used before the May 2013 split. "Public disorder and weapons" was split
# into "Public order" and "Possession of weapons"; a row cannot be split after the event, so it
# goes to "Public order", the larger successor. The original text is kept beside it.
LEGACY_CATEGORIES: dict[str, str] = {
    "Violent crime": "Violence and sexual offences",
    "Public disorder and weapons": "Public order",
}

# Bounds generous enough for every police.uk force, Northern Ireland and the Scilly Isles.
LONGITUDE_RANGE = (-11.0, 3.0)
LATITUDE_RANGE = (49.0, 61.5)

FILE_NAME = re.compile(
    r"^(?P<month>\d{4}-(?:0[1-9]|1[0-2]))-(?P<force>[a-z-]+?)-"
    r"(?P<dataset>street|outcomes|stop-and-search)\.csv$"
)


@dataclass(frozen=True)
class Partition:
    """Where a file's rows belong: one dataset, force and month."""

    dataset: Dataset
    force: str
    month: str  # YYYY-MM

    def __str__(self) -> str:
        return f"{self.dataset}/{self.force}/{self.month}"


class FileNameError(ValueError):
    """A file name that does not follow police.uk's YYYY-MM-<force>-<dataset>.csv pattern."""


def parse_file_name(name: str) -> Partition:
    """Return the partition a police.uk CSV file name describes."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    match = FILE_NAME.match(base)
    if not match:
        raise FileNameError(
            "file name does not follow police.uk's pattern YYYY-MM-<force>-<dataset>.csv "
            "(dataset is street, outcomes or stop-and-search)"
        )
    force = match["force"]
    if force not in FORCES:
        raise FileNameError(f"unknown police force {force!r} in file name")
    return Partition(Dataset(match["dataset"]), force, match["month"])


def map_category(raw: str) -> str:
    """Return today's category for a crime type as written in a file (unknown ones unchanged)."""
    return LEGACY_CATEGORIES.get(raw, raw)


SYNTHETIC_REPORTED_BY = "Synthetic demonstration data"
"""What every row of the demo's synthetic street files says in *Reported by*."""
