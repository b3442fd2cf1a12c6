"""Missing is not zero: a figure nobody recorded is never shown as £0, 0% or Red.

The records here hold no zero anywhere, and many figures are left unrecorded: no delivery
record at all, measures without an actual or without a target, contracts and assets without
a value, a savings line without a profile, a period with one category of spend. So any £0,
0% or Red a scrutiny member is shown, on a page, in a download, in an API total or in a
paper's block, stands for something never recorded, and fails the crawl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import deque
from decimal import Decimal
from html import unescape
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from django.template.loader import render_to_string

from benchmarks.imports import import_measures, import_values, load_areas, load_neighbour_models
from childrens_services import blocks
from commissioning.models import Contract, ContractForecast, DeliveryModelSpend
from governance.models import Division
from mandates.models import Asset, Mandate, MeasureActual, Milestone, SuccessMeasure
from savings.models import DeliveryRecord, SavingsLine, SavingsProfile, SavingsProgramme
from tests.api.helpers import client_for
from tests.benchmarks.conftest import MEASURE_HEADER, MEASURES, VALUE_HEADER, write_csv

pytestmark = pytest.mark.django_db

YEAR = 2012
ON = dt.date(2012, 4, 1)

#: £0 as a whole figure ("£0", "(£0)", "£0k"), not the start of "£0.50" or "£05".
POUNDS_ZERO = re.compile(r"£0(?![\d.,])")
#: 0% or 0.0 % as a whole figure, not the end of "10%" or "2.0%".
PERCENT_ZERO = re.compile(r"(?<![\d.,])0(?:\.0+)?\s?%")
#: The red badge of the RAG counts when none is red: a count, not a status.
NO_REDS = re.compile(r'<strong class="app-rag app-rag--red">Red</strong> 0 measures')
#: A comparison's column of the counts of measures that are red: a heading, not a status.
RED_COLUMN = re.compile(r'<th scope="col" class="[^"]*">Red</th>')
#: Red as a status shown: a badge, a table cell, a paper's RAG column.
RED = re.compile(r"app-rag--red|>\s*Red\b")
SVG = re.compile(r"<svg.*?</svg>", re.S)

#: Where a scrutiny member reads figures (not the admin, sign-in or the API's own docs).
MEMBER_PAGES = ("/dashboards/", "/savings/", "/mandates/", "/benchmarks/", "/commissioning/")
#: Links that only reorder or page the same rows.
SAME_ROWS = re.compile(r"[?&](sort|page|per_page)=")


@pytest.fixture
def unrecorded(world):
    """Two boroughs' records with every gap a real register has, and no zero anywhere."""
    programme = SavingsProgramme.objects.create(
        partnership=world.triborough, name="Tri-borough business case", first_year=2012,
        last_year=2013,
    )  # fmt: skip
    for index, authority in enumerate((world.hf, world.rbkc)):
        mandate = Mandate.objects.create(
            authority=authority, title=f"{authority.short_name} mandate", start_year=2011,
            end_year=2014,
        )  # fmt: skip
        division = Division.objects.create(authority=authority, name="Education")
        measure = {
            "mandate": mandate,
            "theme": "Achievement",
            "unit": "percent",
            "polarity": "higher",
        }
        SuccessMeasure.objects.create(
            **measure, indicator="No actual yet", target_kind="value", target_value=Decimal("60")
        )
        no_target = SuccessMeasure.objects.create(
            **measure, indicator="No target yet", target_kind="value"
        )
        to_confirm = SuccessMeasure.objects.create(
            **measure, indicator="Target to be confirmed", target_kind="tbc"
        )
        no_comparator = SuccessMeasure.objects.create(
            **measure, indicator="No comparator value", target_kind="better_than_comparator",
            comparator="statistical_neighbours",
        )  # fmt: skip
        for measured in (no_target, to_confirm, no_comparator):
            MeasureActual.objects.create(
                measure=measured, period="2011/12", as_at=dt.date(2012, 3, 31), value=Decimal("7")
            )
        Milestone.objects.create(
            mandate=mandate, division=division, year=YEAR, quarter=1,
            text="Open the new school", status="on_track",
        )  # fmt: skip
        Asset.objects.create(
            mandate=mandate, asset_list="realisation", name="Old depot", status="under_review"
        )
        Asset.objects.create(
            mandate=mandate, asset_list="office", name="Town hall annexe", status="negotiating",
            expected_receipt=Decimal("250000"),
        )  # fmt: skip
        unvalued = Contract.objects.create(
            authority=authority, reference="C-1", title="Fostering framework",
            provider_text="Various", end_date=dt.date(2012, 9, 30), status="active",
        )  # fmt: skip
        ContractForecast.objects.create(
            contract=unvalued, financial_year=YEAR, amount=Decimal("120000")
        )
        if index == 0:
            Contract.objects.create(
                authority=authority, reference="C-2", title="Transport", provider_text="Various",
                total_value=Decimal("500000"), end_date=dt.date(2012, 12, 31), status="active",
            )  # fmt: skip
        DeliveryModelSpend.objects.create(
            authority=authority, start_year=2011, end_year=2011, category="commissioned",
            amount=Decimal("600"),
        )  # fmt: skip
        DeliveryModelSpend.objects.create(
            authority=authority, start_year=2012, end_year=2012, category="commissioned",
            amount=Decimal("700"),
        )  # fmt: skip
        DeliveryModelSpend.objects.create(
            authority=authority, start_year=2012, end_year=2012, category="direct",
            amount=Decimal("300"),
        )  # fmt: skip
        line = SavingsLine.objects.create(
            programme=programme, description=f"Single management team {index}",
            confidence="assured", funding="GF",
        )  # fmt: skip
        for year, amount in ((2012, Decimal("100000")), (2013, Decimal("150000"))):
            SavingsProfile.objects.create(line=line, authority=authority, year=year, amount=amount)
    SavingsLine.objects.create(
        programme=programme, description="Procurement savings to be profiled",
        confidence="assured", funding="GF",
    )  # fmt: skip
    assert not DeliveryRecord.objects.exists()
    return world, programme


@pytest.fixture
def benchmarked(unrecorded, tmp_path):
    """DfE figures for the two boroughs, some published and some suppressed (``c``, ``x``)."""
    load_neighbour_models(load_areas())
    import_measures(write_csv(tmp_path / "measures.csv", MEASURE_HEADER, MEASURES))
    values = [
        ("CPPlans2yrs", "2024", "205", "12.5"),
        ("CPPlans2yrs", "2024", "207", "x"),
        ("CPPlans2yrs", "2024", "213", "14"),
        ("KS2RWM_Expected_STD", "2024-25", "205", "c"),
        ("KS2RWM_Expected_STD", "2024-25", "207", "61"),
    ]
    rows = [[short, "", period, f"LA {code}", code, "", v] for short, period, code, v in values]
    import_values(write_csv(tmp_path / "values.csv", VALUE_HEADER, rows))
    return unrecorded


def problems(text: str) -> list[str]:
    """Each £0, 0% or Red in ``text`` (a page with its charts' drawings left out)."""
    text = RED_COLUMN.sub("", NO_REDS.sub("", SVG.sub("", text)))
    found = []
    for name, pattern in (("£0", POUNDS_ZERO), ("0%", PERCENT_ZERO), ("Red", RED)):
        for match in pattern.finditer(text):
            around = unescape(re.sub(r"\s+", " ", text[match.start() - 120 : match.end() + 60]))
            found.append(f"{name}: …{around}…")
    return found


def download_cells(response) -> list:
    """Every cell of a CSV or XLSX download."""
    content = b"".join(response) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return [cell for row in csv.reader(io.StringIO(content.decode())) for cell in row]
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def links(page: str, base: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"#]+)"', page):
        address = urljoin(base, unescape(href))
        parts = urlsplit(address)
        if parts.path.startswith(MEMBER_PAGES) and not SAME_ROWS.search(address):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_no_member_page_or_download_shows_a_figure_never_recorded_as_zero_or_red(
    benchmarked, client
):
    world, _programme = benchmarked
    client.force_login(world.users["scrutiny"])
    starts = [
        "/dashboards/?year=2012/13",
        "/dashboards/?scope=205&year=2012/13",
        "/dashboards/?scope=Tri-borough&year=2012/13",
        "/dashboards/compare/?authority=205&authority=207&year=2012/13",
        "/savings/",
        "/mandates/",
        "/benchmarks/",
    ]
    queue, seen, shown, downloads = deque(starts), set(starts), {}, 0
    while queue and len(shown) < 300:
        address = queue.popleft()
        response = client.get(address)
        assert response.status_code == 200, address
        if not response["Content-Type"].startswith("text/html"):
            downloads += 1
            cells = download_cells(response)
            zeros = [c for c in cells if c is not None and str(c).strip() in ("0", "0.00", "£0")]
            assert not zeros, f"{address}: a download shows {zeros} for a figure never recorded"
            shown[address] = ""
            continue
        page = response.content.decode()
        shown[address] = page
        assert not problems(page), f"{address}:\n" + "\n".join(problems(page))
        for link in links(page, address):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    reached = set(shown)
    for must in ("/dashboards/savings/", "/dashboards/measures/", "/dashboards/contracts/"):
        assert any(a.startswith(must) for a in reached), f"the crawl never reached {must}"
    assert any(a.startswith("/savings/programmes/") for a in reached)
    assert any(re.match(r"/mandates/\d+/", a) for a in reached)
    assert downloads >= 10, "the tables' CSV and XLSX downloads are crawled too"


def test_the_overview_and_compare_pages_say_not_recorded_and_what_they_leave_out(
    unrecorded, client
):
    world, _programme = unrecorded
    client.force_login(world.users["scrutiny"])
    overview = unescape(client.get("/dashboards/?scope=205&year=2012/13").content.decode())
    assert "No delivery has been recorded for the 1 saving planned" in overview
    assert "not recorded" in overview
    assert "Not reported" in overview, "the savings status is not red"
    assert "worth £500,000 in total (leaves out 1 contract with no value recorded)" in overview
    compare = unescape(
        client.get("/dashboards/compare/?authority=205&authority=207&year=2012/13").content.decode()
    )
    assert "not recorded (no delivery recorded)" in compare
    assert "not recorded (no value recorded)" in compare, "RBKC's only renewal has no value"
    measures = unescape(client.get("/dashboards/measures/?scope=205").content.decode())
    for reason in (
        "no actual recorded",
        "no target recorded",
        "target to be confirmed",
        "comparator not recorded",
    ):
        assert f"({reason})" in measures


def test_api_totals_leave_out_a_line_with_no_profile_and_say_so(unrecorded):
    world, programme = unrecorded
    api = client_for(world.users["scrutiny"])
    body = api.get(f"/api/v1/savings-programmes/{programme.pk}/totals/").json()
    assert body["lines_not_recorded"] == 1
    (unprofiled,) = [r for r in body["rows"] if r["label"] == "Procurement savings to be profiled"]
    assert unprofiled["full_year"] is None
    assert {cell["amount"] for cell in unprofiled["by_year"]} == {None}
    assert Decimal(body["total"]["full_year"]) == Decimal("300000"), "the profiled lines only"
    assert "0.00" not in {cell["amount"] for cell in body["years"]}


@pytest.mark.parametrize("code", ["mandate", "success_measures", "assets"])
def test_a_papers_blocks_print_no_zero_or_red_for_what_was_never_recorded(unrecorded, code):
    world, _programme = unrecorded
    block = blocks.get(code)
    params = block.clean({"authority": "205", "start_year": 2011})
    html = render_to_string(block.template, {"data": block.context(block.snapshot(params))})
    assert not problems(html), "\n".join(problems(html))
    # The mandate prints its success measures as the paper set them (baseline and target,
    # no status); the success-measures block prints each one's status or why it has none.
    assert ("No status (no actual recorded)" in html) == (code == "success_measures")


def test_the_contracts_register_extract_prints_a_missing_value_as_not_recorded(unrecorded):
    block = blocks.get("contracts_register")
    params = block.clean({"authority": "205", "year": YEAR})
    html = render_to_string(block.template, {"data": block.context(block.snapshot(params))})
    assert not problems(html), "\n".join(problems(html))
    assert "— contract value not recorded." in html
