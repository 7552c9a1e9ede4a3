"""The Crime data page and quality flags read the counts recorded at import (issue 11, point 2)."""

from __future__ import annotations

import shutil

import duckdb

from crime import selectors
from crime.formats import Dataset
from crime.geography import load_geography
from crime.ingest import import_paths
from crime.store import Store

LEEDS = ["E08000035"]


def _store_with(tmp_path, police_data, files) -> Store:
    store = Store(tmp_path / "crime")
    load_geography(
        lookup_csv=police_data.lookup_csv, population_csv=police_data.population_csv, store=store
    )
    import_paths(files, store=store)
    return store


def test_import_records_a_summary_for_every_street_partition(tmp_path, police_data):
    store = _store_with(tmp_path, police_data, police_data.street_files)
    for stored in store.partitions(Dataset.STREET):
        assert store.summary_path(stored.partition, stored.sha256).exists()


def test_overview_reads_no_partition_once_listed(tmp_path, police_data):
    """After the first view, the page needs neither the rows nor the footers of any partition."""
    store = _store_with(tmp_path, police_data, police_data.street_files)
    first = selectors.crime_area_overview(area_codes=LEEDS, store=store)
    flags = selectors.partition_quality(forces=["west-yorkshire"], store=store)
    for stored in store.partitions(Dataset.STREET):
        stored.path.write_bytes(b"")  # truncated in place: no rename, so no new store state
    assert selectors.crime_area_overview(area_codes=LEEDS, store=store).rows == first.rows
    assert selectors.partition_quality(forces=["west-yorkshire"], store=store) == flags


def test_counts_come_from_the_summaries(tmp_path, police_data):
    """With the partitions' rows gone, the counts are still there: they are the recorded ones."""
    store = _store_with(tmp_path, police_data, police_data.street_files)
    expected = selectors.crime_counts_by_area(area_codes=LEEDS, store=store)
    for stored in store.partitions(Dataset.STREET):
        # Keep the footer's sha256 but none of the rows.
        copy = stored.path.with_suffix(".copy")
        duckdb.execute(
            f"COPY (SELECT * FROM read_parquet('{stored.path}') LIMIT 0) TO '{copy}' "  # noqa: S608
            f"(FORMAT parquet, KV_METADATA {{'csphub.sha256': '{stored.sha256}'}})"
        )
        copy.replace(stored.path)
    store.generation_bump()
    assert selectors.crime_counts_by_area(area_codes=LEEDS, store=store) == expected
    assert sum(r.count for r in expected) > 0


def test_a_new_import_is_seen_at_once(tmp_path, police_data):
    store = _store_with(tmp_path, police_data, police_data.street_files[:1])
    before = selectors.crime_area_overview(area_codes=LEEDS, store=store)
    import_paths(police_data.street_files[1:], store=store)
    after = selectors.crime_area_overview(area_codes=LEEDS, store=store)
    assert len(after.months_covered) == len(before.months_covered) + 2
    assert len(after.quality) == 3


def test_a_store_without_summaries_is_summarised_from_its_rows(tmp_path, police_data):
    store = _store_with(tmp_path, police_data, police_data.street_files)
    expected = selectors.crime_area_overview(area_codes=LEEDS, store=store)
    shutil.rmtree(store.root / "summary")
    store.generation_bump()
    again = selectors.crime_area_overview(area_codes=LEEDS, store=store)
    assert again.rows == expected.rows
    assert again.quality == expected.quality
