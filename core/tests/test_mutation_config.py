"""`make mutation` copies the apps named in pyproject's [tool.mutmut] source_paths and starts
Django from that copy, so every installed project app must be listed there (docs/testing.md)."""

import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_mutmut_copies_every_project_app():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    missing = set(settings.LOCAL_APPS) - set(config["source_paths"])
    assert not missing, f"add {sorted(missing)} to [tool.mutmut] source_paths in pyproject.toml"
    for path in config["only_mutate"]:
        assert (ROOT / path).is_file(), path
