"""Keep the store current from data.police.uk: find the months it lacks and import them.

police.uk publishes, as its documentation describes:

- ``BASE/api/crimes-street-dates``: the months published, newest first, each with the forces
  whose stop-and-search data it holds (``[{"date": "2024-01", "stop-and-search": [...]}]``);
- ``BASE/data/archive/YYYY-MM.zip``: the archive made that month, a folder per month it covers
  (``YYYY-MM/YYYY-MM-<force>-street.csv``, ``-outcomes.csv``, ``-stop-and-search.csv``). An
  archive covers that month and, at police.uk, the months before it, so the newest archive
  usually holds every month the store lacks.

``police_uk_update`` works out, for each partnership's forces, the listed months whose street
data (or listed stop-and-search data) the store lacks; downloads the newest archive that covers
them (streamed to a temporary file under the data folder, with a timeout, a size limit and the
Content-Length checked); takes only the partnerships' forces' files out of it; and imports them
through ``crime.services.crime_import_run`` as an instance import, so the import is atomic,
idempotent and recorded like any other. Files of months already held whose checksum differs
(police.uk republished them) are imported in a second run under the importer's replacement
rules (fewer than 90% of the rows is refused and said). Archives downloaded before are asked
again with If-None-Match / If-Modified-Since, so a republished archive is noticed without
downloading the unchanged ones. A month police.uk stops listing keeps its data, with a warning.
Any download failure leaves the store as it was. Each run is a ``PoliceUkUpdate``, shown on the
crime imports page, and the coordinators of each partnership are e-mailed what arrived.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import shutil
import urllib.error
import urllib.request
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleName, User
from core import jobs
from crime.formats import FORCES, Dataset, FileNameError, Partition, parse_file_name
from crime.ingest import (
    CHUNK,
    CrimeImportError,
    FileResult,
    NeedsConfirmation,
    check_archive_limits,
    summarise,
)
from crime.models import CrimeImport, ImportStatus, PoliceUkArchive, PoliceUkUpdate, UpdateStatus
from crime.selectors import flagged_force_months, forces_for_area
from crime.services import crime_import_create, crime_import_run
from crime.store import Store, default_store
from partnership.models import Partnership

logger = logging.getLogger(__name__)

LISTING_PATH = "/api/crimes-street-dates"
ARCHIVE_PATH = "/data/archive/{month}.zip"
LISTING_MAX_BYTES = 1 << 20
USER_AGENT = "CSP Hub (police.uk monthly update)"
HEARTBEAT_BYTES = 64 << 20
"""A long download records a heartbeat every 64 MB, so a sweep can tell it is alive."""
REQUESTED_BY = "police.uk monthly update"


class PoliceUkError(Exception):
    """police.uk could not be read: the address and what went wrong."""


@dataclass(frozen=True)
class ListedMonth:
    month: str
    stop_and_search: frozenset[str]


@dataclass
class Download:
    path: Path
    sha256: str
    size: int
    etag: str
    last_modified: str


@dataclass
class Plan:
    """What an update found: the listing, what is missing and which archives to fetch."""

    forces: list[str]
    listed: list[ListedMonth]
    missing: list[Partition]
    recheck: list[str] = field(default_factory=list)  # months whose archive is asked again
    warnings: list[str] = field(default_factory=list)

    @property
    def missing_months(self) -> list[str]:
        return sorted({p.month for p in self.missing}, reverse=True)


def _label(month: str) -> str:
    year, number = month.split("-")
    names = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]  # fmt: skip
    return f"{names[int(number) - 1]} {year}"


def _open(url: str, headers: dict[str, str] | None = None, timeout: float | None = None):
    request = urllib.request.Request(  # noqa: S310 - the base URL is a setting, http(s) only
        url, headers={"User-Agent": USER_AGENT, **(headers or {})}
    )
    if not url.startswith(("http://", "https://")):
        raise PoliceUkError(f"{url}: only http and https addresses can be read")
    try:
        return urllib.request.urlopen(  # noqa: S310
            request, timeout=timeout or settings.CSPHUB_POLICE_UK_TIMEOUT
        )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise PoliceUkError(f"{url}: police.uk answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PoliceUkError(f"{url}: could not connect ({reason})") from exc


def fetch_listing(base_url: str) -> list[ListedMonth]:
    """The months police.uk lists as published, newest first."""
    url = base_url + LISTING_PATH
    response = _open(url)
    if response is None:
        raise PoliceUkError(f"{url}: police.uk answered 304 to a plain request")
    try:
        with response:
            body = response.read(LISTING_MAX_BYTES + 1)
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise PoliceUkError(f"{url}: the listing could not be read ({exc})") from exc
    if len(body) > LISTING_MAX_BYTES:
        raise PoliceUkError(f"{url}: the listing is larger than {LISTING_MAX_BYTES:,} bytes")
    try:
        rows = json.loads(body)
        listed = [
            ListedMonth(str(row["date"]), frozenset(row.get("stop-and-search") or []))
            for row in rows
        ]
    except (ValueError, TypeError, KeyError) as exc:
        raise PoliceUkError(
            f"{url}: the listing is not police.uk's list of months ({exc})"
        ) from exc
    for item in listed:
        try:
            parse_file_name(f"{item.month}-west-yorkshire-street.csv")
        except FileNameError as exc:
            raise PoliceUkError(f"{url}: {item.month!r} is not a month like 2024-01") from exc
    return sorted(listed, key=lambda m: m.month, reverse=True)


def download(
    url: str,
    folder: Path,
    *,
    etag: str = "",
    last_modified: str = "",
    alive: Callable[[], None] | None = None,
) -> Download | None:
    """Stream ``url`` to a file in ``folder``; None when the server says it has not changed.

    Fails (PoliceUkError, no file left) on a connection error or timeout, an error status, a
    body larger than CSPHUB_POLICE_UK_MAX_BYTES, or one shorter or longer than Content-Length.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = _open(url, headers)
    if response is None:
        return None
    limit = settings.CSPHUB_POLICE_UK_MAX_BYTES
    target = folder / f"{uuid.uuid4().hex}.zip"
    digest = hashlib.sha256()
    size = 0
    try:
        with response:
            declared = response.headers.get("Content-Length")
            expected = int(declared) if declared and declared.isdigit() else None
            if expected is not None and expected > limit:
                raise PoliceUkError(
                    f"{url}: the archive is {expected:,} bytes, more than the limit of "
                    f"{limit:,} (CSPHUB_POLICE_UK_MAX_BYTES)"
                )
            with open(target, "wb") as out:
                while chunk := response.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise PoliceUkError(
                            f"{url}: the download passed the limit of {limit:,} bytes "
                            "(CSPHUB_POLICE_UK_MAX_BYTES)"
                        )
                    digest.update(chunk)
                    out.write(chunk)
                    if alive is not None and size % HEARTBEAT_BYTES < len(chunk):
                        alive()
            if expected is not None and size != expected:
                raise PoliceUkError(
                    f"{url}: the download stopped after {size:,} of {expected:,} bytes"
                )
            etag_out = response.headers.get("ETag", "")
            modified_out = response.headers.get("Last-Modified", "")
    except http.client.IncompleteRead as exc:
        target.unlink(missing_ok=True)
        raise PoliceUkError(
            f"{url}: the download stopped after {size + len(exc.partial):,} bytes, "
            f"{exc.expected or 'more':,} bytes short of its Content-Length"
            if exc.expected
            else f"{url}: the download stopped after {size + len(exc.partial):,} bytes"
        ) from exc
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        target.unlink(missing_ok=True)
        raise PoliceUkError(f"{url}: the download failed after {size:,} bytes ({exc})") from exc
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Download(target, digest.hexdigest(), size, etag_out[:200], modified_out[:100])


@dataclass
class _Member:
    """A CSV taken out of an archive for import."""

    partition: Partition
    path: Path
    label: str
    sha256: str


def extract(
    archive: Path, label: str, *, forces: set[str], months: set[str], into: Path
) -> tuple[list[_Member], list[str]]:
    """Take the given forces' and months' CSVs out of a downloaded archive.

    Returns the files and the months the archive holds. The archive's directory is checked
    against the importer's limits first; each member is hashed while it is written.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir() and i.filename.endswith(".csv")]
            held: set[str] = set()
            chosen = []
            for info in infos:
                try:
                    partition = parse_file_name(info.filename)
                except FileNameError:
                    continue  # police.uk's archive holds only its own files; skip any other
                held.add(partition.month)
                if partition.force in forces and partition.month in months:
                    chosen.append((info, partition))
            check_archive_limits(label, [info for info, _ in chosen])
            members = []
            for info, partition in chosen:
                target = into / partition.month / Path(info.filename).name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                written = 0
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        if written > info.file_size:
                            raise zipfile.BadZipFile("a member holds more than its directory says")
                        digest.update(chunk)
                        out.write(chunk)
                members.append(
                    _Member(partition, target, f"{label}!{info.filename}", digest.hexdigest())
                )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise PoliceUkError(
            f"{label}: the archive is truncated or corrupt ({exc}); nothing was imported"
        ) from exc
    except CrimeImportError as exc:
        raise PoliceUkError(str(exc)) from exc
    return members, sorted(held)


def partnership_forces(partnerships: list[Partnership], store: Store) -> dict[int, list[str]]:
    """Each partnership's forces, from the geography (or the data held for its area)."""
    return {p.pk: forces_for_area(area_codes=p.area_codes, store=store) for p in partnerships}


def plan_update(
    *, forces: list[str], listed: list[ListedMonth], store: Store, previous: list[str]
) -> Plan:
    """The partitions the store lacks for the forces, and the warnings about the listing."""
    listed_months = {m.month for m in listed}
    missing = []
    for item in listed:
        for force in forces:
            street = Partition(Dataset.STREET, force, item.month)
            if store.stored_sha256(street) is None:
                missing.append(street)
            if force in item.stop_and_search:
                sas = Partition(Dataset.STOP_AND_SEARCH, force, item.month)
                if store.stored_sha256(sas) is None:
                    missing.append(sas)
    plan = Plan(forces=forces, listed=listed, missing=missing)
    missing_months = set(plan.missing_months)
    recorded = PoliceUkArchive.objects.filter(
        url__in=[_archive_url_suffix(m) for m in listed_months]
    ).values_list("url", flat=True)
    plan.recheck = sorted({_month_of(url) for url in recorded} - missing_months, reverse=True)
    oldest = min(listed_months) if listed_months else ""
    for month in sorted(set(previous) - listed_months):
        held = [
            f
            for f in forces
            if store.stored_sha256(Partition(Dataset.STREET, f, month)) is not None
        ]
        if not held:
            continue
        names = ", ".join(FORCES.get(f, f) for f in held)
        if month > oldest:
            plan.warnings.append(
                f"police.uk no longer lists {_label(month)}, which it listed before: the "
                f"store keeps the {names} data already imported for it"
            )
        else:
            plan.warnings.append(
                f"{_label(month)} has left police.uk's published window; the store keeps "
                f"the {names} data for it"
            )
    return plan


def _archive_url_suffix(month: str) -> str:
    return ARCHIVE_PATH.format(month=month)


def _month_of(url_suffix: str) -> str:
    return url_suffix.rsplit("/", 1)[-1].removesuffix(".zip")


def _file_entry(r: FileResult) -> dict:
    return {
        "dataset": r.partition.dataset.value,
        "force": r.partition.force,
        "month": r.partition.month,
        "source": r.source.rsplit("!", 1)[-1],
        "rows": r.rows_kept,
        "previous_rows": r.previous_rows,
        "unallocated": r.quality.unallocated,
        "crimes_without_crime_id": r.quality.crimes_without_crime_id,
        "unknown_crime_types": r.quality.unknown_crime_types,
        "legacy_categories_mapped": r.quality.legacy_categories_mapped,
    }


def _quality_flags(entries: list[dict], forces: list[str], months: set[str], store: Store):
    flags = []
    for e in entries:
        what = f"{FORCES.get(e['force'], e['force'])} {e['dataset']} data for {_label(e['month'])}"
        if e["rows"] and e["unallocated"] / e["rows"] > 0.05:
            flags.append(
                f"{what}: {e['unallocated']:,} of {e['rows']:,} rows "
                f"({100 * e['unallocated'] / e['rows']:.0f}%) have no location"
            )
        if e["unknown_crime_types"]:
            flags.append(f"{what}: {e['unknown_crime_types']:,} rows of an unknown crime type")
        if e["legacy_categories_mapped"]:
            flags.append(
                f"{what}: {e['legacy_categories_mapped']:,} rows in pre-2013 categories, mapped"
            )
    for fm in flagged_force_months(forces=forces, store=store):
        if fm.month in months:
            state = "is missing" if fm.status == "missing" else f"has only {fm.rows:,} rows"
            flags.append(
                f"{FORCES.get(fm.force, fm.force)} street data for {_label(fm.month)} {state} "
                "(under half the force's usual month)"
                if fm.status == "low"
                else f"{FORCES.get(fm.force, fm.force)} street data for {_label(fm.month)} {state}"
            )
    return flags


def _import(
    update: PoliceUkUpdate, members: list[_Member], what: str, store: Store
) -> list[FileResult]:
    """One instance import of the files; refusals become warnings, never a changed store."""
    crime_import = crime_import_create(
        source_name=f"police.uk {what}: " + ", ".join(sorted({m.label for m in members})),
        requested_by_name=REQUESTED_BY,
    )
    update.imports.add(crime_import)
    jobs.heartbeat(update)
    try:
        return crime_import_run(
            crime_import=crime_import,
            paths=[m.path for m in members],
            store=store,
            labels={m.path: m.label for m in members},
        )
    except NeedsConfirmation as exc:
        CrimeImport.objects.filter(pk=crime_import.pk).update(
            status=ImportStatus.FAILED,
            error=summarise("Refused: " + "; ".join(exc.checks)),
            finished=timezone.now(),
        )
        update.warnings.append(
            "Not imported, the store keeps what it held: "
            + "; ".join(exc.checks)
            + ". The administrator can import the file with `manage.py import_police_uk "
            "--allow-fewer-rows` if police.uk's new file is right"
        )
    except CrimeImportError as exc:
        update.warnings.append(f"Not imported: {exc}")
    return []


def police_uk_update(
    *,
    partnership: Partnership | None = None,
    base_url: str | None = None,
    dry_run: bool = False,
    store: Store | None = None,
    notify: bool = True,
) -> tuple[PoliceUkUpdate | None, Plan | None]:
    """Import the months police.uk has published that the store lacks for the partnerships.

    A dry run reads the listing only and returns the plan (no record, no download).
    """
    store = store or default_store()
    base = (base_url or settings.CSPHUB_POLICE_UK_URL).rstrip("/")
    partnerships = [partnership] if partnership else list(Partnership.objects.all())
    by_partnership = partnership_forces(partnerships, store)
    forces = sorted({f for fs in by_partnership.values() for f in fs})
    previous = (
        PoliceUkUpdate.objects.filter(status=UpdateStatus.DONE).exclude(months_listed=[]).first()
    )
    if dry_run:
        listed = fetch_listing(base)
        return None, plan_update(
            forces=forces,
            listed=listed,
            store=store,
            previous=previous.months_listed if previous else [],
        )
    update = PoliceUkUpdate.objects.create(
        requested_by_name=REQUESTED_BY,
        base_url=base[:500],
        forces=forces,
        heartbeat_at=timezone.now(),
    )
    update.partnerships.set(partnerships)
    plan = None
    work = Path(settings.CSPHUB_DATA_DIR) / "police-uk" / uuid.uuid4().hex
    try:
        if not forces:
            update.warnings.append(
                "No police force is known for the partnerships' areas (is the geography "
                "imported?); nothing was looked for"
            )
        else:
            listed = fetch_listing(base)
            update.months_listed = [m.month for m in listed]
            plan = plan_update(
                forces=forces,
                listed=listed,
                store=store,
                previous=previous.months_listed if previous else [],
            )
            update.warnings.extend(plan.warnings)
            _fetch_and_import(update, plan, base, store, work)
        update.status = UpdateStatus.DONE
    except PoliceUkError as exc:
        update.status = UpdateStatus.FAILED
        update.error = summarise(f"{exc}. Nothing was imported; the store is unchanged.")
    except BaseException as exc:
        update.status = UpdateStatus.FAILED
        update.error = summarise(f"The update stopped: {exc}")
        update.finished = timezone.now()
        update.save()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    update.finished = timezone.now()
    update.save()
    if notify:
        notify_coordinators(update, by_partnership)
    return update, plan


def _fetch_and_import(
    update: PoliceUkUpdate, plan: Plan, base: str, store: Store, work: Path
) -> None:
    """Download what the plan needs, then import new files and republished ones."""
    work.mkdir(parents=True, exist_ok=True)
    forces = set(plan.forces)
    listed = {m.month for m in plan.listed}
    pending = set(plan.missing_months)
    members: dict[Partition, _Member] = {}
    fetched: list[tuple[str, Download, list[str]]] = []
    to_fetch = [(m, False) for m in plan.missing_months] + [(m, True) for m in plan.recheck]
    for month, conditional in to_fetch:
        if not conditional and month not in pending:
            continue  # an archive already fetched held it
        suffix = _archive_url_suffix(month)
        url = base + suffix
        known = PoliceUkArchive.objects.filter(url=suffix).first() if conditional else None
        try:
            jobs.heartbeat(update)
            got = download(
                url,
                work,
                etag=known.etag if known else "",
                last_modified=known.last_modified if known else "",
                alive=lambda: jobs.heartbeat(update),
            )
        except PoliceUkError as exc:
            if "answered 404" in str(exc):
                update.warnings.append(f"police.uk has no archive for {_label(month)} ({url})")
                continue
            raise
        if got is None or (known is not None and got.sha256 == known.sha256):
            if got is not None:
                got.path.unlink(missing_ok=True)
            continue
        label = f"{month}.zip"
        found, held = extract(
            got.path, label, forces=forces, months=listed, into=work / "files" / month
        )
        got.path.unlink(missing_ok=True)
        fetched.append((suffix, got, held))
        for member in found:
            members.setdefault(member.partition, member)  # the newest archive's copy wins
        pending -= set(held)
    new, changed = [], []
    for partition, member in sorted(members.items(), key=lambda kv: str(kv[0])):
        stored = store.stored_sha256(partition)
        if stored is None:
            new.append(member)
        elif stored != member.sha256:
            changed.append(member)
    for partition in plan.missing:
        if partition not in members and partition.month not in pending:
            update.warnings.append(
                f"police.uk lists {_label(partition.month)} but its archive holds no "
                f"{FORCES.get(partition.force, partition.force)} {partition.dataset.value} file"
            )
    if new:
        update.arrived = [
            _file_entry(r)
            for r in _import(update, new, "new months", store)
            if r.status != "unchanged"  # another run imported it meanwhile
        ]
    if changed:
        update.replaced = [
            _file_entry(r)
            for r in _import(update, changed, "republished files", store)
            if r.status == "replaced"
        ]
    now = timezone.now()
    for suffix, got, held in fetched:
        PoliceUkArchive.objects.update_or_create(
            url=suffix,
            defaults={
                "etag": got.etag,
                "last_modified": got.last_modified,
                "size": got.size,
                "sha256": got.sha256,
                "months": held,
                "fetched_at": now,
            },
        )
    months = {e["month"] for e in update.arrived + update.replaced}
    update.flags = _quality_flags(update.arrived + update.replaced, plan.forces, months, store)


def notify_coordinators(update: PoliceUkUpdate, by_partnership: dict[int, list[str]]) -> None:
    """E-mail each covered partnership's coordinators what arrived, was flagged or went wrong."""
    sent: list[str] = []
    for partnership in update.partnerships.all():
        forces = set(by_partnership.get(partnership.pk, []))
        arrived = [e for e in update.arrived if e["force"] in forces]
        replaced = [e for e in update.replaced if e["force"] in forces]
        if not (arrived or replaced or update.warnings or update.error):
            continue
        name = partnership.short_name or partnership.name
        months = sorted({e["month"] for e in arrived if e["dataset"] == "street"})
        if update.error:
            subject = f"{name}: the police.uk update failed"
        elif len(months) > 3:
            subject = (
                f"{name}: police.uk data arrived for {len(months)} months, "
                f"{_label(months[0])} to {_label(months[-1])}"
            )
        elif months:
            subject = f"{name}: police.uk data arrived for " + ", ".join(map(_label, months))
        else:
            subject = f"{name}: police.uk update, {len(replaced)} file(s) republished"
        lines = [f"The police.uk update of {timezone.localtime(update.created):%d %B %Y}."]
        if update.error:
            lines += ["", update.error, "It will try again at its next run."]
        if arrived:
            lines += ["", "Arrived:"] + [
                f"- {FORCES.get(e['force'], e['force'])} {e['dataset']}, {_label(e['month'])}: "
                f"{e['rows']:,} rows"
                for e in arrived
            ]
        if replaced:
            lines += ["", "Republished by police.uk and replaced:"] + [
                f"- {FORCES.get(e['force'], e['force'])} {e['dataset']}, {_label(e['month'])}: "
                f"{e['previous_rows'] or 0:,} rows replaced by {e['rows']:,}"
                for e in replaced
            ]
        if update.flags:
            lines += ["", "The quality checks found:"] + [f"- {f}" for f in update.flags]
        if update.warnings:
            lines += ["", "Warnings:"] + [f"- {w}" for w in update.warnings]
        link = settings.SITE_URL + reverse("crime:import_list", kwargs={"slug": partnership.slug})
        lines += ["", f"The import log: {link}", "", "CSP Hub"]
        coordinators = User.objects.filter(
            roles__partnership=partnership, roles__role=RoleName.COORDINATOR, is_active=True
        ).distinct()
        for user in coordinators:
            with contextlib.suppress(OSError):  # a mail server down must not undo the import
                send_mail(
                    subject=subject,
                    message="\n".join(lines) + "\n",
                    from_email=None,
                    recipient_list=[user.email],
                )
                sent.append(user.email)
    if sent:
        update.notified = sent
        update.save(update_fields=["notified"])
