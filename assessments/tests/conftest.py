"""Fixtures for the assessments tests: a crime store built from the real West Yorkshire files.

The files are police.uk street data for July 2016, 2017 and 2018 and the ONS lookup and census
populations shipped in crime-sim-toolkit 1.5.0 (fetched by `make testdata`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crime.geography import load_geography
from crime.ingest import import_paths
from crime.store import Store

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "var" / "testdata" / "crime_sim_toolkit" / "crime_sim_toolkit"
STREET_FOLDER = TESTDATA / "tests" / "testing_data" / "test_policedata"
LOOKUP = TESTDATA / "src" / "LSOA_data" / "PoliceforceLSOA.csv"
POPULATION = TESTDATA / "src" / "LSOA_data" / "census_2011_population_hh.csv"

DISTRICTS = {
    "E08000032": "Bradford",
    "E08000033": "Calderdale",
    "E08000034": "Kirklees",
    "E08000035": "Leeds",
    "E08000036": "Wakefield",
}


@pytest.fixture(scope="session")
def west_yorkshire_store(tmp_path_factory) -> Store:
    """A store with the three real street files and the geography (shared: do not modify)."""
    street = sorted(STREET_FOLDER.glob("*/*-west-yorkshire-street.csv"))
    if len(street) != 3 or not LOOKUP.exists() or not POPULATION.exists():
        pytest.fail(
            f"The real police.uk test data are missing from {TESTDATA}. "
            "Fetch them with `make testdata`.",
            pytrace=False,
        )
    store = Store(tmp_path_factory.mktemp("assessments") / "crime")
    load_geography(lookup_csv=LOOKUP, population_csv=POPULATION, store=store)
    import_paths([STREET_FOLDER], store=store)
    return store


@pytest.fixture
def crime_data(settings, west_yorkshire_store) -> Store:
    """Point CSPHUB_DATA_DIR at the shared real-data store (read-only use)."""
    settings.CSPHUB_DATA_DIR = west_yorkshire_store.root.parent
    return west_yorkshire_store


@pytest.fixture
def own_crime_data(settings, west_yorkshire_store, tmp_path) -> Store:
    """A private copy of the real-data store that a test may re-import into."""
    root = tmp_path / "data"
    shutil.copytree(west_yorkshire_store.root, root / "crime")
    settings.CSPHUB_DATA_DIR = root
    return Store(root / "crime")


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run background tasks in-process, whatever TASKS_BACKEND the settings were built with."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
