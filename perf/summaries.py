# ruff: noqa: S603, S608 - a developer's harness running this repository's own code and fixed SQL
"""The summary tables measured (issue 20, item 1), in one run on the national-scale database.

``python perf/summaries.py refresh``: how long keeping the savings summary takes, both ways:
a Postgres materialised view of the same grouping refreshed whole (plain and ``CONCURRENTLY``)
against ``savings.summaries.refresh`` of one programme (what a write pays), and a whole
rebuild (``verify_summaries --repair``). Five runs each, medians; nothing is left behind.

``python perf/summaries.py pages OLD_TREE [ROUNDS]``: the members' dashboard pages on their
first request (the cache emptied before each), old code (``OLD_TREE``, a checkout of main)
against this tree, alternately in one run, each page in a fresh process per round, signed in
as the scrutiny member through Django's test client. Prints a Markdown table of medians.

Run with ``DJANGO_SETTINGS_MODULE=perf.settings`` and ``DATABASE_URL`` of the copied
national-scale database.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
PATHS = [
    "/dashboards/",
    "/dashboards/savings/",
    "/dashboards/savings/?confidence=assured&funding=GF",
    "/dashboards/savings/?budget_status=in_mtfs",
    "/dashboards/compare/",
    "/dashboards/contracts/?status=active&value_from=100000",
    "/dashboards/assets/",
    "/dashboards/milestones/",
    "/dashboards/?scope=201",
    "/dashboards/savings/?scope=201&confidence=assured&funding=GF",
]
MEASURE = """
import json, os, sys, time, django
os.environ.pop("CACHE_URL", None)
django.setup()
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
try:  # what the process keeps besides the shared cache (an old tree has none)
    from childrens_services.caching import forget_values_kept_in_process as forget_kept
except ImportError:
    def forget_kept():
        pass
client = Client()
client.force_login(get_user_model().objects.get(username="scrutiny"))
client.get("/reports/")
out = {}
for path in sys.argv[1:]:
    cache.clear()
    forget_kept()  # and what this process keeps of it
    started = time.perf_counter()
    status = client.get(path).status_code
    out[path] = (status, time.perf_counter() - started)
print("SIDEJSON " + json.dumps(out))
"""

#: The savings summary's grouping as one SQL view (``savings.summaries.summarise``).
MATVIEW = """
CREATE MATERIALIZED VIEW perf_savings_summary AS
WITH cells AS (
    SELECT l.programme_id, p.authority_id, p.year, l.confidence, l.funding,
           count(*) AS cells, sum(p.amount) AS amount,
           coalesce(sum(p.amount) FILTER (WHERE d.id IS NOT NULL), 0) AS reported_amount,
           count(*) FILTER (WHERE d.id IS NULL) AS unreported_cells
    FROM savings_savingsprofile p
    JOIN savings_savingsline l ON l.id = p.line_id
    LEFT JOIN savings_deliveryrecord d ON d.line_id = p.line_id
        AND d.authority_id = p.authority_id AND d.year = p.year
        AND (d.achieved IS NOT NULL OR d.forecast IS NOT NULL)
    GROUP BY 1, 2, 3, 4, 5
), delivery AS (
    SELECT l.programme_id, d.authority_id, d.year, l.confidence, l.funding,
           count(*) AS records,
           count(*) FILTER (WHERE d.achieved IS NOT NULL OR d.forecast IS NOT NULL)
               AS delivered_records,
           coalesce(sum(coalesce(d.achieved, d.forecast)), 0) AS delivered
    FROM savings_deliveryrecord d JOIN savings_savingsline l ON l.id = d.line_id
    GROUP BY 1, 2, 3, 4, 5
)
SELECT programme_id, authority_id, year, confidence, funding,
       coalesce(c.cells, 0) AS cells, coalesce(c.amount, 0) AS amount,
       coalesce(c.reported_amount, 0) AS reported_amount,
       coalesce(c.unreported_cells, 0) AS unreported_cells,
       coalesce(d.records, 0) AS records, coalesce(d.delivered_records, 0) AS delivered_records,
       coalesce(d.delivered, 0) AS delivered
FROM cells c FULL JOIN delivery d USING (programme_id, authority_id, year, confidence, funding)
"""


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def refresh() -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    from savings import summaries
    from savings.models import SavingsProfile, SavingsProgramme, SavingsSummary

    def sql(statement: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)

    sql("DROP MATERIALIZED VIEW IF EXISTS perf_savings_summary")
    create = timed(lambda: sql(MATVIEW))
    sql(
        "CREATE UNIQUE INDEX perf_savings_summary_key ON perf_savings_summary "
        "(programme_id, authority_id, year, confidence, funding)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM perf_savings_summary")
        view_rows = cursor.fetchone()[0]
    plain = [
        timed(lambda: sql("REFRESH MATERIALIZED VIEW perf_savings_summary")) for _ in range(RUNS)
    ]
    concurrent = [
        timed(lambda: sql("REFRESH MATERIALIZED VIEW CONCURRENTLY perf_savings_summary"))
        for _ in range(RUNS)
    ]
    sql("DROP MATERIALIZED VIEW perf_savings_summary")
    largest = list(SavingsProgramme.objects.order_by("?").values_list("pk", flat=True)[:RUNS])

    def one(pk: int) -> None:
        with transaction.atomic():
            summaries.refresh([pk])

    per_programme = [timed(lambda pk=pk: one(pk)) for pk in largest]
    cell = SavingsProfile.objects.filter(line__programme=largest[0]).first()

    def save_cell() -> None:
        fresh = SavingsProfile.objects.get(pk=cell.pk)
        fresh.save()

    cell_saves = [timed(save_cell) for _ in range(RUNS)]
    rebuilds = [timed(summaries.rebuild) for _ in range(RUNS)]
    verify = [timed(summaries.differences) for _ in range(RUNS)]
    return {
        "summary_rows": SavingsSummary.objects.count(),
        "view_rows": view_rows,
        "cells": SavingsProfile.objects.count(),
        "matview_create_ms": create,
        "matview_refresh_ms": statistics.median(plain),
        "matview_refresh_concurrently_ms": statistics.median(concurrent),
        "programme_refresh_ms": statistics.median(per_programme),
        "cell_save_with_refresh_ms": statistics.median(cell_saves),
        "rebuild_all_ms": statistics.median(rebuilds),
        "verify_all_ms": statistics.median(verify),
    }


def run(tree: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *PATHS],
        cwd=tree,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("SIDEJSON "))
    return json.loads(line.removeprefix("SIDEJSON "))


def pages(old_tree: Path, rounds: int) -> None:
    seen: dict[str, dict[str, list[float]]] = {p: {"old": [], "new": []} for p in PATHS}
    for _ in range(rounds):
        for label, tree in (("old", old_tree), ("new", ROOT)):
            for path, (status, seconds) in run(tree).items():
                if status != 200:
                    raise SystemExit(f"{label}: {path} answered {status}")
                seen[path][label].append(seconds * 1000)
    print(
        f"| page (first request, nothing cached) | old code, ms (median of {rounds}, max) "
        f"| new, ms (median of {rounds}, max) |"
    )
    print("|---|---|---|")
    for path, runs in seen.items():
        old, new = runs["old"], runs["new"]
        print(
            f"| `{path}` | {statistics.median(old):,.0f} ({max(old):,.0f}) "
            f"| {statistics.median(new):,.0f} ({max(new):,.0f}) |"
        )


if __name__ == "__main__":
    task, *args = sys.argv[1:]
    if task == "refresh":
        print(json.dumps(refresh(), indent=1))
    else:
        pages(Path(args[0]).resolve(), int(args[1]) if len(args) > 1 else RUNS)
