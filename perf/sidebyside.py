# ruff: noqa: S603 - a developer's harness running this repository's own code, no user input
"""Old code against new on the same database, in one run:
``python perf/sidebyside.py OLD_TREE [ROUNDS] [PATH ...]`` (the pages below by default).

Each round runs every page once in a process of the old tree, then in one of the new, signed in
as the scrutiny member through Django's test client (the view, middleware and session; no
server). Both trees are measured on the first request after an edit in *another* authority (a
contract of another authority saved through the ORM, as an officer's save is: signals, history,
the cache's generations); the new code also with its cache emptied before each request and as
a repeated request. Prints a Markdown table of medians.
Run with the ``perf.settings`` environment ``perf/run.py`` sets (``DATABASE_URL`` of the
perf database, ``DEBUG=false``).

``SIDEBYSIDE_SAMPLES=k`` takes k timings of each page in each process (each after its own
edit), so a round is not one noisy request per page; each process draws every page once,
untimed, before timing it. ``SIDEBYSIDE_CACHE_URL=redis://127.0.0.1:6379/5`` measures with
Redis as the figures cache, as production and ``make perf`` run (a database of its own: the
cold runs empty it). Without it each process has the memory cache, whose 2,000 entries a
national page's per-authority parts (158 each) can fill, so parts are dropped and drawn again.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/dashboards/?scope=201",
    "/dashboards/",
    "/dashboards/savings/?scope=201&confidence=assured&funding=GF",
    "/dashboards/savings/?confidence=assured&funding=GF",
    "/dashboards/contracts/?scope=201&status=active&value_from=100000",
    "/dashboards/contracts/?status=active&value_from=100000",
    "/api/v1/contracts/?page_size=100",
    "/api/v1/savings-lines/?page_size=100",
    "/dashboards/contracts/renewals/?months=6",
]
MEASURE = """
import json, os, sys, time, django
# The cache is emptied before each cold request, so it is never a shared Redis: the process's
# own memory, or with SIDEBYSIDE_CACHE_URL a Redis database kept for this measurement.
os.environ.pop("CACHE_URL", None)
if os.environ.get("SIDEBYSIDE_CACHE_URL"):
    os.environ["CACHE_URL"] = os.environ["SIDEBYSIDE_CACHE_URL"]
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
try:  # what the process keeps besides the shared cache (an old tree has none)
    from childrens_services.caching import forget_values_kept_in_process as forget_kept
except ImportError:
    def forget_kept():
        pass
try:
    from django.core.cache import cache
except ImportError:
    cache = None
client = Client()
client.force_login(get_user_model().objects.get(username="scrutiny"))
client.get("/reports/")
from commissioning.models import Contract
elsewhere = Contract.objects.exclude(authority__dfe_code="201").order_by("-pk").first()
out = {}
for path in sys.argv[2:]:
    client.get(path)  # the process's first drawing of the page (templates compiled), untimed
    taken = []
    for _ in range(int(os.environ.get("SIDEBYSIDE_SAMPLES", "1"))):
        if sys.argv[1] == "cold":
            cache.clear()
            forget_kept()  # and what this process keeps of it
        else:
            client.get(path)
        if sys.argv[1] == "edited":
            elsewhere.refresh_from_db()
            elsewhere.apprenticeships = (elsewhere.apprenticeships or 0) + 1
            elsewhere.save()
        started = time.perf_counter()
        status = client.get(path).status_code
        taken.append(time.perf_counter() - started)
    out[path] = (status, taken)
print("SIDEJSON " + json.dumps(out))
"""


def run(tree: Path, mode: str, paths: list[str] = PATHS) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, *paths],
        cwd=tree,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("SIDEJSON "))
    return json.loads(line.removeprefix("SIDEJSON "))


def main() -> None:
    old_tree = Path(sys.argv[1]).resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    paths = sys.argv[3:] or PATHS
    seen: dict[str, dict[str, list[float]]] = {
        p: {"old": [], "old_edited": [], "edited": [], "cold": [], "warm": []} for p in paths
    }
    for _ in range(rounds):
        for label, tree, mode in (
            ("old", old_tree, "warm"),
            ("old_edited", old_tree, "edited"),
            ("edited", ROOT, "edited"),
            ("cold", ROOT, "cold"),
            ("warm", ROOT, "warm"),
        ):
            for path, (status, taken) in run(tree, mode, paths).items():
                if status != 200:
                    raise SystemExit(f"{label}: {path} answered {status}")
                seen[path][label].extend(seconds * 1000 for seconds in taken)
    print(
        "| page | old, after an edit elsewhere, ms | new, after an edit elsewhere, ms "
        "| old ÷ new | new, nothing cached, ms | old, repeated, ms | new, repeated, ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for path, runs in seen.items():
        old, old_edited, edited, cold, warm = (
            statistics.median(runs[k]) for k in ("old", "old_edited", "edited", "cold", "warm")
        )
        print(
            f"| `{path}` | {old_edited:,.0f} | {edited:,.0f} | {old_edited / edited:,.1f}× "
            f"| {cold:,.0f} | {old:,.0f} | {warm:,.0f} |"
        )


if __name__ == "__main__":
    main()
