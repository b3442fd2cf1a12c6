# ruff: noqa: S603 - a developer's harness running this repository's own code, no user input
"""A one-authority page asked right after an edit in another authority, old code against new,
in one run: ``python perf/generations.py OLD_TREE [ROUNDS]``.

Old code keeps one data generation, so any edit empties every cached page; new code keeps one
per authority (``childrens_services.caching``), so an edit in authority 202 leaves authority
201's pages cached. Each round runs, for each page, in a process of each tree signed in as the
scrutiny member through Django's test client (the view, middleware and session; no server):
the page asked once (so it is cached), a contract of the other authority edited and saved (a
committed change, counted as every edit is), then the page asked again and timed. The new code
is also timed after an edit in the page's own authority (it must draw the page again, as the
old code does) and asked again with nothing changed. Prints a Markdown table of medians.
Run with the ``perf.settings`` environment ``perf/run.py`` sets (``DATABASE_URL`` of a copy of
the national-scale database, ``DEBUG=false``); it writes to that database.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCOPE, OTHER = "201", "202"
PATHS = [
    f"/dashboards/?scope={SCOPE}",
    f"/dashboards/savings/?scope={SCOPE}",
    f"/dashboards/contracts/?scope={SCOPE}",
]
MEASURE = """
import json, os, sys, time, django
os.environ.pop("CACHE_URL", None)  # this process's memory: never a shared Redis
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from commissioning.models import Contract
client = Client()
client.force_login(get_user_model().objects.get(username="scrutiny"))
client.get("/reports/")
mode, edited = sys.argv[1], sys.argv[2]
contract = Contract.objects.filter(authority__dfe_code=edited).order_by("pk").first()
out = {}
for path in sys.argv[3:]:
    client.get(path)
    if mode == "edit":
        contract.refresh_from_db()
        title = contract.title
        contract.title = title[:-1] if title.endswith("*") else title + "*"
        contract.save()
    started = time.perf_counter()
    status = client.get(path).status_code
    out[path] = (status, time.perf_counter() - started)
print("GENJSON " + json.dumps(out))
"""

#: (column, tree, mode, authority edited)
RUNS = [
    ("old, after an edit in {other}", "old", "edit", OTHER),
    ("new, after an edit in {other}", "new", "edit", OTHER),
    ("new, after an edit in {scope}", "new", "edit", SCOPE),
    ("new, nothing changed", "new", "none", OTHER),
]


def run(tree: Path, mode: str, edited: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, edited, *PATHS],
        cwd=tree,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("GENJSON "))
    return json.loads(line.removeprefix("GENJSON "))


def main() -> None:
    trees = {"old": Path(sys.argv[1]).resolve(), "new": ROOT}
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    seen = {path: {label: [] for label, *_ in RUNS} for path in PATHS}
    for _ in range(rounds):
        for label, tree, mode, edited in RUNS:
            for path, (status, seconds) in run(trees[tree], mode, edited).items():
                if status != 200:
                    raise SystemExit(f"{label}: {path} answered {status}")
                seen[path][label].append(seconds * 1000)
    labels = [label.format(other=OTHER, scope=SCOPE) for label, *_ in RUNS]
    print(f"| page (scope {SCOPE}) | " + " | ".join(f"{x}, ms" for x in labels) + " |")
    print("|---" * (len(RUNS) + 1) + "|")
    for path, runs in seen.items():
        medians = [statistics.median(runs[label]) for label, *_ in RUNS]
        print(f"| `{path}` | " + " | ".join(f"{m:,.0f}" for m in medians) + " |")


if __name__ == "__main__":
    main()
