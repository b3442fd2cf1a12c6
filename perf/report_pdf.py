"""Committee report PDFs against a running Chromium: the mandate and a 10-report agenda pack.

    .venv/bin/python perf/report_pdf.py [--runs 3]

Uses ``DATABASE_URL`` if set, else its own SQLite file under /tmp, which it migrates and fills
with ``load_demo`` the first time. The yardstick is one Chromium kept running (Playwright,
``perf/chromium.py``), as a print service runs it: ``page.set_content(html)`` and
``page.pdf()`` of the same HTML with the product's print stylesheet inlined, timed per
document. In one run, after a warm-up of each, alternating so a busy spell slows all alike,
the median of ``--runs`` runs of:

* the H&F mandate 2011 (``render_report --mandate``'s document): the product's PDF from the
  HTML (``render_pdf``), and cold (records read, HTML drawn, PDF rendered);
* a 10-report agenda pack (the five seed papers' published documents, twice, behind a cover
  and contents): before, as main laid it out (the whole pack's HTML through WeasyPrint); now,
  as ``build_pack`` makes it (``assemble_pack``: the reports' published PDFs joined behind a
  cover and contents rendered for the pack, page numbers stamped, bookmarks kept); and now
  with every report a draft, so each is rendered once first;
* Chromium's ``page.pdf()`` of the mandate's and the whole pack's HTML, plain (the yardstick)
  and asked for a tagged PDF with an outline (what WeasyPrint makes: PDF/UA tags, bookmarks);
* serving an already-published report's PDF through the full Django stack.

Prints the Markdown tables for ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import platform
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/cs_report_pdf_perf.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childrens_services.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Playwright's sync API keeps an event loop running in this thread, which Django takes for an
# async context; the harness does one thing at a time, so its queries may run here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from perf.chromium import RunningChromium  # noqa: E402


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def alternating(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each action once as a warm-up, then ``runs`` rounds of each in turn: a busy spell on
    the machine slows every renderer alike rather than whichever ran during it."""
    for action in actions.values():
        action()
    results: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            results[name].append(timed(action))
    return results


def prepare() -> None:
    from governance.models import CommitteeReport

    call_command("migrate", verbosity=0)
    if not CommitteeReport.objects.filter(status="published").exists():
        os.environ.setdefault("DEMO_PASSWORD", secrets.token_urlsafe(16))
        call_command("load_demo", with_users=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def main_pack_html(meeting, documents) -> str:
    """The whole pack as one HTML document, as main laid it out before packs were joined
    from the reports' own PDFs (and as Chromium is given it)."""
    from governance.reports.html import print_html
    from governance.reports.pack import pack_cover, pack_title

    cover = pack_cover(
        meeting,
        any(document["exempt"] for document in documents),
        any(document["status"] != "published" for document in documents),
    )
    return print_html(
        documents,
        title=pack_title(meeting),
        author=cover["council"],
        subject="Agenda and reports",
        pack=cover,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = args.runs
    prepare()

    from governance.models import CommitteeReport, Meeting
    from governance.reports.document import standalone_document
    from governance.reports.pack import assemble_pack
    from governance.reports.pdf import render_pdf, report_html
    from mandates.models import Mandate

    mandate = Mandate.objects.get(authority__dfe_code="205", start_year=2011)
    title = "Mandate for Children's Services"

    def mandate_html() -> str:
        return report_html(standalone_document("mandate", {"mandate": mandate.pk}, title=title))

    html = mandate_html()

    published = list(CommitteeReport.objects.filter(status="published").order_by("pk"))
    documents, pdfs = [], []
    for copy_number in range(2):
        for report in published:
            document = copy.deepcopy(report.snapshot)
            document["id"] = report.pk + 1000 * copy_number
            documents.append(document)
            pdfs.append(bytes(report.pdf))
    documents, pdfs = documents[:10], pdfs[:10]
    meeting = Meeting.objects.get(pk=published[0].meeting_id)
    pack_html = main_pack_html(meeting, documents)
    drafts = [document | {"status": "draft"} for document in documents]

    def pack_from_drafts() -> bytes:
        # Every report rendered once from its document (no cache), then joined.
        drafted = [render_pdf(report_html(document)) for document in drafts]
        return assemble_pack(meeting, drafts, drafted)

    with RunningChromium() as chromium:
        times = alternating(
            {
                "mandate_pdf": lambda: render_pdf(html),
                "mandate_cold": lambda: render_pdf(mandate_html()),
                "mandate_chromium": lambda: chromium.pdf(html),
                "mandate_chromium_tagged": lambda: chromium.pdf(html, tagged=True),
                "pack_main": lambda: render_pdf(pack_html),
                "pack_joined": lambda: assemble_pack(meeting, documents, pdfs),
                "pack_drafts": pack_from_drafts,
                "pack_chromium": lambda: chromium.pdf(pack_html),
                "pack_chromium_tagged": lambda: chromium.pdf(pack_html, tagged=True),
            },
            runs,
        )
        pages = {
            "mandate": page_count(render_pdf(html)),
            "mandate_chromium": page_count(chromium.pdf(html)),
            "pack_main": page_count(render_pdf(pack_html)),
            "pack_joined": page_count(assemble_pack(meeting, documents, pdfs)),
            "pack_chromium": page_count(chromium.pdf(pack_html)),
        }

    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    url = reverse("reports:pdf", args=[published[0].pk])
    client.get(url)
    serve = [timed(lambda: client.get(url)) for _ in range(20)]

    def ms(name: str) -> str:
        return f"{statistics.median(times[name]) * 1000:,.0f} ms"

    def ratio(ours: str, yardstick: str) -> str:
        return f"{statistics.median(times[ours]) / statistics.median(times[yardstick]):.2f}×"

    def runs_of(name: str) -> str:
        return ", ".join(f"{value * 1000:,.0f}" for value in times[name])

    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end, {runs} runs after a warm-up, median"
    )
    print()
    print(
        "| document | pages | product (WeasyPrint) | Chromium `page.pdf()` | ratio "
        "| Chromium tagged + outline | ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    rows = [
        ("H&F mandate 2011, PDF from the HTML", "mandate", "mandate_pdf", "mandate"),
        ("H&F mandate 2011, cold (records → HTML → PDF)", "mandate", "mandate_cold", "mandate"),
        (
            "agenda pack, 10 reports: before (main: the whole pack laid out)",
            "pack_main",
            "pack_main",
            "pack",
        ),
        (
            "agenda pack, 10 reports: now (published PDFs joined)",
            "pack_joined",
            "pack_joined",
            "pack",
        ),
        (
            "agenda pack, 10 reports: now, all drafts (each rendered once, then joined)",
            "pack_joined",
            "pack_drafts",
            "pack",
        ),
    ]
    for label, pages_of, ours, yardstick in rows:
        print(
            f"| {label} | {pages[pages_of]} | {ms(ours)} | {ms(yardstick + '_chromium')} "
            f"| {ratio(ours, yardstick + '_chromium')} | {ms(yardstick + '_chromium_tagged')} "
            f"| {ratio(ours, yardstick + '_chromium_tagged')} |"
        )
    print()
    print(f"Chromium's pages: mandate {pages['mandate_chromium']}, pack {pages['pack_chromium']}.")
    print()
    print("Each run (ms):")
    print()
    for name in times:
        print(f"- {name}: {runs_of(name)}")
    print()
    median_serve = statistics.median(serve) * 1000
    print(f"Serving a published report's PDF (full stack, 20 requests): {median_serve:,.0f} ms")


if __name__ == "__main__":
    main()
