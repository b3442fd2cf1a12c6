"""The import's steps on their own: reading, parsing and planning, without the database.

These tests carry no ``django_db`` mark, so pytest-django refuses any query: a step that
asked the database something here would fail, which is what "checked in memory" means.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from childrens_services import formatting
from commissioning.columns import header_key
from commissioning.imports import register_limits
from commissioning.imports.parse import PARSERS, Columns, parse_row, parse_rows
from commissioning.imports.plan import TRACKED_FIELDS, Register, plan_row, provider_values
from commissioning.imports.read import (
    Deadline,
    ImportRefused,
    Limits,
    _within_limits,
    read_table,
)
from commissioning.models import Contract, ContractForecast, Provider
from governance.models import Authority
from tests.commissioning.helpers import HEADERS, csv_bytes, row, three_rows, xlsx_bytes

SMALL = Limits(
    upload_bytes=1024 * 1024,
    unpacked_bytes=10 * 1024 * 1024,
    xlsx_members=50,
    rows=3,
    columns=4,
    cell_chars=10,
    seconds=60,
)


def read(filename: str, content: bytes, limits: Limits | None = None):
    limits = limits or register_limits()
    return read_table(filename, content, limits, Deadline(limits.seconds), load_workbook)


# Reading: one shape for both formats.


def test_csv_and_xlsx_of_one_register_read_as_the_same_table():
    rows = three_rows()
    from_csv, from_xlsx = read("r.csv", csv_bytes(rows)), read("r.xlsx", xlsx_bytes(rows))
    assert from_csv.headers == from_xlsx.headers == HEADERS
    assert from_csv.lines == from_xlsx.lines == [2, 3, 4]
    assert [r[0] for r in from_csv.rows] == [r[0] for r in from_xlsx.rows]


def test_a_row_names_the_line_it_starts_on_past_blank_lines_and_multi_line_cells():
    content = b'Reference Number,Title\n\nCS-1,"two\nlines"\n\nCS-2,one line\n'
    table = read("r.csv", content)
    assert table.lines == [3, 6]
    assert table.rows == [["CS-1", "two\nlines"], ["CS-2", "one line"]]


@pytest.mark.parametrize("count", [3, 4])
def test_the_row_limit_counts_the_header_and_refuses_the_first_record_past_it(count):
    records = [(line, ["x"]) for line in range(1, count + 2)]
    if count <= SMALL.rows:
        kept, lines = _within_limits(iter(records), SMALL, Deadline(60))
        assert lines == list(range(1, count + 2))
    else:
        with pytest.raises(ImportRefused, match="more than 3 contracts"):
            _within_limits(iter(records), SMALL, Deadline(60))


def test_the_same_limits_refuse_a_wide_row_and_a_long_cell_in_either_format():
    wide = [row() | {"Extra": "x"}]
    for content, name in ((csv_bytes(wide), "r.csv"), (xlsx_bytes(wide), "r.xlsx")):
        limits = Limits(**{**SMALL.__dict__, "rows": 10, "cell_chars": 1000})
        with pytest.raises(ImportRefused, match="the limit is 4"):
            read(name, content, limits)
    limits = Limits(**{**SMALL.__dict__, "rows": 10, "columns": 100, "cell_chars": 20})
    with pytest.raises(ImportRefused, match="Line 2 has a cell of 21 characters"):
        read("r.csv", csv_bytes([{"Reference Number": "CS-1", "Title": "x" * 21}]), limits)


def test_the_clock_is_read_every_thousand_records():
    limits = Limits(**{**SMALL.__dict__, "rows": 5000})
    expired = Deadline(-1)
    _within_limits(((n, ["x"]) for n in range(999)), limits, expired)
    with pytest.raises(ImportRefused, match="longer than its limit"):
        _within_limits(((n, ["x"]) for n in range(1000)), limits, expired)


# Parsing: a row's cells to values, or the errors of its cells.


def columns_for(*headers: str) -> Columns:
    return Columns(list(headers), [header_key(h) for h in headers])


def test_money_is_parsed_by_the_one_parser_in_formatting():
    assert PARSERS["total_value"] is formatting.parse_money
    assert PARSERS["irrecoverable_vat"] is formatting.parse_money


def test_a_row_parses_to_typed_values_and_forecasts_by_year():
    columns = columns_for(
        "Reference Number", "Start Date", "Contract Value", "SME", "Forecast 2017/18", "Notes"
    )
    parsed, errors = parse_row(7, columns, [" CS-1 ", "06/06/2016", "£1,250", "Yes", "2,000", "x"])
    assert errors == []
    assert parsed.line == 7
    assert parsed.values == {
        "reference": "CS-1",
        "start_date": dt.date(2016, 6, 6),
        "total_value": Decimal("1250"),
        "sme": True,
    }
    assert parsed.forecasts == {2017: Decimal("2000")}


def test_every_bad_cell_of_a_row_is_named_by_its_header():
    columns = columns_for("Reference Number", "Title", "Start Date", "Contract Value")
    _parsed, errors = parse_row(4, columns, ["CS-1", "=HYPERLINK(1)", "soon", "lots"])
    assert [(e.line, e.column) for e in errors] == [
        (4, "Title"),
        (4, "Start Date"),
        (4, "Contract Value"),
    ]
    assert "formula" in errors[0].message


def test_rows_with_errors_are_left_out_and_blank_rows_skipped():
    table = read("r.csv", csv_bytes([row(), row(**{"Start Date": "soon"}), row(Title="Other")]))
    table.rows.insert(1, [None] * len(table.headers))
    table.lines.insert(1, 99)
    rows, errors = parse_rows(table, Columns.of(table))
    assert [r.line for r in rows] == [2, 4]
    assert [(e.line, e.column) for e in errors] == [(3, "Start Date")]


def test_the_columns_name_a_key_as_the_file_does_and_refuse_a_file_without_essentials():
    columns = columns_for("Contract Ref", "Supplier", "Title", "Our notes")
    assert columns.name("reference") == "Contract Ref"
    assert columns.name("end_date") == "End Date"
    assert columns.ignored == ["Our notes"]
    columns.check()
    with pytest.raises(ImportRefused, match="no column for: Supplier Name"):
        columns_for("Reference", "Title").check()


# Planning: a parsed row against the register, in memory.


HF = Authority(pk=1, name="Hammersmith and Fulham", short_name="H&F", dfe_code="205")
LOOKUP = {"authority": HF, "partnership": None}
COLUMNS = columns_for(*HEADERS, "Forecast 2017/18")


def parsed(**overrides):
    cells = row(**overrides)
    result, errors = parse_row(2, COLUMNS, [cells.get(h, "") for h in COLUMNS.headers])
    assert errors == []
    return result


def empty_register() -> Register:
    return Register(contracts={}, forecasts={}, providers={})


def test_a_registration_number_of_six_or_seven_digits_is_a_charitys():
    assert provider_values({"supplier_registration": "1 234 567"}) == {"charity_number": "1234567"}
    assert provider_values({"supplier_registration": "sc123456", "sme": False}) == {
        "companies_house_number": "SC123456",
        "is_sme": False,
    }
    assert provider_values({"sme": None}) == {}


def test_a_new_row_plans_a_contract_and_one_new_provider_shared_by_the_rows_naming_it():
    register = empty_register()
    first, errors = plan_row(parsed(), register, LOOKUP, COLUMNS)
    second, _ = plan_row(parsed(**{"Reference Number": "CS-2"}), register, LOOKUP, COLUMNS)
    assert errors == []
    assert (first.action, first.contract.pk, first.contract.total_value) == (
        "create",
        None,
        Decimal("1250000.00"),
    )
    assert first.provider is second.provider
    assert first.provider.companies_house_number == "01234567"
    assert first.contract.provider_text == "Eden Food Services Ltd"


def test_various_is_kept_as_text_and_creates_no_provider():
    planned, errors = plan_row(
        parsed(**{"Supplier Name": "Various"}), empty_register(), LOOKUP, COLUMNS
    )
    assert errors == []
    assert planned.provider is None
    assert (planned.provider_name, planned.contract.provider_text) == ("", "Various")


def test_a_row_without_reference_or_supplier_names_both_columns():
    row_ = parsed(**{"Reference Number": "", "Supplier Name": ""})
    planned, errors = plan_row(row_, empty_register(), LOOKUP, COLUMNS)
    assert planned is None
    assert [e.column for e in errors] == ["Reference Number", "Supplier Name"]


def test_a_bad_registration_number_is_named_in_its_column():
    row_ = parsed(**{"Supplier Registration Number": "ABC"})
    planned, errors = plan_row(row_, empty_register(), LOOKUP, COLUMNS)
    assert planned is None
    assert [e.column for e in errors] == ["Supplier Registration Number"]


def test_the_models_own_checks_are_named_by_column():
    row_ = parsed(**{"End Date": "01/01/2016", "Forecast 2017/18": "1,000,000,000,000,000"})
    planned, errors = plan_row(row_, empty_register(), LOOKUP, COLUMNS)
    assert planned is None
    assert [e.column for e in errors] == ["End Date", "Forecast 2017/18"]


def as_stored(record):
    """A record as the register reads it from the database (not one being added)."""
    record._state.adding = False
    return record


def stored_register() -> Register:
    provider = as_stored(
        Provider(pk=3, name="Eden Food Services Ltd", companies_house_number="", is_sme=True)
    )
    contract = as_stored(
        Contract(
            pk=5,
            reference="CS-001",
            version=1,
            provider=provider,
            **LOOKUP,
            **{key: value for key, value in parsed().values.items() if key in TRACKED_FIELDS},
        )
    )
    forecast = as_stored(
        ContractForecast(pk=9, contract=contract, financial_year=2017, amount=Decimal(5))
    )
    return Register(
        contracts={"CS-001": contract},
        forecasts={5: {2017: forecast}},
        providers={"EDEN FOOD SERVICES LTD": provider},
    )


def test_a_stored_contract_changes_only_in_what_differs_and_its_provider_is_only_filled_in():
    register = stored_register()
    planned, errors = plan_row(
        parsed(**{"Contract Value": "9", "Forecast 2017/18": "5"}), register, LOOKUP, COLUMNS
    )
    assert errors == []
    assert planned.action == "update"
    assert planned.changes == {
        "total_value": (Decimal("1250000.00"), Decimal("9")),
        "supplier companies house number": (None, "01234567"),
        "supplier VCSE": (None, False),
    }
    # The SME flag the provider has is kept (the row says No): an import never overwrites.
    assert planned.provider_fills == {"companies_house_number": "01234567", "is_vcse": False}
    assert planned.forecast_writes == []


def test_a_stored_contract_the_row_repeats_is_unchanged():
    register = stored_register()
    register.contracts["CS-001"].provider.companies_house_number = "01234567"
    register.contracts["CS-001"].provider.is_sme = False
    register.contracts["CS-001"].provider.is_vcse = False
    planned, errors = plan_row(parsed(**{"Forecast 2017/18": "5"}), register, LOOKUP, COLUMNS)
    assert errors == []
    assert (planned.action, planned.changes) == ("unchanged", {})


def test_a_changed_forecast_is_the_stored_one_with_its_new_amount():
    register = stored_register()
    stored = register.forecasts[5][2017]
    planned, errors = plan_row(parsed(**{"Forecast 2017/18": "7"}), register, LOOKUP, COLUMNS)
    assert errors == []
    assert planned.forecast_writes == [stored]
    assert (stored.pk, stored.amount) == (9, Decimal("7"))
    assert planned.changes["forecast 2017/18"] == (Decimal("5"), Decimal("7"))
