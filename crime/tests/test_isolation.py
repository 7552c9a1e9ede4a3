"""Issue 9: one partnership cannot overwrite another's crime data; checks before replacing.

The store is one per instance (police.uk data are public). A replacement of a force-month with
materially fewer rows (under 90%) is refused when another partnership or the administrator
wrote it, needs explicit confirmation when the same partnership did, and is recorded. An upload
whose crimes lie outside the partnership's area is held for confirmation before anything is
written. Import logs show a partnership only its own imports (and the instance's).
"""

from __future__ import annotations

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from crime.models import CrimeImport, ImportedFile, ImportStatus
from crime.services import uploads_dir
from crime.tests.helpers import street_row, write_street

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

REAL_ROWS = 31635  # 2018-07-west-yorkshire-street.csv


@pytest.fixture
def two_in_leeds(world):
    """Partnerships A and B both covering Leeds (two CSPs sharing a force's data)."""
    for p in (world.partnership, world.other):
        p.area_codes = ["E08000035"]
        p.save(update_fields=["area_codes"])
    return world


@pytest.fixture
def geo_store(data_dir, geography_store):
    shutil.copytree(geography_store.root, data_dir.root)
    return data_dir


def _upload(client, partnership, path, on_commit, **extra):
    with on_commit():
        response = client.post(
            reverse("crime:upload", kwargs={"slug": partnership.slug}),
            {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return CrimeImport.objects.latest("pk")


def _rows_in_store(store, month="2018-07"):
    parts = {p.partition.month: p.rows for p in store.partitions()}
    return parts.get(month)


def _three_rows(tmp_path):
    return write_street(
        tmp_path / "2018-07-west-yorkshire-street.csv",
        [street_row("2018-07", crime_id=f"x{i}") for i in range(3)],
    )


def test_another_partnership_cannot_replace_a_month_with_fewer_rows(
    client_for, two_in_leeds, geo_store, police_data, tmp_path, on_commit
):
    world = two_in_leeds
    real = _upload(client_for("member"), world.partnership, police_data.street_files[2], on_commit)
    assert real.status == ImportStatus.DONE
    before = geo_store.fingerprint()

    small = _three_rows(tmp_path)
    refused = _upload(client_for("other_coordinator"), world.other, small, on_commit)

    refused.refresh_from_db()
    assert refused.status == ImportStatus.FAILED
    assert "has 3 rows but would replace the 31,635 rows of West Yorkshire street data for " in (
        refused.error
    )
    assert "another partnership" in refused.error
    assert geo_store.fingerprint() == before
    assert _rows_in_store(geo_store) == REAL_ROWS
    assert not any(uploads_dir().iterdir())


def test_same_partnership_replacing_with_fewer_rows_must_confirm_and_is_recorded(
    client_for, two_in_leeds, geo_store, police_data, tmp_path, on_commit
):
    world = two_in_leeds
    client = client_for("member")
    _upload(client, world.partnership, police_data.street_files[2], on_commit)
    before = geo_store.fingerprint()

    held = _upload(client, world.partnership, _three_rows(tmp_path), on_commit)
    held.refresh_from_db()
    assert held.status == ImportStatus.CHECK
    assert held.checks == [
        "2018-07-west-yorkshire-street.csv has 3 rows and would replace the 31,635 rows held "
        "for West Yorkshire street data for 2018-07 (100% fewer)"
    ]
    assert geo_store.fingerprint() == before
    status_url = reverse("crime:upload_status", kwargs={"slug": world.slug, "pk": held.pk})
    page = client.get(status_url).content.decode()
    assert "Needs confirmation" in page and "would replace the 31,635 rows" in page

    decide = reverse("crime:upload_decide", kwargs={"slug": world.slug, "pk": held.pk})
    # Without the tick box nothing happens.
    with on_commit():
        client.post(decide, {"action": "confirm"})
    held.refresh_from_db()
    assert held.status == ImportStatus.CHECK
    assert geo_store.fingerprint() == before

    with on_commit():
        client.post(decide, {"action": "confirm", "confirm": "yes"})
    held.refresh_from_db()
    assert held.status == ImportStatus.DONE, held.error
    assert held.confirmed_by_name == "A member" and held.confirmed_at is not None
    assert _rows_in_store(geo_store) == 3
    record = ImportedFile.objects.get(crime_import=held)
    assert (record.previous_rows, record.rows_kept, record.outcome) == (REAL_ROWS, 3, "replaced")
    assert not any(uploads_dir().iterdir())
    listing = client.get(reverse("crime:import_list", kwargs={"slug": world.slug})).content
    assert b"31,635 rows replaced by 3 (confirmed by A member" in listing


def test_upload_form_checkbox_confirms_in_advance(
    client_for, two_in_leeds, geo_store, police_data, tmp_path, on_commit
):
    world = two_in_leeds
    client = client_for("member")
    _upload(client, world.partnership, police_data.street_files[2], on_commit)
    done = _upload(client, world.partnership, _three_rows(tmp_path), on_commit, confirm="on")
    done.refresh_from_db()
    assert done.status == ImportStatus.DONE
    assert ImportedFile.objects.get(crime_import=done).previous_rows == REAL_ROWS


def test_cancelling_a_held_upload_removes_its_file_and_changes_nothing(
    client_for, two_in_leeds, geo_store, police_data, tmp_path, on_commit
):
    world = two_in_leeds
    client = client_for("member")
    _upload(client, world.partnership, police_data.street_files[2], on_commit)
    before = geo_store.fingerprint()
    held = _upload(client, world.partnership, _three_rows(tmp_path), on_commit)
    assert any(uploads_dir().iterdir())  # kept while waiting for a decision
    client.post(
        reverse("crime:upload_decide", kwargs={"slug": world.slug, "pk": held.pk}),
        {"action": "cancel"},
    )
    held.refresh_from_db()
    assert held.status == ImportStatus.FAILED and held.error.startswith("Cancelled")
    assert not any(uploads_dir().iterdir())
    assert geo_store.fingerprint() == before


def test_command_line_replacement_with_fewer_rows_needs_the_flag_and_is_recorded(
    geo_store, police_data, tmp_path
):
    call_command("import_police_uk", str(police_data.street_files[2]), stdout=None)
    before = geo_store.fingerprint()
    small = _three_rows(tmp_path)
    with pytest.raises(CommandError, match="would replace the 31,635 rows held .*--allow-fewer"):
        call_command("import_police_uk", str(small))
    assert geo_store.fingerprint() == before
    call_command("import_police_uk", str(small), "--allow-fewer-rows")
    assert _rows_in_store(geo_store) == 3
    record = ImportedFile.objects.latest("pk")
    assert (record.previous_rows, record.rows_kept) == (REAL_ROWS, 3)
    assert record.crime_import.confirmed_by_name.startswith("Command line")


def test_upload_outside_the_partnership_area_is_held_before_anything_is_written(
    client_for, world, geo_store, police_data, on_commit
):
    """A West Yorkshire file uploaded to a Kent (Maidstone) partnership says so first."""
    client = client_for("member")
    before = geo_store.fingerprint()
    held = _upload(client, world.partnership, police_data.street_files[2], on_commit)
    held.refresh_from_db()
    assert held.status == ImportStatus.CHECK
    assert held.area_rows == 0
    assert held.checks == [
        "only 0 of the 31,635 street crimes in this upload lie in Partnership A's area "
        "(none do): it looks like another force's data"
    ]
    assert geo_store.fingerprint() == before
    assert not ImportedFile.objects.exists()
    page = client.get(
        reverse("crime:upload_status", kwargs={"slug": world.slug, "pk": held.pk})
    ).content.decode()
    assert "only 0 of the 31,635 street crimes" in page
    assert "Finished" not in page


def test_upload_in_the_area_reports_how_many_rows_are_the_partnership_s(
    client_for, two_in_leeds, geo_store, police_data, on_commit
):
    world = two_in_leeds
    client = client_for("member")
    done = _upload(client, world.partnership, police_data.street_files[2], on_commit)
    done.refresh_from_db()
    assert done.status == ImportStatus.DONE
    assert 0 < done.area_rows < REAL_ROWS
    page = client.get(
        reverse("crime:upload_status", kwargs={"slug": world.slug, "pk": done.pk})
    ).content.decode()
    assert f"{done.area_rows:,} of them in Partnership A" in page.replace("&#39;", "'")


def test_import_log_shows_only_the_partnership_s_own_imports(
    client_for, two_in_leeds, geo_store, police_data, tmp_path, on_commit
):
    world = two_in_leeds
    a_file = police_data.street_files[2]
    _upload(client_for("member"), world.partnership, a_file, on_commit)
    b_file = write_street(
        tmp_path / "b-secret" / "2018-08-west-yorkshire-street.csv",
        [street_row("2018-08", crime_id="b1")],
    )
    renamed = tmp_path / "bobs-private-upload.zip"
    import zipfile

    with zipfile.ZipFile(renamed, "w") as z:
        z.write(b_file, "2018-08-west-yorkshire-street.csv")
    _upload(client_for("other_coordinator"), world.other, renamed, on_commit)
    assert CrimeImport.objects.count() == 2

    a_log = client_for("member").get(reverse("crime:import_list", kwargs={"slug": world.slug}))
    b_log = client_for("other_coordinator").get(
        reverse("crime:import_list", kwargs={"slug": world.other.slug})
    )
    a_text, b_text = a_log.content.decode(), b_log.content.decode()
    assert "A member" in a_text and a_file.name in a_text
    assert "B coordinator" not in a_text and "bobs-private-upload" not in a_text
    assert "B coordinator" in b_text and "bobs-private-upload" in b_text
    assert "A member" not in b_text and a_file.name not in b_text
