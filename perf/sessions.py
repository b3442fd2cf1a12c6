"""Session writes side by side: saved on every request (before) against at most once a minute.

Run against a migrated database with ``load_demo`` (``DATABASE_URL`` as usual)::

    python perf/sessions.py [--requests 300]

Signs in as the scrutiny member with Django's test client (the whole middleware stack, no
server) and reads the home page and the overview dashboard, alternately, in each mode:
queries and session-row writes per request, and requests per second. Prints a Markdown table
for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childrens_services.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = ["/", "/dashboards/"]
REFRESH = "childrens_services.sessions.SessionRefreshMiddleware"


def measure(requests: int) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username="scrutiny"))
    for page in PAGES:  # warm the figures cache, as a server that has run a while
        client.get(page)
    queries = writes = 0
    started = time.perf_counter()
    for n in range(requests):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(PAGES[n % len(PAGES)])
        assert response.status_code == 200, response.status_code
        queries += len(captured.captured_queries)
        writes += sum(
            1
            for q in captured.captured_queries
            if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
        )
    elapsed = time.perf_counter() - started
    return {"queries": queries / requests, "writes": writes / requests, "rps": requests / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    before = override_settings(
        SESSION_SAVE_EVERY_REQUEST=True,
        MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != REFRESH],
    )
    results: dict[str, list[dict]] = {"before": [], "now": []}
    for _ in range(args.rounds):  # alternate, so a busy spell slows both alike
        with before:
            results["before"].append(measure(args.requests))
        results["now"].append(measure(args.requests))
    vendor = connection.vendor
    print("| database | sessions | queries per request | session writes per request | req/s |")
    print("|---|---|---|---|---|")
    labels = {
        "before": "saved on every request (`SESSION_SAVE_EVERY_REQUEST`)",
        "now": "slid at most once a minute (`SessionRefreshMiddleware`)",
    }
    for mode, runs in results.items():
        rps = sorted(r["rps"] for r in runs)[len(runs) // 2]
        print(
            f"| {vendor} | {labels[mode]} | {runs[0]['queries']:.1f} | {runs[0]['writes']:.2f} "
            f"| {rps:.0f} |"
        )


if __name__ == "__main__":
    main()
