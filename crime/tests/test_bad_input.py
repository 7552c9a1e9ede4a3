"""Bad input: each case names the file and line, and leaves the store exactly as it was."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from crime.ingest import CrimeImportError, import_paths
from crime.store import Store
from crime.tests.helpers import STREET_HEADER, street_row, write_csv, write_street

NAME = "2018-08-west-yorkshire-street.csv"


@pytest.fixture
def seeded(tmp_path, police_data):
    """A store that already holds one real partition, so 'unchanged' means something."""
    store = Store(tmp_path / "crime")
    import_paths([police_data.street_files[0]], store=store)
    return store


def _good_rows(n=5, month="2018-08"):
    return [street_row(month, crime_id=f"id{i}") for i in range(n)]


def _expect_failure(store, paths, *fragments):
    before = store.fingerprint()
    with pytest.raises(CrimeImportError) as caught:
        import_paths(paths, store=store)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert store.fingerprint() == before
    return message


def test_missing_column(seeded, tmp_path):
    path = tmp_path / NAME
    header = STREET_HEADER.replace(",Context", "")
    path.write_text(header + "\n" + ",".join(street_row("2018-08")[:-1]) + "\n")
    _expect_failure(seeded, [path], f"{path} line 1:", "missing column(s) 'Context'")


def test_wrong_columns(seeded, tmp_path):
    path = tmp_path / NAME
    path.write_text(STREET_HEADER.replace("Crime type", "Offence") + "\n")
    _expect_failure(
        seeded,
        [path],
        "line 1:",
        "missing column(s) 'Crime type'",
        "unexpected column(s) 'Offence'",
    )


def test_wrong_number_of_fields_in_a_row(seeded, tmp_path):
    rows = _good_rows()
    rows[2] = rows[2] + ["extra"]
    path = write_street(tmp_path / NAME, rows)
    _expect_failure(seeded, [path], f"{path} line 4:", "expected 12 fields, found 13")


def test_wrong_encoding(seeded, tmp_path):
    rows = _good_rows()
    rows[3] = street_row("2018-08", location="On or near Café Lane")
    path = write_csv(tmp_path / NAME, [*STREET_HEADER.split(",")], rows, encoding="latin-1")
    _expect_failure(seeded, [path], f"{path} line 5:", "not valid UTF-8")


def test_utf16_file(seeded, tmp_path):
    path = write_csv(tmp_path / NAME, STREET_HEADER.split(","), _good_rows(), encoding="utf-16")
    _expect_failure(seeded, [path], f"{path} line 1:", "not valid UTF-8 (it looks like UTF-16)")


def test_truncated_zip(seeded, tmp_path, police_data):
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(police_data.street_files[1], "2017-07/" + police_data.street_files[1].name)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    _expect_failure(seeded, [archive], f"{archive}:", "not a readable zip archive")


def test_corrupt_zip_member(seeded, tmp_path, police_data):
    archive = tmp_path / "archive.zip"
    member = police_data.street_files[1]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.write(member, "2017-07/" + member.name)
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = b"XXXXXXXX"
    archive.write_bytes(bytes(data))
    _expect_failure(seeded, [archive], f"{archive}!2017-07/{member.name}:", "truncated or corrupt")


def test_unknown_force(seeded, tmp_path):
    path = write_street(tmp_path / "2018-08-gotham-city-street.csv", _good_rows())
    _expect_failure(seeded, [path], f"{path}:", "unknown police force 'gotham-city'")


def test_file_name_not_in_police_uk_pattern(seeded, tmp_path):
    path = write_street(tmp_path / "crimes.csv", _good_rows())
    _expect_failure(seeded, [path], f"{path}:", "YYYY-MM-<force>-<dataset>.csv")


def test_month_disagrees_with_file_name(seeded, tmp_path):
    rows = _good_rows(10)
    rows[6] = street_row("2018-09")
    path = write_street(tmp_path / NAME, rows)
    _expect_failure(
        seeded, [path], f"{path} line 8:", "Month '2018-09' does not match the file name's month"
    )


def test_malformed_coordinates(seeded, tmp_path):
    rows = _good_rows()
    rows[1] = street_row("2018-08", longitude="-1.5x")
    path = write_street(tmp_path / NAME, rows)
    _expect_failure(seeded, [path], f"{path} line 3:", "malformed Longitude '-1.5x'")


def test_coordinates_outside_the_uk(seeded, tmp_path):
    rows = _good_rows()
    rows[4] = street_row("2018-08", latitude="153.8")
    path = write_street(tmp_path / NAME, rows)
    _expect_failure(seeded, [path], f"{path} line 6:", "Latitude 153.8 is outside the UK")


def test_half_a_coordinate_pair(seeded, tmp_path):
    rows = _good_rows()
    rows[0] = street_row("2018-08", latitude="")
    path = write_street(tmp_path / NAME, rows)
    _expect_failure(seeded, [path], f"{path} line 2:", "Longitude or a Latitude but not both")


def test_empty_file(seeded, tmp_path):
    path = tmp_path / NAME
    path.write_bytes(b"")
    _expect_failure(seeded, [path], f"{path} line 1:", "the file is empty")


def test_header_only_file(seeded, tmp_path):
    path = write_street(tmp_path / NAME, [])
    _expect_failure(seeded, [path], f"{path} line 2:", "has a header but no rows")


def test_unclosed_quote(seeded, tmp_path):
    path = write_street(tmp_path / NAME, _good_rows())
    path.write_bytes(path.read_bytes() + b'x,2018-08,"unterminated\n')
    _expect_failure(seeded, [path], f"{path}", "line 7")


def test_missing_path(seeded, tmp_path):
    _expect_failure(seeded, [tmp_path / "nowhere.csv"], "nowhere.csv: no such file or folder")


def test_one_bad_file_leaves_every_other_partition_as_it_was(seeded, tmp_path, police_data):
    """A folder with a replacement, a new month and a bad file changes nothing at all."""
    folder = tmp_path / "batch"
    replacement = folder / police_data.street_files[0].name
    replacement.parent.mkdir()
    shutil.copy(police_data.street_files[0], replacement)
    with open(replacement, "ab") as fh:
        fh.write(",".join(street_row("2016-07")).encode() + b"\n")
    shutil.copy(police_data.street_files[1], folder / police_data.street_files[1].name)
    bad_rows = _good_rows()
    bad_rows[2] = street_row("2018-08", longitude="east")
    write_street(folder / NAME, bad_rows)
    message = _expect_failure(seeded, [folder], f"{folder / NAME} line 4:", "malformed Longitude")
    assert "2017-07" not in message
    assert not seeded.root.joinpath("street", "west-yorkshire", "2017-07.parquet").exists()


def test_two_files_for_one_partition(seeded, tmp_path):
    first = write_street(tmp_path / "a" / NAME, _good_rows())
    second = write_street(tmp_path / "b" / NAME, _good_rows())
    _expect_failure(seeded, [first, second], f"{second}:", "same dataset, force and month")


def test_a_failed_first_file_for_a_force_leaves_no_empty_folder(seeded, tmp_path):
    rows = _good_rows()
    rows[3] = street_row("2018-08", longitude="200")
    path = write_street(tmp_path / "2018-08-kent-street.csv", rows)
    _expect_failure(seeded, [path], f"{path} line 5:", "Longitude 200 is outside the UK")
    assert not (seeded.root / "street" / "kent").exists()
