"""The crime store's layout on disk: Parquet partitions under ``<data dir>/crime``.

One file per dataset, force and month: ``street/west-yorkshire/2018-07.parquet``. A partition is
written to a hidden temporary file in its own directory and moved into place with ``os.replace``,
so readers only ever see whole partitions. Writers hold an exclusive lock on ``.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from crime.formats import Dataset, Partition

TEMP_SUFFIX = ".tmp"
STAGING = ".staging"
SUMMARY = "summary"
GENERATION = ".generation"
META_SHA256 = b"csphub.sha256"
META_SOURCE = b"csphub.source"


@dataclass(frozen=True)
class StoredPartition:
    """A partition present in the store, with the file it came from."""

    partition: Partition
    path: Path
    source: str
    sha256: str
    rows: int


class Store:
    """Paths and file operations for one crime store directory."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    @property
    def geography_path(self) -> Path:
        """The LSOA lookup with population, written by the geography loader."""
        return self.root / "geography" / "lsoa.parquet"

    def partition_path(self, partition: Partition) -> Path:
        """Where a partition's Parquet file lives."""
        return self.root / partition.dataset.value / partition.force / f"{partition.month}.parquet"

    def summary_path(self, partition: Partition, sha256: str) -> Path:
        """Where the counts recorded at import for a partition written from ``sha256`` live.

        Named by the source's hash, so a summary never describes another version of its
        partition: a reader uses it only when the partition's footer names the same file.
        """
        return (
            self.root
            / SUMMARY
            / partition.dataset.value
            / partition.force
            / f"{partition.month}.{sha256[:16]}.parquet"
        )

    @property
    def index_path(self) -> Path:
        """The street partitions' listing and counts, written by every import (see selectors)."""
        return self.root / SUMMARY / "street-index.json"

    def read_index(self) -> dict | None:
        """The recorded index if it describes the store as it is now (same generation)."""
        try:
            index = json.loads(self.index_path.read_text())
        except (FileNotFoundError, ValueError):
            return None
        return index if index.get("generation") == self.generation() else None

    def write_index(self, index: dict) -> None:
        """Replace the recorded index in one rename; call under the write lock."""
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.temp_path_for(self.index_path)
        try:
            temp.write_text(json.dumps({**index, "generation": self.generation()}))
            os.replace(temp, self.index_path)
        finally:
            temp.unlink(missing_ok=True)

    def generation(self) -> str:
        """What changes whenever a writer changes the store: the key of readers' caches."""
        try:
            return (self.root / GENERATION).read_text().strip()
        except FileNotFoundError:
            return "none"

    def state(self) -> tuple:
        """A cheap fingerprint of what readers see: the generation and the partition folders'
        modification times (a rename into a folder changes it, whoever the writer was)."""
        stamps: list[object] = []
        for base in (self.root / Dataset.STREET.value, self.root / "geography"):
            with contextlib.suppress(FileNotFoundError):
                stamps.append(base.stat().st_mtime_ns)
                if base.name != "geography":
                    stamps.extend(
                        (e.name, e.stat().st_mtime_ns) for e in os.scandir(base) if e.is_dir()
                    )
        return (self.generation(), tuple(stamps))

    def generation_bump(self) -> None:
        """Record that the store changed; call under the write lock after moving files in."""
        self.root.mkdir(parents=True, exist_ok=True)
        final = self.root / GENERATION
        temp = self.temp_path_for(final)
        temp.write_text(uuid.uuid4().hex)
        os.replace(temp, final)

    def temp_path_for(self, final: Path) -> Path:
        """A fresh hidden temporary path in the same directory as ``final``."""
        return final.with_name(f".{final.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")

    def partition_files(
        self,
        dataset: Dataset,
        *,
        month_from: str | None = None,
        month_to: str | None = None,
        forces: list[str] | None = None,
    ) -> list[Path]:
        """Partition files of a dataset, optionally limited to a month range and forces."""
        base = self.root / dataset.value
        if not base.is_dir():
            return []
        found = []
        for force_dir in sorted(base.iterdir()):
            if not force_dir.is_dir() or (forces is not None and force_dir.name not in forces):
                continue
            for path in sorted(force_dir.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].parquet")):
                month = path.stem
                if month_from and month < month_from:
                    continue
                if month_to and month > month_to:
                    continue
                found.append(path)
        return found

    def partitions(self, dataset: Dataset | None = None) -> list[StoredPartition]:
        """Every partition in the store with its provenance metadata."""
        datasets = [dataset] if dataset else list(Dataset)
        result = []
        for ds in datasets:
            for path in self.partition_files(ds):
                result.append(self.describe(path, Partition(ds, path.parent.name, path.stem)))
        return result

    def describe(self, path: Path, partition: Partition) -> StoredPartition:
        """Read a partition file's provenance from its Parquet footer."""
        # Imported here, not at the top: pyarrow costs ~30 MB and only store readers need it.
        import pyarrow.parquet as pq

        meta = pq.read_metadata(path)
        kv = meta.metadata or {}
        return StoredPartition(
            partition=partition,
            path=path,
            source=kv.get(META_SOURCE, b"").decode(),
            sha256=kv.get(META_SHA256, b"").decode(),
            rows=meta.num_rows,
        )

    def stored_sha256(self, partition: Partition) -> str | None:
        """The sha256 of the file a stored partition came from, or None if absent."""
        path = self.partition_path(partition)
        if not path.exists():
            return None
        return self.describe(path, partition).sha256

    @contextlib.contextmanager
    def write_lock(self, *, blocking: bool = True) -> Iterator[bool]:
        """Hold the store's exclusive writer lock; waits for any other writer unless told not to.

        Yields whether the lock is held (always True when blocking).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def remove_leftovers(self) -> None:
        """Delete temporary files a killed writer left behind; call only under the write lock."""
        if not self.root.exists():
            return
        for path in self.root.rglob(f".*{TEMP_SUFFIX}"):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.root / STAGING, ignore_errors=True)

    def staging_dir(self) -> Path:
        """A fresh directory for files extracted from archives, on the store's file system."""
        path = self.root / STAGING / uuid.uuid4().hex
        path.mkdir(parents=True)
        return path

    def fingerprint(self) -> str:
        """A hash over every file's and folder's path and every file's bytes, for tests."""
        digest = hashlib.sha256()
        if self.root.exists():
            for path in sorted(self.root.rglob("*")):
                relative = path.relative_to(self.root)
                # The generation and the index are derived (the index names the generation).
                if path.name in (".lock", GENERATION) or relative.parts[0] == STAGING:
                    continue
                if path == self.index_path:
                    continue
                digest.update(str(relative).encode() + b"\0")
                if path.is_file():
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    """Flush a directory entry so a rename survives a crash of the machine."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def default_store() -> Store:
    """The store under ``settings.CSPHUB_DATA_DIR``."""
    return Store(Path(settings.CSPHUB_DATA_DIR) / "crime")
