"""Issue 9, bad input: zip bombs refused before extraction, NUL and control characters refused
with the file and line, messages capped, and no file left in uploads/ or the store."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from crime import services
from crime.ingest import MAX_MESSAGE, CrimeImportError, import_paths
from crime.models import CrimeImport, ImportedFile, ImportStatus
from crime.store import STAGING
from crime.tests.helpers import STREET_HEADER, street_row, write_street

NAME = "2018-08-west-yorkshire-street.csv"


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory):
    """A 2 MB zip whose one CSV would extract to 2 GB."""
    path = tmp_path_factory.mktemp("bomb") / "2018-08.zip"
    block = bytes(8 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(f"2018-08/{NAME}", "w", force_zip64=True) as member,
    ):
        for _ in range((2 << 30) // len(block)):
            member.write(block)
    assert path.stat().st_size < 3 << 20
    return path


@pytest.fixture
def seeded(data_dir, police_data):
    import_paths([police_data.street_files[0]], store=data_dir)
    return data_dir


def _files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def _nothing_extracted(store):
    assert _files_under(store.root / STAGING) == []
    assert not list(store.root.rglob(f"*{NAME}*"))
    assert sum(p.stat().st_size for p in _files_under(store.root)) < 50 << 20


def test_a_2mb_zip_that_would_write_2gb_is_refused_before_extraction(seeded, zip_bomb):
    before = seeded.fingerprint()
    with pytest.raises(CrimeImportError) as caught:
        import_paths([zip_bomb], store=seeded)
    message = str(caught.value)
    assert message.startswith(f"{zip_bomb}!2018-08/{NAME}: is compressed ")
    assert "would extract to 2,147,483,648" in message
    assert "nothing was extracted" in message
    assert seeded.fingerprint() == before
    _nothing_extracted(seeded)


@pytest.mark.django_db
def test_a_zip_bomb_upload_is_refused_at_once_and_leaves_no_file(
    client_for, world, seeded, zip_bomb
):
    before = seeded.fingerprint()
    response = client_for("member").post(
        reverse("crime:upload", kwargs={"slug": world.slug}),
        {"file": SimpleUploadedFile(zip_bomb.name, zip_bomb.read_bytes())},
    )
    assert response.status_code == 400
    assert "is compressed" in response.content.decode()
    assert not CrimeImport.objects.exists()
    assert _files_under(services.uploads_dir()) == []
    assert seeded.fingerprint() == before
    _nothing_extracted(seeded)


def test_a_member_larger_than_the_limit_is_refused_from_the_directory(
    seeded, tmp_path, monkeypatch
):
    from crime import ingest

    monkeypatch.setattr(ingest, "MAX_MEMBER_BYTES", 1000)
    path = write_street(
        tmp_path / NAME, [street_row("2018-08", crime_id=f"i{i}") for i in range(50)]
    )
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as z:
        z.write(path, NAME)
    before = seeded.fingerprint()
    with pytest.raises(
        CrimeImportError,
        match=r"big.zip!2018-08-west-yorkshire-street.csv: would "
        r"extract to [\d,]+ bytes, more than the limit of 1,000 bytes",
    ):
        import_paths([archive], store=seeded)
    assert seeded.fingerprint() == before


@pytest.mark.django_db
def test_an_upload_over_the_size_limit_is_refused_and_leaves_no_file(
    client_for, world, seeded, police_data, monkeypatch
):
    monkeypatch.setattr(services, "UPLOAD_MAX_BYTES", 1000)
    path = police_data.street_files[2]
    response = client_for("member").post(
        reverse("crime:upload", kwargs={"slug": world.slug}),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert response.status_code == 400
    assert "more than the upload limit of 1,000" in response.content.decode()
    assert _files_under(services.uploads_dir()) == []
    assert not CrimeImport.objects.exists()


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("On or near Park\x00Row", "a NUL byte"),
        ("On or near Park\x07Row", "the control character U+0007"),
        ("On or near Park\x1bRow", "the control character U+001B"),
    ],
)
def test_control_characters_in_a_row_are_refused_naming_file_line_and_column(
    seeded, tmp_path, text, what
):
    rows = [street_row("2018-08", crime_id=f"i{i}") for i in range(5)]
    rows[2] = street_row("2018-08", location=text)
    path = write_street(tmp_path / NAME, rows)
    before = seeded.fingerprint()
    with pytest.raises(CrimeImportError) as caught:
        import_paths([path], store=seeded)
    assert str(caught.value) == (
        f"{path} line 4: Location holds {what}, which police.uk files never contain; "
        "remove it and save the file again"
    )
    assert seeded.fingerprint() == before


@pytest.mark.django_db
def test_a_nul_byte_upload_fails_with_the_line_and_leaves_no_file(
    client_for, world, seeded, tmp_path, on_commit, immediate_tasks
):
    rows = [street_row("2018-08", crime_id=f"i{i}") for i in range(3)]
    rows[1] = street_row("2018-08", crime_id="bad\x00id")
    path = write_street(tmp_path / NAME, rows)
    before = seeded.fingerprint()
    with on_commit():
        client_for("member").post(
            reverse("crime:upload", kwargs={"slug": world.slug}),
            {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
    crime_import = CrimeImport.objects.get()
    assert crime_import.status == ImportStatus.FAILED
    assert crime_import.error == (
        f"{NAME} line 3: Crime ID holds a NUL byte, which police.uk files never contain; "
        "remove it and save the file again"
    )
    assert "\x00" not in crime_import.error
    assert not ImportedFile.objects.exists()
    assert _files_under(services.uploads_dir()) == []
    assert seeded.fingerprint() == before


@pytest.mark.django_db
def test_a_huge_error_message_is_capped_and_says_so(data_dir, tmp_path):
    """A header of 30,000 unknown columns once gave a 262 KB message shown to every partner."""
    path = tmp_path / NAME
    junk = ",".join(f"junk column {i}" for i in range(30000))
    path.write_text(STREET_HEADER + "," + junk + "\n")
    assert len(junk) > 262_000
    with pytest.raises(CommandError) as caught:
        call_command("import_police_uk", str(path))
    stored = CrimeImport.objects.get().error
    assert len(stored) <= MAX_MESSAGE
    assert stored.startswith(f"{path} line 1: unexpected column(s) 'junk column 0'")
    assert re.search(r"… \(message shortened from [\d,]+ characters\)$", stored)
    assert len(str(caught.value)) < MAX_MESSAGE + 100


def test_a_refused_folder_leaves_the_store_and_staging_empty(seeded, tmp_path, police_data):
    folder = tmp_path / "in"
    shutil.copytree(police_data.street_files[2].parent, folder / "2018-07")
    write_street(folder / "2018-08" / NAME, [street_row("2018-08", location="x\x00")])
    before = seeded.fingerprint()
    with pytest.raises(CrimeImportError, match="NUL byte"):
        import_paths([folder], store=seeded)
    assert seeded.fingerprint() == before
    assert _files_under(seeded.root / STAGING) == []
    assert not list(seeded.root.rglob("*.tmp"))
