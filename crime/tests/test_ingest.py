"""Importing police.uk files: formats, provenance, idempotence and replacement."""

from __future__ import annotations

import hashlib
import shutil
import zipfile

import duckdb

from crime.formats import OUTCOMES, STOP_AND_SEARCH, Dataset, Partition
from crime.ingest import import_paths
from crime.tests.helpers import (
    outcome_rows,
    stop_and_search_rows,
    street_row,
    write_csv,
    write_street,
)


def _zip_folder(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*.csv")):
            zf.write(path, path.relative_to(folder))
    return target


def test_import_records_provenance_for_each_file(store, police_data):
    results = import_paths([police_data.folder], store=store)
    assert [r.partition.month for r in results] == ["2016-07", "2017-07", "2018-07"]
    for result, path in zip(results, police_data.street_files, strict=True):
        assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert result.rows_read == result.rows_kept == len(path.read_bytes().splitlines()) - 1
        assert result.status == "imported"
        assert result.source.endswith(path.name)
    stored = {p.partition.month: p for p in store.partitions()}
    assert stored["2018-07"].sha256 == results[2].sha256
    assert stored["2018-07"].source == "2018-07-west-yorkshire-street.csv"
    assert stored["2018-07"].rows == 31635


def test_importing_the_same_file_again_is_a_no_op(store, police_data):
    import_paths([police_data.folder], store=store)
    before = store.fingerprint()
    again = import_paths([police_data.folder], store=store)
    assert {r.status for r in again} == {"unchanged"}
    assert store.fingerprint() == before


def test_a_changed_file_replaces_its_partition(store, police_data, tmp_path):
    original = police_data.street_files[2]
    import_paths([original], store=store)
    lines = original.read_bytes().splitlines(keepends=True)
    changed = tmp_path / original.name
    changed.write_bytes(b"".join(lines[:101]))
    (result,) = import_paths([changed], store=store)
    assert result.status == "replaced"
    assert result.rows_kept == 100
    assert store.partitions()[0].rows == 100


def test_zip_archive_imports_the_same_store_as_the_folder(store, police_data, tmp_path):
    from crime.store import Store

    import_paths([police_data.folder], store=store)
    archive = _zip_folder(police_data.folder, tmp_path / "archive.zip")
    other = Store(tmp_path / "other")
    results = import_paths([archive], store=other)
    assert [r.source for r in results][0].startswith(f"{archive}!2016-07/")
    for a, b in zip(store.partitions(), other.partitions(), strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_legacy_categories_map_to_today_and_unknown_types_are_counted(store, tmp_path):
    path = write_street(
        tmp_path / "2012-05-west-yorkshire-street.csv",
        [
            street_row("2012-05", crime_type_original="Violent crime"),
            street_row("2012-05", crime_type_original="Public disorder and weapons"),
            street_row("2012-05", crime_type_original="Burglary"),
            street_row("2012-05", crime_type_original="Spaceship theft"),
        ],
    )
    (result,) = import_paths([path], store=store)
    assert result.quality.legacy_categories_mapped == 2
    assert result.quality.unknown_crime_types == 1
    rows = duckdb.sql(
        f"SELECT crime_type, crime_type_original FROM read_parquet('{store.partitions()[0].path}')"  # noqa: S608
    ).fetchall()
    assert rows == [
        ("Violence and sexual offences", "Violent crime"),
        ("Public order", "Public disorder and weapons"),
        ("Burglary", "Burglary"),
        ("Spaceship theft", "Spaceship theft"),
    ]


def test_unallocated_rows_are_kept_and_counted(store, tmp_path):
    path = write_street(
        tmp_path / "2018-07-west-yorkshire-street.csv",
        [
            street_row(),
            street_row(
                longitude="", latitude="", location="No Location", lsoa_code="", lsoa_name=""
            ),
            street_row(crime_id="", crime_type_original="Anti-social behaviour"),
        ],
    )
    (result,) = import_paths([path], store=store)
    assert result.rows_kept == 3
    assert result.quality.unallocated == 1
    assert result.quality.asb_without_crime_id == 1


def test_outcomes_and_stop_and_search_files_import_with_their_schemas(store, tmp_path):
    folder = tmp_path / "2018-07"
    write_csv(folder / "2018-07-west-yorkshire-outcomes.csv", OUTCOMES.headers, outcome_rows())
    write_csv(
        folder / "2018-07-west-yorkshire-stop-and-search.csv",
        STOP_AND_SEARCH.headers,
        stop_and_search_rows(),
    )
    results = import_paths([folder], store=store)
    by_dataset = {r.partition.dataset: r for r in results}
    assert by_dataset[Dataset.OUTCOMES].quality.unallocated == 1
    assert by_dataset[Dataset.STOP_AND_SEARCH].quality.unallocated == 1
    path = store.partition_path(Partition(Dataset.STOP_AND_SEARCH, "west-yorkshire", "2018-07"))
    columns = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()  # noqa: S608
    types = {name: kind for name, kind, *_ in columns}
    assert types["latitude"] == "DOUBLE"
    assert types["month"] == "VARCHAR"
    assert types["object_of_search"] == "VARCHAR"


def test_the_import_leaves_no_temporary_files(store, police_data, tmp_path):
    import_paths([police_data.folder], store=store)
    leftovers = [p for p in store.root.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert leftovers == []
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)
