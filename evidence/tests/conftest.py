"""Fixtures for the evidence tests: a tiny LSOA geography (two districts) in a private store."""

from __future__ import annotations

import pytest

from crime.geography import load_geography
from crime.store import Store
from partnership.factories import PartnershipFactory

AREA = "E07000110"
OTHER = "E07000111"
LSOAS = {
    "E01024347": (AREA, 1500),
    "E01024348": (AREA, 1600),
    "E01024349": (AREA, 1700),
    "E01024400": (OTHER, 1800),
}


@pytest.fixture
def geography(settings, tmp_path) -> Store:
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    store = Store(tmp_path / "data" / "crime")
    lookup = tmp_path / "lookup.csv"
    rows = [
        "LSOA code,LSOA name,MSOA code,MSOA name,Local authority code,Local authority name,"
        "Police force,Persons"
    ]
    for code, (la, population) in LSOAS.items():
        name = "Maidstone" if la == AREA else "Sevenoaks"
        rows.append(f"{code},{name} {code[-3:]},E02000001,{name} 001,{la},{name},Kent,{population}")
    lookup.write_text("\n".join(rows) + "\n")
    load_geography(lookup_csv=lookup, population_csv=lookup, store=store)
    return store


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Safer Maidstone", slug="safer-maidstone", area_codes=[AREA])
