"""Measurements taken inside one Django process: query counts per page, and the PDF yardstick.

Run by ``perf/run.py`` with ``DJANGO_SETTINGS_MODULE=perf.settings``; prints one JSON object.

* ``queries PATH...``: each page fetched by the test client signed in as the scrutiny member,
  with nothing cached, and the number of SQL queries it ran (the budget: constant whatever
  the data size).
* ``pdf MANDATE_ID``: the mandate rendered to PDF by the product (WeasyPrint, cold: built from
  the live records each time), and the same HTML printed by one Chromium kept running
  (Playwright's ``page.pdf()``, ``perf/chromium.py``), three times each after a warm-up.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

import django

# The cache in this process's memory whatever CACHE_URL says: each page below empties it first,
# which on a shared Redis would be FLUSHDB under the servers and anyone else using it.
os.environ.pop("CACHE_URL", None)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from childrens_services.caching import forget_values_kept_in_process  # noqa: E402
from governance.reports.document import standalone_document  # noqa: E402
from governance.reports.pdf import render_pdf, report_html  # noqa: E402
from perf.chromium import RunningChromium  # noqa: E402

RUNS = 3


def queries(paths: list[str]) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username="scrutiny"))
    client.get("/reports/")  # warm caches (templates, content types) before counting
    counts = {}
    for path in paths:
        cache.clear()  # each page from nothing, so one authority and all compare like for like
        forget_values_kept_in_process()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts[path] = {
            "status": response.status_code,
            "queries": len(captured),
            "seconds": time.perf_counter() - started,
        }
    return counts


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def pdf(mandate_id: int) -> dict:
    title = "Mandate for Children's Services"

    def product_pdf() -> bytes:
        # Laid out every time (not ``html_to_pdf``'s cache): this times the layout.
        return render_pdf(
            report_html(standalone_document("mandate", {"mandate": mandate_id}, title))
        )

    first = timed(product_pdf)
    weasy = [timed(product_pdf) for _ in range(RUNS)]
    size = len(product_pdf())
    html = report_html(standalone_document("mandate", {"mandate": mandate_id}, title))
    with RunningChromium() as browser:
        browser.pdf(html)  # warm-up, as WeasyPrint's first render above
        chromium = [timed(lambda: browser.pdf(html)) for _ in range(RUNS)]
        chromium_size = len(browser.pdf(html))
    return {
        "mandate": mandate_id,
        "weasyprint_first_s": first,
        "weasyprint_s": weasy,
        "weasyprint_median_s": statistics.median(weasy),
        "weasyprint_bytes": size,
        "chromium_s": chromium,
        "chromium_median_s": statistics.median(chromium),
        "chromium_bytes": chromium_size,
        "html_bytes": len(html),
    }


if __name__ == "__main__":
    task, *args = sys.argv[1:]
    result = queries(args) if task == "queries" else pdf(int(args[0]))
    print("BENCHJSON " + json.dumps(result))
