"""Print `make mutation`'s scores per module from mutmut's results in mutants/.

A mutant counts as killed when a test failed on it (or it timed out); a survivor listed in
scripts/mutation_equivalent.txt, with the reason it cannot change behaviour, is left out of the
denominator of "% of non-equivalent". Run after `mutmut run` (docs/testing.md).
"""

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
MODULES = {
    "accounts/permissions.py": None,
    "actions/deadlines.py": None,
    "actions/services.py": ("x_owners_resolve", "x_deadline_warnings"),
    "funding/services.py": None,
    "assessments/statistics.py": None,
}


def equivalents() -> dict[str, str]:
    """Mutant name -> why it is equivalent, from scripts/mutation_equivalent.txt."""
    found = {}
    for line in (ROOT / "scripts" / "mutation_equivalent.txt").read_text().splitlines():
        name, _, why = line.partition("#")
        if name.strip():
            found[name.strip()] = why.strip()
    return found


def main() -> int:
    equivalent = equivalents()
    print(f"{'module':32} {'killed':>7} {'total':>6} {'equiv':>6} {'score':>7}  survivors")
    for path, functions in MODULES.items():
        meta = ROOT / "mutants" / f"{path}.meta"
        if not meta.exists():
            print(f"{path:32} not run")
            continue
        results = json.loads(meta.read_text())["exit_code_by_key"]
        if functions:
            results = {k: v for k, v in results.items() if k.split(".")[-1].startswith(functions)}
        status = {k: status_by_exit_code[v] for k, v in results.items()}
        counts = Counter("killed" if s == "timeout" else s for s in status.values())
        if counts["not checked"] == len(status):
            print(f"{path:32} not run")
            continue
        survivors = sorted(k for k, s in status.items() if s in ("survived", "no tests"))
        equiv = [k for k in survivors if k in equivalent]
        live = [k for k in survivors if k not in equivalent]
        checked = len(status) - counts["not checked"]
        denominator = checked - len(equiv)
        score = 100 * counts["killed"] / denominator if denominator else 100.0
        print(
            f"{path:32} {counts['killed']:>7} {checked:>6} {len(equiv):>6} {score:>6.1f}%  "
            + (", ".join(k.split(".")[-1] for k in live) or "-")
        )
        if counts["not checked"]:
            print(f"{'':32} ({counts['not checked']} not checked yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
