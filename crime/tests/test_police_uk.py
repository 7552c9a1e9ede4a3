"""The monthly police.uk update against a local server laid out as data.police.uk is.

The server (http.server in a thread) serves ``/api/crimes-street-dates`` and
``/data/archive/YYYY-MM.zip`` built from the real West Yorkshire street files; faults (500, a
stall, a short body, a truncated zip) are switched on per path. Nothing leaves the machine.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.factories import RoleFactory, UserFactory
from accounts.models import RoleName
from crime import selectors
from crime.formats import Dataset, Partition
from crime.ingest import import_paths
from crime.models import CrimeImport, ImportedFile, PoliceUkUpdate, UpdateStatus
from crime.police_uk import police_uk_update
from crime.store import Store
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

LEEDS = "E08000035"
MONTHS = ["2018-07", "2017-07", "2016-07"]  # newest first, as police.uk lists them


def _listing(months: list[str]) -> bytes:
    return json.dumps(
        [{"date": m, "stop-and-search": ["avon-and-somerset", "kent"]} for m in months]
    ).encode()


def _archive(path: Path, files: dict[str, bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


@pytest.fixture(scope="session")
def site_template(tmp_path_factory, police_data) -> Path:
    """police.uk's layout: the listing and one archive per month, YYYY-MM/YYYY-MM-<force>-…"""
    root = tmp_path_factory.mktemp("police-uk-site")
    (root / "api").mkdir()
    (root / "api" / "crimes-street-dates").write_bytes(_listing(MONTHS))
    for csv_path in police_data.street_files:
        month = csv_path.parent.name
        _archive(
            root / "data" / "archive" / f"{month}.zip",
            {f"{month}/{csv_path.name}": csv_path.read_bytes()},
        )
    return root


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        fault = self.server.faults.get(self.path)
        self.server.requests.append(self.path)
        if fault == "500":
            self.send_error(500, "Internal Server Error")
            return
        if fault == "stall":
            time.sleep(self.server.stall)
            self.send_error(503)
            return
        if fault == "short":
            body = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


class LocalPoliceUk:
    """A running local server over a copy of the site; ``url`` is its base URL."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.faults = {}
        self.server.requests = []
        self.server.stall = 3
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def faults(self) -> dict[str, str]:
        return self.server.faults

    @property
    def requests(self) -> list[str]:
        return self.server.requests

    def list_months(self, months: list[str]) -> None:
        (self.root / "api" / "crimes-street-dates").write_bytes(_listing(months))

    def archive(self, month: str) -> Path:
        return self.root / "data" / "archive" / f"{month}.zip"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def police_uk(site_template, tmp_path, settings):
    site = LocalPoliceUk(shutil.copytree(site_template, tmp_path / "site"))
    settings.CSPHUB_POLICE_UK_URL = site.url
    settings.CSPHUB_POLICE_UK_TIMEOUT = 1
    yield site
    site.close()


@pytest.fixture
def wy_store(data_dir, geography_store) -> Store:
    """The data folder's store with the real geography and nothing imported."""
    data_dir.geography_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(geography_store.geography_path, data_dir.geography_path)
    return data_dir


@pytest.fixture
def leeds(wy_store):
    """A partnership for Leeds (West Yorkshire Police) with a coordinator and a member."""
    partnership = PartnershipFactory(
        name="Safer Leeds", short_name="Safer Leeds", slug="safer-leeds", area_codes=[LEEDS]
    )
    RoleFactory(
        user=UserFactory(email="coordinator@leeds.example"),
        partnership=partnership,
        role=RoleName.COORDINATOR,
    )
    RoleFactory(
        user=UserFactory(email="member@leeds.example"),
        partnership=partnership,
        role=RoleName.MEMBER,
    )
    return partnership


def _partitions(store: Store) -> list[tuple]:
    return sorted((str(p.partition), p.sha256, p.rows) for p in store.partitions())


def test_run_twice_imports_each_missing_month_once_and_matches_a_direct_import(
    police_uk, leeds, wy_store, loaded_store, police_data
):
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.DONE, update.error
    assert sorted(e["month"] for e in update.arrived) == sorted(MONTHS)
    assert update.months_listed == MONTHS
    assert update.forces == ["west-yorkshire"]
    assert [(e["source"], e["rows"]) for e in update.arrived if e["month"] == "2018-07"] == [
        ("2018-07/2018-07-west-yorkshire-street.csv", 31_635)
    ]
    # The counts equal a direct import of the same files.
    assert _partitions(wy_store) == _partitions(loaded_store)
    assert selectors.crime_counts_by_area(
        area_codes=[LEEDS], store=wy_store
    ) == selectors.crime_counts_by_area(area_codes=[LEEDS], store=loaded_store)
    # Provenance: one instance import through the importer, a file record per CSV.
    crime_import = CrimeImport.objects.get()
    assert crime_import.partnership is None
    assert crime_import.requested_by_name == "police.uk monthly update"
    assert ImportedFile.objects.filter(outcome="imported").count() == 3
    # The coordinator (not the member) was told what arrived.
    assert [m.to for m in mail.outbox] == [["coordinator@leeds.example"]]
    message = mail.outbox[0]
    assert message.subject == (
        "Safer Leeds: police.uk data arrived for July 2016, July 2017, July 2018"
    )
    assert "West Yorkshire street, July 2018: 31,635 rows" in message.body
    assert "/p/safer-leeds/crime/imports/" in message.body

    requests_before = len(police_uk.requests)
    again, _ = police_uk_update()
    assert again.status == UpdateStatus.DONE
    assert again.arrived == [] and again.replaced == [] and again.warnings == []
    assert CrimeImport.objects.count() == 1  # nothing imported a second time
    assert ImportedFile.objects.count() == 3
    assert _partitions(wy_store) == _partitions(loaded_store)
    assert len(mail.outbox) == 1  # nothing new, no e-mail
    # The second run asked for the listing and whether each archive changed (304), no more.
    assert len(police_uk.requests) - requests_before == 4


def test_only_the_missing_month_is_downloaded(police_uk, leeds, wy_store, police_data):
    import_paths(police_data.street_files[:2], store=wy_store)  # 2016-07 and 2017-07 held
    update, _ = police_uk_update()
    assert [e["month"] for e in update.arrived] == ["2018-07"]
    assert police_uk.requests == ["/api/crimes-street-dates", "/data/archive/2018-07.zip"]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("500", "police.uk answered 500"),
        ("stall", "timed out"),
        ("short", "the download stopped after"),
    ],
)
def test_a_failed_download_imports_nothing_and_is_recorded(
    police_uk, leeds, wy_store, fault, message
):
    police_uk.faults["/data/archive/2016-07.zip"] = fault
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.FAILED
    assert message in update.error
    assert "Nothing was imported; the store is unchanged." in update.error
    assert wy_store.partitions() == []  # 2018-07 and 2017-07 downloaded, none imported
    assert CrimeImport.objects.count() == 0
    assert mail.outbox[0].subject == "Safer Leeds: the police.uk update failed"
    assert not list((Path(wy_store.root).parent / "police-uk").glob("*"))  # temp files gone

    police_uk.faults.clear()  # the next run recovers and imports everything
    again, _ = police_uk_update()
    assert again.status == UpdateStatus.DONE
    assert len(again.arrived) == 3


def test_the_listing_unreachable_is_a_clear_failure(police_uk, leeds, wy_store, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens here once the socket closes
    update, _ = police_uk_update(base_url=f"http://127.0.0.1:{closed}")
    assert update.status == UpdateStatus.FAILED
    assert f"http://127.0.0.1:{closed}/api/crimes-street-dates: could not connect" in update.error
    assert "Connection refused" in update.error
    police_uk.faults["/api/crimes-street-dates"] = "500"
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.FAILED
    assert "crimes-street-dates: police.uk answered 500" in update.error
    assert wy_store.partitions() == []


def test_a_truncated_zip_with_a_matching_content_length_is_refused(police_uk, leeds, wy_store):
    archive = police_uk.archive("2017-07")
    archive.write_bytes(archive.read_bytes()[:-5000])
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.FAILED
    assert "2017-07.zip: the archive is truncated or corrupt" in update.error
    assert wy_store.partitions() == []


def test_a_download_larger_than_the_limit_is_refused(police_uk, leeds, wy_store, settings):
    settings.CSPHUB_POLICE_UK_MAX_BYTES = 1000
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.FAILED
    assert "more than the limit of 1,000 (CSPHUB_POLICE_UK_MAX_BYTES)" in update.error
    assert wy_store.partitions() == []


def test_a_republished_month_is_replaced_by_checksum_and_recorded(
    police_uk, leeds, wy_store, police_data
):
    police_uk_update()
    mail.outbox.clear()
    # police.uk republishes July 2017 with one more crime (a later archive, new checksum).
    original = police_data.street_files[1].read_bytes()
    last_line = original.rstrip(b"\n").rsplit(b"\n", 1)[1]
    changed = original.rstrip(b"\n") + b"\n" + last_line + b"\n"
    archive = police_uk.archive("2017-07")
    _archive(archive, {"2017-07/2017-07-west-yorkshire-street.csv": changed})
    later = time.time() + 120
    os.utime(archive, (later, later))

    update, _ = police_uk_update()
    assert update.status == UpdateStatus.DONE, update.error
    assert update.arrived == []
    assert [(e["month"], e["previous_rows"], e["rows"]) for e in update.replaced] == [
        ("2017-07", 28_537, 28_538)
    ]
    stored = wy_store.stored_sha256(Partition(Dataset.STREET, "west-yorkshire", "2017-07"))
    assert stored == hashlib.sha256(changed).hexdigest()
    replaced = ImportedFile.objects.get(outcome="replaced")
    assert (replaced.month, replaced.previous_rows, replaced.rows_kept) == (
        "2017-07",
        28_537,
        28_538,
    )
    assert mail.outbox[0].subject == "Safer Leeds: police.uk update, 1 file(s) republished"
    assert "28,537 rows replaced by 28,538" in mail.outbox[0].body


def test_a_republished_month_with_far_fewer_rows_is_not_replaced(
    police_uk, leeds, wy_store, police_data
):
    police_uk_update()
    lines = police_data.street_files[1].read_bytes().splitlines(keepends=True)
    _archive(
        police_uk.archive("2017-07"),
        {"2017-07/2017-07-west-yorkshire-street.csv": b"".join(lines[: len(lines) // 2])},
    )
    later = time.time() + 120
    os.utime(police_uk.archive("2017-07"), (later, later))
    before = _partitions(wy_store)
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.DONE
    assert update.replaced == []
    assert _partitions(wy_store) == before
    assert any("Not imported, the store keeps what it held" in w for w in update.warnings)
    assert any("--allow-fewer-rows" in w for w in update.warnings)


def test_a_month_that_disappears_from_the_listing_keeps_its_data_with_a_warning(
    police_uk, leeds, wy_store
):
    police_uk_update()
    before = _partitions(wy_store)
    police_uk.list_months(["2018-07", "2016-07"])
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.DONE
    assert update.warnings == [
        "police.uk no longer lists July 2017, which it listed before: the store keeps the "
        "West Yorkshire data already imported for it"
    ]
    assert _partitions(wy_store) == before
    assert "/data/archive/2017-07.zip" not in police_uk.requests[-3:]
    assert "police.uk no longer lists July 2017" in mail.outbox[-1].body


def test_the_imports_page_shows_the_update(police_uk, leeds, wy_store, client):
    police_uk_update()
    police_uk.list_months(["2018-07", "2016-07"])
    police_uk_update()
    client.force_login(leeds.roles.get(role=RoleName.MEMBER).user)
    page = client.get("/p/safer-leeds/crime/imports/").content.decode()
    assert "Monthly police.uk updates" in page
    assert "July 2018" in page
    assert "police.uk no longer lists July 2017" in page


def test_command_dry_run_lists_what_is_missing_and_downloads_nothing(police_uk, leeds, wy_store):
    out = io.StringIO()
    call_command("police_uk_update", "--dry-run", "--partnership", "safer-leeds", stdout=out)
    text = out.getvalue()
    assert "Missing: West Yorkshire street 2018-07" in text
    assert text.strip().endswith("Dry run: 3 missing, nothing downloaded")
    assert police_uk.requests == ["/api/crimes-street-dates"]
    assert PoliceUkUpdate.objects.count() == 0 and wy_store.partitions() == []


def test_command_imports_and_summarises(police_uk, leeds, wy_store):
    out = io.StringIO()
    call_command("police_uk_update", "--base-url", police_uk.url, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert "Imported 31,635 rows from 2018-07/2018-07-west-yorkshire-street.csv" in lines
    assert lines[-1] == "3 files arrived, 0 replaced, 0 warnings"
    with pytest.raises(CommandError, match="No partnership with the slug 'nowhere'"):
        call_command("police_uk_update", "--partnership", "nowhere")
    police_uk.faults["/api/crimes-street-dates"] = "500"
    with pytest.raises(CommandError, match="police.uk answered 500"):
        call_command("police_uk_update", stdout=io.StringIO())


def test_the_task_runs_the_update(police_uk, leeds, wy_store):
    from crime.tasks import police_uk_update as task

    result = task.enqueue()
    assert result.return_value == {"status": "done", "arrived": 3, "replaced": 0, "warnings": 0}


def test_an_update_whose_worker_died_is_failed_by_the_sweep(data_dir):
    from datetime import timedelta

    from django.utils import timezone

    from crime.services import crime_imports_sweep

    update = PoliceUkUpdate.objects.create(base_url="https://data.police.uk")
    PoliceUkUpdate.objects.filter(pk=update.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    alive = PoliceUkUpdate.objects.create(base_url="https://data.police.uk")
    PoliceUkUpdate.objects.filter(pk=alive.pk).update(heartbeat_at=timezone.now())
    assert crime_imports_sweep() == 1
    update.refresh_from_db()
    alive.refresh_from_db()
    assert update.status == UpdateStatus.FAILED
    assert update.error.startswith("The background worker stopped while this was running")
    assert alive.status == UpdateStatus.RUNNING


def test_one_archive_holding_every_month_as_police_uk_makes_them_is_downloaded_once(
    police_uk, leeds, wy_store, loaded_store, police_data
):
    # police.uk's archive of a month holds that month and the months before it.
    _archive(
        police_uk.archive("2018-07"),
        {f"{p.parent.name}/{p.name}": p.read_bytes() for p in police_data.street_files},
    )
    police_uk.archive("2017-07").unlink()
    police_uk.archive("2016-07").unlink()
    listing = json.loads(_listing(MONTHS))
    listing[0]["stop-and-search"].append("west-yorkshire")  # listed, but not in the archive
    (police_uk.root / "api" / "crimes-street-dates").write_text(json.dumps(listing))
    update, _ = police_uk_update()
    assert update.status == UpdateStatus.DONE, update.error
    assert police_uk.requests == ["/api/crimes-street-dates", "/data/archive/2018-07.zip"]
    assert sorted(e["month"] for e in update.arrived) == sorted(MONTHS)
    assert _partitions(wy_store) == _partitions(loaded_store)
    assert update.warnings == [
        "police.uk lists July 2018 but its archive holds no West Yorkshire stop-and-search file"
    ]
