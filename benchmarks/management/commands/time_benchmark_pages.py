"""``manage.py time_benchmark_pages``: time the benchmark pages on the loaded data, by hand.

Run after ``import_lait`` to fill in ``docs/performance.md``; not part of the test suite. Each
page is requested once to warm up, then three times; the median time and the query count of
the view itself (no session or sign-in queries) are printed.
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from benchmarks import views
from benchmarks.models import Measure, Value

REPEATS = 3
TOPIC = "Children Looked After"


class Command(BaseCommand):
    help = "Time the benchmark pages (median of three) and count their queries."

    def handle(self, *args, **options) -> None:
        try:
            rate = Measure.objects.get(short_name="CPP_rate")
        except Measure.DoesNotExist as exc:
            raise CommandError("Run import_lait (or load_demo) first.") from exc
        reader = get_user_model()(username="timing", is_superuser=True, is_active=True)
        self.stdout.write(f"values loaded: {Value.objects.count():,}")
        topic_size = Measure.objects.filter(topic=TOPIC).count()
        cases = [
            ("authority, headline measures", views.authority, {}, ["205"]),
            (f"authority, topic {TOPIC} ({topic_size})", views.authority, {"topic": TOPIC},
             ["205"]),
            ("measure, CPP_rate trend and chart", views.measure, {}, ["205", rate.pk]),
            ("compare, CPP_rate, 6 areas", views.compare,
             {"measure": rate.pk, "area": ["205", "207", "213", "310", "315", "970"]}, []),
        ]  # fmt: skip
        factory = RequestFactory()
        for name, view, params, args in cases:
            timings, queries = [], 0
            for attempt in range(REPEATS + 1):
                request = factory.get("/benchmarks/", params)
                request.user = reader
                with CaptureQueriesContext(connection) as context:
                    began = time.perf_counter()
                    response = view(request, *args)
                    elapsed = time.perf_counter() - began
                if response.status_code != 200:
                    raise CommandError(f"{name}: status {response.status_code}")
                if attempt:
                    timings.append(elapsed)
                    queries = len(context.captured_queries)
            median = statistics.median(timings) * 1000
            self.stdout.write(f"{name}: median {median:.0f} ms, {queries} queries")
