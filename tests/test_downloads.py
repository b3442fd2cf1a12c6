"""Every table download carries the figures: every column the page's table shows, money as
numbers (a ``£`` number format in the XLSX, bare in the CSV under a heading naming the unit),
a missing figure as an empty cell with the reason in the row's Notes, and a block above the
rows saying what they are. Another format is refused with a page saying why.

The columns expected are read from the page itself (the table it draws), never typed here, so
a column added to a table is checked at once; the pages are every routed list view."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from types import SimpleNamespace

import django_tables2 as tables
import pytest

from childrens_services import formatting
from childrens_services.tables import (
    NOTES,
    DateColumn,
    MoneyColumn,
    TableDownload,
    neutralise,
    sheet_title,
)
from commissioning.models import Contract
from dashboards.views import SavingsLinesView
from governance.models import Committee, CommitteeReport
from savings.models import SavingsLine, SavingsProfile, SavingsProgramme
from tests.conftest import build_world, rolled_back_afterwards
from tests.dashboards.conftest import build
from tests.decisions.conftest import make_entry, make_notice
from tests.downloads import Download, read_csv, read_xlsx
from tests.governance.reports_factory import make_meeting, make_report
from tests.scrutiny.conftest import recommendation
from tests.test_list_pages import list_pages

#: What a missing figure must never be written as in a download.
DASHES = {"-", "'-", "—", "–", "'—", "'–"}
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d\d)?")


# --- The download itself, on a table of plain rows (no database) ---------------------------


class LedgerTable(tables.Table):
    name = tables.Column()
    amount = MoneyColumn(verbose_name="Amount")
    due = DateColumn(verbose_name="Due", why_missing="no date agreed")


LEDGER = [
    {"name": "=HYPERLINK(1)", "amount": Decimal("19365000.00"), "due": dt.date(2012, 4, 1)},
    {"name": "Refund", "amount": Decimal("-620.50"), "due": None},
    {"name": "Unknown", "amount": None, "due": dt.date(2013, 3, 31)},
]


def ledger() -> TableDownload:
    return TableDownload(LedgerTable(LEDGER), about=[("Ledger", ""), ("Scope", "Test")])


def test_a_money_column_downloads_as_numbers_in_pounds_with_the_unit_in_its_heading():
    csv = read_csv(ledger().csv().encode("utf-8"))
    assert csv.headings == ["Name", "Amount (£)", "Due", NOTES]
    assert csv.column("Amount (£)") == ["19365000", "-620.50", ""]
    assert csv.column("Due") == ["2012-04-01", "", "2013-03-31"]
    xlsx = read_xlsx(ledger().xlsx())
    amounts = [row[1] for row in xlsx.cells]
    assert [c.value for c in amounts[:2]] == [19365000, -620.5]
    assert amounts[0].number_format == "£#,##0;(£#,##0)"
    assert amounts[1].number_format == "£#,##0.00;(£#,##0.00)"
    assert xlsx.cells[0][2].value == dt.datetime(2012, 4, 1)
    assert xlsx.cells[0][2].number_format == formatting.SPREADSHEET_DATE


def test_a_missing_figure_is_an_empty_cell_and_the_notes_say_why():
    for download in (read_csv(ledger().csv().encode()), read_xlsx(ledger().xlsx())):
        assert download.notes()[0] in ("", None)
        assert download.notes()[1] == "Due: no date agreed"
        assert download.notes()[2] == "Amount (£): not recorded"
        assert download.rows[2][1] in ("", None)


def test_text_is_neutralised_against_formulas_in_both_formats_and_the_block_too():
    table = TableDownload(LedgerTable(LEDGER), about=[("=cmd|'/c calc'!A0", ""), ("Scope", "+1")])
    csv = read_csv(table.csv().encode())
    assert csv.title == "'=cmd|'/c calc'!A0" and csv.about["Scope"] == "'+1"
    assert csv.rows[0][0] == "'=HYPERLINK(1)"
    xlsx = read_xlsx(table.xlsx())
    values = [xlsx.title, *xlsx.about.values(), *(v for row in xlsx.rows for v in row)]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_a_table_with_no_figure_to_miss_has_no_notes_column():
    class Names(tables.Table):
        name = tables.Column()

    assert TableDownload(Names([{"name": "A"}])).headings == ["Name"]


def test_a_sheet_is_named_within_the_spreadsheet_rules():
    assert (
        sheet_title("Savings: 2011/12 [draft] and a very long name")
        == "Savings  2011 12  draft  and a"
    )
    assert neutralise(-5) == -5


# --- Every list page's download --------------------------------------------------------


@pytest.fixture(scope="module")
def pages_world(django_db_setup, django_db_blocker):
    """Rows for every list page, some of every money column missing: a contract with no value
    and its renewal given in words, assets with no receipt, a savings line with no amounts and
    a programme of other years (with pence), a committee report, a scrutiny recommendation,
    and a forward plan entry with its decision. Made once for the module."""
    with rolled_back_afterwards(django_db_blocker):
        yield pages_records(build_world())


@pytest.fixture
def pages_data(pages_world, db):
    """The module's rows; each test's own changes are rolled back after it."""
    return pages_world


def pages_records(world):
    build(world)
    Contract.objects.create(
        authority=world.hf, reference="W-1", title="Respite care", provider_text="Various",
        renewal_text="Annually, by agreement", status="active",
    )  # fmt: skip
    tri = SavingsProgramme.objects.get(name="Tri-borough business case")
    SavingsLine.objects.create(
        programme=tri, description="Shared legal team", confidence="possible"
    )
    merton = SavingsProgramme.objects.create(
        authority=world.merton, name="Merton CSF savings", first_year=2016, last_year=2017
    )
    line = SavingsLine.objects.create(programme=merton, description="Transport", funding="GF")
    SavingsProfile.objects.create(
        line=line, authority=world.merton, year=2016, amount=Decimal("1250.50")
    )
    report = make_report(world.hf)
    CommitteeReport.objects.filter(pk=report.pk).update(status="published")
    meeting = make_meeting(world.hf)
    recommendation(meeting.committee, meeting)
    cabinet = Committee.objects.create(name="Cabinet", kind="cabinet", authority=world.hf)
    entry = make_entry(world, cabinet)
    entry.publish(None, on=dt.date(2011, 5, 20))
    make_notice(world, cabinet, entry).publish(None, on=dt.date(2011, 6, 22))
    return world


def page_routes() -> list[str]:
    return sorted(f"/{route}" for route in list_pages())


def shown_table(response) -> tuple[list[str], int]:
    """The headings of the table the page draws, and how many rows it draws."""
    drawn = response.context["table_html"]
    head, body = drawn.split("</thead>", 1)
    headings = []
    for cell in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', head, re.S):
        text = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", cell, flags=re.S)
        headings.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()))
    body = body.split("</tbody>", 1)[0]
    # The row saying the table is empty spans every column and is not a row of records.
    rows = body.count('<tr class="govuk-table__row">') - body.count("colspan=")
    return headings, rows


def money_headings(response) -> list[str]:
    """The headings of the page's money columns, from the table the page's view builds."""
    view = response.context["view"]
    table = view.get_table(**view.get_table_kwargs())
    return [str(b.header) for b in table.columns if isinstance(b.column, MoneyColumn)]


def test_every_list_page_is_checked():
    assert len(page_routes()) >= 6
    assert "/dashboards/savings/" in page_routes()


@pytest.mark.parametrize("route", page_routes())
def test_every_download_holds_every_column_the_page_shows_with_figures_as_numbers(
    pages_data, client, route
):
    client.force_login(pages_data.users["scrutiny"])
    page = client.get(route)
    assert page.status_code == 200
    headings, count = shown_table(page)
    money = money_headings(page)
    assert count > 0 and set(money) <= set(headings)
    title = page.context["view"].title
    csv = read_csv(client.get(route, {"_export": "csv"}).content)
    xlsx = read_xlsx(client.get(route, {"_export": "xlsx"}).content)
    for download in (csv, xlsx):
        assert download.headings[: len(headings)] == headings
        assert download.headings[len(headings) :] in ([], [NOTES])
        assert len(download.rows) == count
        assert download.title == title
        assert download.about["Rows"] == str(count)
        assert set(download.about) >= {"Scope", "Year", "Filters", "Downloaded", "Source"}
        assert route in download.about["Source"]
        assert not DASHES & {v for row in download.rows for v in row if isinstance(v, str)}
    for heading in money:
        assert "£" in heading
        shown = csv.column(heading)
        assert all(v == "" or PLAIN_NUMBER.fullmatch(v) for v in shown), shown
        index = xlsx.headings.index(heading)
        cells = [row[index] for row in xlsx.cells]
        held = [c for c in cells if c is not None and c.value is not None]
        assert held, f"{heading}: no figure to check"
        for cell in held:
            assert isinstance(cell.value, int | float)
            assert cell.number_format.startswith("£#,##0")
        assert [Decimal(v) if v else None for v in shown] == [
            Decimal(str(c.value)) if c is not None and c.value is not None else None for c in cells
        ]
    missing = 0
    for download in (csv, xlsx):
        for row, note in zip(download.rows, download.notes() if money else [], strict=False):
            for heading in money:
                if row[download.headings.index(heading)] in ("", None):
                    missing += 1
                    assert f"{heading}: " in note
    assert missing or not money, "every money column here has a missing figure to explain"


@pytest.mark.parametrize("route", page_routes())
@pytest.mark.parametrize("asked", ["pdf", "json", "xls"])
def test_a_format_the_page_does_not_offer_is_refused_saying_why(pages_data, client, route, asked):
    client.force_login(pages_data.users["scrutiny"])
    response = client.get(route, {"_export": asked})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with the download" in page
    assert f"“{asked}” is not a download this page offers: choose CSV or XLSX." in page
    assert response["Content-Type"].startswith("text/html")


def test_the_block_names_the_scope_year_and_filters_of_a_dashboard_table(pages_data, client):
    client.force_login(pages_data.users["scrutiny"])
    response = client.get(
        "/dashboards/contracts/", {"scope": "205", "year": "2012/13", "_export": "csv"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="contracts-205.csv"'
    download = read_csv(response.content)
    assert download.title == "Contracts register"
    assert download.about["Scope"] == "Hammersmith and Fulham"
    assert download.about["Year"].startswith("2012/13")
    assert "Basis" not in download.about
    filtered = read_csv(
        client.get("/dashboards/savings/", {"confidence": "possible", "_export": "csv"}).content
    )
    assert filtered.about["Filters"] == "Confidence: Possible"
    assert filtered.column("Description") == ["Shared legal team"]


def test_the_block_says_the_savings_basis_where_the_page_has_one(pages_data, client, monkeypatch):
    monkeypatch.setattr(
        SavingsLinesView, "basis", SimpleNamespace(label="As first agreed"), raising=False
    )
    client.force_login(pages_data.users["scrutiny"])
    download = read_csv(client.get("/dashboards/savings/", {"_export": "csv"}).content)
    assert download.about["Basis"] == "As first agreed"


def test_the_savings_lines_carry_their_amounts_per_year_on_the_page_and_in_the_download(
    pages_data, client
):
    client.force_login(pages_data.users["scrutiny"])
    page = client.get("/dashboards/savings/")
    headings, _rows = shown_table(page)
    assert headings[-2:] == ["2012/13 (£)", "2016/17 (£)"]
    assert "£1,250.50" in page.context["table_html"]
    download = read_xlsx(client.get("/dashboards/savings/", {"_export": "xlsx"}).content)
    by_line = dict(zip(download.column("Description"), download.rows, strict=True))
    by_note = dict(zip(download.column("Description"), download.notes(), strict=True))
    assert by_line["Single management team 0 0"][-3:-1] == [100000, None]
    assert by_note["Single management team 0 0"] == (
        "2016/17 (£): 2016/17 is outside the programme's years (2011/12 to 2014/15)"
    )
    assert by_note["Shared legal team"].startswith("2012/13 (£): no amount recorded for 2012/13")
    pence = download.cells[download.column("Description").index("Transport")][-2]
    assert (pence.value, pence.number_format) == (1250.5, "£#,##0.00;(£#,##0.00)")


def test_a_savings_download_sums_only_the_authorities_in_scope(pages_data, client):
    line = SavingsLine.objects.get(description="Single management team 0 0")
    SavingsProfile.objects.create(
        line=line, authority=pages_data.wcc, year=2012, amount=Decimal("50000")
    )
    client.force_login(pages_data.users["scrutiny"])

    def amounts(scope: str) -> dict[str, str]:
        query = {"scope": scope, "_export": "csv"}
        download = read_csv(client.get("/dashboards/savings/", query).content)
        assert download.headings[-2:] == ["2012/13 (£)", NOTES]
        return dict(
            zip(download.column("Description"), download.column("2012/13 (£)"), strict=True)
        )

    assert amounts("Tri-borough")["Single management team 0 0"] == "150000"
    assert amounts("205") == {"Single management team 0 0": "100000"}
    assert amounts("213") == {
        "Single management team 0 0": "50000",
        "Single management team 0 2": "100000",
    }


def test_a_contract_with_its_renewal_in_words_says_so(pages_data, client):
    client.force_login(pages_data.users["scrutiny"])
    download = read_csv(client.get("/dashboards/contracts/", {"_export": "csv"}).content)
    note = download.notes()[download.column("Reference").index("W-1")]
    assert note == (
        "Total value (£): no value recorded in the register; Start date: not recorded; "
        "End or renewal: given in words (Renewal as written)"
    )


def test_an_exempt_report_says_so_in_the_download(pages_data, client):
    make_report(
        pages_data.hf, number=2, title="Land sale", classification="exempt",
        exemption_paragraph="3",
    )  # fmt: skip
    client.force_login(pages_data.users["clerk"])
    download: Download = read_csv(client.get("/reports/", {"_export": "csv"}).content)
    assert "Land sale (exempt)" in download.column("Report")
