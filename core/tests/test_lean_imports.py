"""A web worker serving governance pages does not load the data, statistics and document libraries
(issue 11, point 4): they are imported where they are used."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = [
    "scipy",
    "statsmodels",
    "pandas",
    "numpy",
    "duckdb",
    "pyarrow",
    "weasyprint",
    "cairosvg",
    "docx",
    "openpyxl",
]
PROBE = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # the URLconf imports every app's views
import accounts.views, actions.views, meetings.views, partnership.views, core.views
import meetings.outputs, core.exports, crime.views, assessments.views, documents.services
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""


def test_the_urlconf_and_views_import_no_heavy_library():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
