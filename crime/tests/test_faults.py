"""Issue 9, faults: an import whose worker (or command-line process) died is found by its
heartbeat, marked failed with a clear message, its temporary files removed, and retried."""

from __future__ import annotations

import os
import shutil
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core import jobs
from crime.models import CrimeImport, ImportStatus
from crime.services import crime_imports_sweep, uploads_dir

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture
def leeds(world):
    world.partnership.area_codes = ["E08000035"]
    world.partnership.save(update_fields=["area_codes"])
    return world.partnership


@pytest.fixture
def geo_store(data_dir, geography_store):
    shutil.copytree(geography_store.root, data_dir.root)
    return data_dir


def _dead_upload(partnership, police_data, store, *, minutes_ago=120):
    """What a worker killed mid-import leaves: a running record, its upload, a temp partition."""
    folder = uploads_dir() / "deadbeef"
    folder.mkdir(parents=True)
    upload = folder / police_data.street_files[2].name
    shutil.copy(police_data.street_files[2], upload)
    temp = store.root / "street" / "west-yorkshire" / ".2018-07.parquet.0123.tmp"
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_bytes(b"half a parquet file")
    old = timezone.now() - timedelta(minutes=minutes_ago)
    crime_import = CrimeImport.objects.create(
        partnership=partnership,
        source_name=upload.name,
        upload_path=str(upload),
        status=ImportStatus.RUNNING,
        area_codes=list(partnership.area_codes),
        files_total=1,
    )
    CrimeImport.objects.filter(pk=crime_import.pk).update(heartbeat_at=old, created=old)
    return crime_import, upload, temp


def test_an_import_whose_worker_died_is_failed_cleaned_and_retried(
    client_for, leeds, geo_store, police_data, on_commit
):
    crime_import, upload, temp = _dead_upload(leeds, police_data, geo_store)
    client = client_for("member")
    status_url = reverse("crime:upload_status", kwargs={"slug": leeds.slug, "pk": crime_import.pk})

    page = client.get(status_url).content.decode()

    crime_import.refresh_from_db()
    assert crime_import.status == ImportStatus.FAILED
    assert crime_import.error.startswith("The background worker stopped while this was running")
    assert "Try again" in crime_import.error
    assert "The background worker stopped" in page and "Try again" in page
    assert not temp.exists()  # the store's temporary files are removed
    assert upload.exists()  # the upload is kept (for a day) so it can be retried
    with on_commit():
        client.post(
            reverse("crime:upload_decide", kwargs={"slug": leeds.slug, "pk": crime_import.pk}),
            {"action": "retry"},
        )
    crime_import.refresh_from_db()
    assert crime_import.status == ImportStatus.DONE, crime_import.error
    assert crime_import.rows_kept == 31635
    assert not upload.parent.exists()


def test_a_live_import_is_left_alone(client_for, leeds, geo_store, police_data):
    crime_import, upload, temp = _dead_upload(leeds, police_data, geo_store, minutes_ago=1)
    assert crime_imports_sweep() == 0
    crime_import.refresh_from_db()
    assert crime_import.status == ImportStatus.RUNNING
    assert temp.exists() and upload.exists()


def test_a_killed_command_line_import_is_failed_when_the_next_one_starts(geo_store, police_data):
    old = timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1)
    killed = CrimeImport.objects.create(
        source_name="2018-07.zip", status=ImportStatus.RUNNING, requested_by_name="Command line"
    )
    CrimeImport.objects.filter(pk=killed.pk).update(heartbeat_at=old, created=old)
    call_command("import_police_uk", str(police_data.street_files[2]))
    killed.refresh_from_db()
    assert killed.status == ImportStatus.FAILED
    assert "background worker stopped" in killed.error


def test_an_orphaned_upload_folder_is_removed_by_the_sweep(geo_store):
    orphan = uploads_dir() / "orphan"
    orphan.mkdir(parents=True)
    (orphan / "2018-07-west-yorkshire-street.csv").write_text("x")
    old = time.time() - jobs.STALE_AFTER.total_seconds() - 60
    os.utime(orphan, (old, old))
    call_command("sweep_stale_work")
    assert not orphan.exists()


def test_an_unexpected_error_in_the_task_marks_the_import_failed_and_removes_the_upload(
    client_for, leeds, geo_store, police_data, on_commit, settings
):
    """The store's folder is a file: not a CrimeImportError, yet the import must not hang."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    shutil.rmtree(geo_store.root / "geography")
    (geo_store.root / "street").write_text("not a folder")
    path = police_data.street_files[2]
    with on_commit():
        client_for("member").post(
            reverse("crime:upload", kwargs={"slug": leeds.slug}),
            {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
    crime_import = CrimeImport.objects.get()
    assert crime_import.status == ImportStatus.FAILED
    assert crime_import.error.startswith("An unexpected error stopped this")
    assert not any(uploads_dir().iterdir())
