# ruff: noqa: S603, S607 - a developer's harness running fixed local tools, no user input
"""Committee report PDFs: WeasyPrint against Chromium's print-to-PDF of the same HTML.

    .venv/bin/python perf/report_pdf.py [--runs 5]

Uses ``DATABASE_URL`` if set, else its own SQLite file under /tmp, which it migrates and fills
with ``load_demo`` the first time. Measures, in one run, the median of several runs of:

* the H&F mandate 2011 report (``render_report --mandate``'s document): cold (records read,
  HTML drawn and PDF rendered) and the PDF alone from the same HTML, and Chromium headless
  printing that HTML (with the same print stylesheet inlined) to PDF;
* a 10-report agenda pack (the five seed papers' published documents, twice, behind a cover
  and contents), WeasyPrint against Chromium;
* serving an already-published report's PDF through the full Django stack (test client
  signed in as the clerk).

Prints a Markdown table for ``docs/performance.md`` ("## Committee report PDFs").
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/cs_report_pdf_perf.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childrens_services.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def timed(action: Callable[[], object], runs: int) -> list[float]:
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        results.append(time.perf_counter() - start)
    return results


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def chromium_command(html: str, tmp: str) -> list[str]:
    """Chromium's print-to-PDF of ``html`` with the print stylesheet inlined (same content)."""
    from governance.reports.pdf import stylesheet_text

    css = stylesheet_text()
    source, target = Path(tmp, "report.html"), Path(tmp, "out.pdf")
    source.write_text(html.replace("</head>", f"<style>{css}</style>\n</head>", 1), "utf-8")
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--print-to-pdf={target}",
        str(source),
    ]


def interleaved(ours: dict[str, Callable[[], object]], html: str, runs: int) -> dict:
    """Each run times every one of ``ours`` and then Chromium, one after the other, so a busy
    machine slows both alike rather than whichever happened to run during the busy spell."""
    results: dict[str, list[float]] = {name: [] for name in [*ours, "chromium"]}
    with tempfile.TemporaryDirectory() as tmp:
        command = chromium_command(html, tmp)
        for _ in range(runs):
            for name, action in ours.items():
                results[name] += timed(action, 1)
            results["chromium"] += timed(
                lambda: subprocess.run(command, capture_output=True, check=True), 1
            )
    return results


def prepare() -> None:
    from governance.models import CommitteeReport

    call_command("migrate", verbosity=0)
    if not CommitteeReport.objects.filter(status="published").exists():
        os.environ.setdefault("DEMO_PASSWORD", secrets.token_urlsafe(16))
        call_command("load_demo", with_users=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = args.runs
    prepare()

    from governance.models import CommitteeReport, Meeting
    from governance.reports.document import standalone_document
    from governance.reports.pack import pack_html
    from governance.reports.pdf import render_pdf, report_html
    from mandates.models import Mandate

    mandate = Mandate.objects.get(authority__dfe_code="205", start_year=2011)
    title = "Mandate for Children's Services"

    def mandate_document():
        return standalone_document("mandate", {"mandate": mandate.pk}, title=title)

    html = report_html(mandate_document())
    render_pdf(html)  # warm-up: fonts and the stylesheet are loaded once per process
    mandate_pages = page_count(render_pdf(html))
    mandate = interleaved(
        {
            "pdf": lambda: render_pdf(html),
            "cold": lambda: render_pdf(report_html(mandate_document())),
        },
        html,
        runs,
    )
    pdf_only, cold, mandate_chromium = mandate["pdf"], mandate["cold"], mandate["chromium"]

    published = list(CommitteeReport.objects.filter(status="published").order_by("pk"))
    documents = []
    for copy_number in range(2):
        for report in published:
            document = copy.deepcopy(report.snapshot)
            document["id"] = report.pk + 1000 * copy_number
            documents.append(document)
    documents = documents[:10]
    meeting = Meeting.objects.get(pk=published[0].meeting_id)
    pack = pack_html(meeting, documents)
    pack_pages = page_count(render_pdf(pack))
    pack_runs = max(3, runs // 2)
    pack_times = interleaved({"pdf": lambda: render_pdf(pack)}, pack, pack_runs)
    pack_weasy, pack_chromium = pack_times["pdf"], pack_times["chromium"]

    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    url = reverse("reports:pdf", args=[published[0].pk])
    client.get(url)
    serve = timed(lambda: client.get(url), 20)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:,.0f} ms"

    def ratio(ours: list[float], yardstick: list[float]) -> str:
        return f"{statistics.median(ours) / statistics.median(yardstick):.2f}×"

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {runs} runs, median")
    print()
    print("| document | pages | WeasyPrint | Chromium print-to-PDF | ratio | target |")
    print("|---|---|---|---|---|---|")
    print(
        f"| H&F mandate 2011, PDF from the HTML | {mandate_pages} | {ms(pdf_only)} "
        f"| {ms(mandate_chromium)} | {ratio(pdf_only, mandate_chromium)} | ≤ 2× |"
    )
    print(
        f"| H&F mandate 2011, cold (records → HTML → PDF) | {mandate_pages} | {ms(cold)} "
        f"| {ms(mandate_chromium)} | {ratio(cold, mandate_chromium)} | ≤ 2× |"
    )
    print(
        f"| agenda pack, 10 reports | {pack_pages} | {ms(pack_weasy)} | {ms(pack_chromium)} "
        f"| {ratio(pack_weasy, pack_chromium)} | — |"
    )
    print()
    print(
        f"Serving a published report's PDF (full stack, 20 requests): {ms(serve)} (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
