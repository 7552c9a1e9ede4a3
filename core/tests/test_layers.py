"""The layers of docs/architecture.md, as the imports show them (issue 10, point 2).

Models, services and selectors are layered by app: they import only apps on lower rows of the
table. Views, forms, outputs, feeds, documents, demo loaders, tasks and commands are a top floor
that may read any app. `core` imports no app. Project imports sit at the top of modules; only
the heavy third-party libraries below may wait inside the function that uses them (the lean web
worker rule, core/tests/test_lean_imports.py). Every module is read with `ast`, nothing is run.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

# The table in docs/architecture.md: an app's models, services and selectors import only apps on
# lower rows (the same row is not lower).
ROWS = {
    "core": 0,
    "partnership": 1,
    "accounts": 2,
    "alerts": 3,
    "meetings": 4,
    "crime": 4,
    "documents": 4,
    "actions": 5,
    "evidence": 5,
    "assessments": 6,
    "plan": 7,
    "funding": 8,
    "engagement": 8,
    "reports": 9,
    "minutes_import": 9,
    "search": 9,
    "api": 10,
    "publishing": 10,
    "home": 10,
    "demo": 10,
    "config": 11,  # settings, URLs and the Jinja environment sit above everything
}

# Modules of the top floor (by file name, or any module under management/).
TOP_FLOOR = {
    "views",
    "urls",
    "forms",
    "admin",
    "apps",
    "demo",
    "factories",
    "outputs",
    "feeds",
    "pages",
    "documents",
    "exports",
    "tasks",
}

# Every read filters with the permission module, partnership's selectors included, although
# partnership's models sit below accounts (a role is a role in a partnership).
EVERY_READ_MAY_USE = {"accounts.permissions"}

# Imported inside the functions that use them, on purpose: a web worker serving governance pages
# never loads them.
LAZY = {
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
    "pypdf",
    "bs4",
    "icalendar",
}

# Still to go: removed by the meetings branch (meetings/views.py split along its sections, the
# meetings/extensions.py registry filled in ActionsConfig.ready() replaced by direct imports, the
# minutes assembly in meetings/selectors.py reworked).
PENDING: set[str] = set()  # nothing allow-listed: the registry and the hidden imports are gone

NOT_PRODUCT = {"tests", "testing", "migrations"}


def _apps() -> list[str]:
    return [*settings.LOCAL_APPS, "config"]


def _modules():
    for app in _apps():
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if NOT_PRODUCT & set(rel.parts) or rel.name == "conftest.py":
                continue
            yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))


def _imports(node) -> list[tuple[str, int]]:
    if isinstance(node, ast.Import):
        return [(a.name, node.lineno) for a in node.names]
    if isinstance(node, ast.ImportFrom) and not node.level and node.module:
        return [(node.module, node.lineno)] + [
            (f"{node.module}.{a.name}", node.lineno) for a in node.names
        ]
    return []


def _all_imports(tree) -> list[tuple[str, int]]:
    return [name for node in ast.walk(tree) for name in _imports(node)]


def _is_top_floor(rel: Path) -> bool:
    # A top-floor module may be a package of its own (meetings/views/ split by section).
    return (
        "management" in rel.parts
        or rel.stem in TOP_FLOOR
        or any(part in TOP_FLOOR for part in rel.parts[1:-1])
    )


def test_every_app_has_a_row_in_the_layer_table():
    missing = [app for app in _apps() if app not in ROWS]
    assert missing == [], (
        f"{', '.join(missing)}: give each a row in docs/architecture.md and in ROWS here"
    )


def test_core_imports_no_app():
    project = set(_apps()) - {"core"}
    found = [
        f"{rel}:{line} imports {name}"
        for rel, tree in _modules()
        if rel.parts[0] == "core"
        for name, line in _all_imports(tree)
        if name.split(".")[0] in project
    ]
    assert found == []


def _upward(rel: Path, tree) -> list[str]:
    """The imports of a layered module that reach an app on its own row or higher."""
    app = rel.parts[0]
    if app not in ROWS or _is_top_floor(rel) or str(rel) in PENDING:
        return []
    found = []
    for name, line in _all_imports(tree):
        other = name.split(".")[0]
        if other == app or other not in ROWS or ROWS[other] < ROWS[app]:
            continue
        if rel.stem == "selectors" and any(
            name == m or name.startswith(m + ".") for m in EVERY_READ_MAY_USE
        ):
            continue
        found.append(f"{rel}:{line} imports {name} (row {ROWS[other]} >= row {ROWS[app]})")
    return found


def _hidden(rel: Path, tree) -> list[str]:
    """Imports inside a function body, other than the heavy libraries'."""
    if str(rel) in PENDING:
        return []
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            for name, line in _imports(node)[:1]:
                if name.split(".")[0] not in LAZY:
                    found.append(f"{rel}:{line} imports {name} inside {func.name}()")
    return found


def test_models_services_and_selectors_import_only_lower_rows():
    found = [f for rel, tree in _modules() for f in _upward(rel, tree)]
    assert found == [], "\n".join(dict.fromkeys(found))


def test_imports_sit_at_the_top_except_the_heavy_libraries():
    found = [f for rel, tree in _modules() for f in _hidden(rel, tree)]
    assert found == [], "\n".join(dict.fromkeys(found))


def test_no_app_fills_a_registry_when_it_starts():
    found = [
        f"{rel}: {node.name}.ready()"
        for rel, tree in _modules()
        if rel.name == "apps.py" and str(rel) not in PENDING
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef) and item.name == "ready"
    ]
    assert found == []


def test_the_checks_see_an_upward_import_and_a_hidden_one():
    code = "from reports.models import X\nfrom accounts.permissions import visible_q\n"
    code += "def f():\n    import duckdb\n    from core import search\n"
    tree = ast.parse(code)
    assert [f.split(" (")[0] for f in _upward(Path("plan/services.py"), tree)] == [
        "plan/services.py:1 imports reports.models",
        "plan/services.py:1 imports reports.models.X",
    ]
    assert _upward(Path("reports/views.py"), tree) == []  # the top floor reads any app
    assert len(_upward(Path("partnership/services.py"), tree)) == 4  # accounts is above
    assert len(_upward(Path("partnership/selectors.py"), tree)) == 2  # reads may ask permissions
    assert _hidden(Path("plan/services.py"), tree) == ["plan/services.py:5 imports core inside f()"]
