"""Fetch the real West Yorkshire police.uk test data shipped in crime-sim-toolkit 1.5.0.

Uses pip (from the running interpreter) to download the package from the package registry into a
temporary directory and extracts it to ``var/testdata/crime_sim_toolkit/``. Does nothing if the
data are already there. Standard library only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "crime-sim-toolkit==1.5.0"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "var" / "testdata" / "crime_sim_toolkit"
# A file that must exist once extraction is complete; it is written last, so its presence
# means an earlier run finished.
MARKER = TARGET / ".complete"


def _extract(archive: Path, into: Path) -> None:
    """Unpack a wheel or sdist into a directory."""
    if archive.suffix in {".whl", ".zip"}:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(into)  # noqa: S202 - a wheel from PyPI, paths checked by zipfile
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(into, filter="data")


def main() -> int:
    """Download and extract the package unless it is already present."""
    if MARKER.exists():
        print(f"Test data already present in {TARGET.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                PACKAGE,
                "-d",
                str(tmp_path / "dl"),
            ],
            check=True,
        )
        archives = sorted((tmp_path / "dl").iterdir())
        if not archives:
            print(f"pip downloaded nothing for {PACKAGE}", file=sys.stderr)
            return 1
        staging = tmp_path / "staging"
        staging.mkdir()
        _extract(archives[0], staging)
        # An sdist unpacks into a single versioned folder; flatten it so paths are stable.
        children = list(staging.iterdir())
        source = children[0] if len(children) == 1 and children[0].is_dir() else staging
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, TARGET)
    MARKER.write_text(PACKAGE + "\n")
    print(f"Extracted {PACKAGE} to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
