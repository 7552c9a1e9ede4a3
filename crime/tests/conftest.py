"""Fixtures for the crime tests: the real West Yorkshire police.uk files and stores built from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from crime.geography import load_geography
from crime.ingest import import_paths
from crime.store import Store

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "var" / "testdata" / "crime_sim_toolkit" / "crime_sim_toolkit"

DISTRICTS = {
    "E08000032": "Bradford",
    "E08000033": "Calderdale",
    "E08000034": "Kirklees",
    "E08000035": "Leeds",
    "E08000036": "Wakefield",
}


@dataclass(frozen=True)
class PoliceData:
    """Paths to the real police.uk and ONS files shipped in crime-sim-toolkit 1.5.0."""

    folder: Path
    street_files: list[Path]
    lookup_csv: Path
    population_csv: Path


@pytest.fixture(scope="session")
def police_data() -> PoliceData:
    """The real West Yorkshire files; fails (never skips) when they have not been fetched."""
    folder = TESTDATA / "tests" / "testing_data" / "test_policedata"
    lookup = TESTDATA / "src" / "LSOA_data" / "PoliceforceLSOA.csv"
    population = TESTDATA / "src" / "LSOA_data" / "census_2011_population_hh.csv"
    street = sorted(folder.glob("*/*-west-yorkshire-street.csv"))
    if len(street) != 3 or not lookup.exists() or not population.exists():
        pytest.fail(
            f"The real police.uk test data are missing from {TESTDATA}. "
            "Fetch them with `make testdata` (or `.venv/bin/python scripts/fetch_test_data.py`).",
            pytrace=False,
        )
    return PoliceData(folder, street, lookup, population)


@pytest.fixture
def store(tmp_path) -> Store:
    """An empty store in a temporary directory."""
    return Store(tmp_path / "crime")


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory, police_data) -> Store:
    """A store holding the three real street files and the geography (shared; do not modify)."""
    store = Store(tmp_path_factory.mktemp("loaded") / "crime")
    load_geography(
        lookup_csv=police_data.lookup_csv, population_csv=police_data.population_csv, store=store
    )
    import_paths([police_data.folder], store=store)
    return store


@pytest.fixture(scope="session")
def geography_store(tmp_path_factory, police_data) -> Store:
    """A store with only the geography loaded (shared; copy before modifying)."""
    store = Store(tmp_path_factory.mktemp("geo") / "crime")
    load_geography(
        lookup_csv=police_data.lookup_csv, population_csv=police_data.population_csv, store=store
    )
    return store


@pytest.fixture
def data_dir(settings, tmp_path):
    """Point CSPHUB_DATA_DIR at a fresh temporary directory and return the store in it."""
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    return Store(tmp_path / "data" / "crime")


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks in-process, whatever TASKS_BACKEND the settings were built with."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a request queued with transaction.on_commit (the task) as its commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
