"""Importing a contracts register: all or nothing, idempotent, every bad row named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childrens_services import caching
from commissioning.imports import (
    MAX_UPLOAD_BYTES,
    ImportRefused,
    apply_import,
    import_contracts,
    plan_import,
)
from commissioning.models import Contract, ContractForecast, Provider
from tests.api.helpers import client_for
from tests.commissioning.helpers import (
    HEADERS,
    csv_bytes,
    many_rows,
    row,
    three_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

NUMBER = "Supplier Registration Number"


def history_rows() -> int:
    return Contract.history.count() + Provider.history.count() + ContractForecast.history.count()


def test_a_valid_file_imports_every_row(world):
    rows = three_rows()
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert plan.ok, plan.errors
    assert plan.count("create") == len(rows)
    assert Contract.objects.filter(authority=world.hf).count() == len(rows)
    meals = Contract.objects.get(reference="CS-001")
    assert meals.total_value == Decimal("1250000.00")
    assert meals.start_date.isoformat() == "2016-06-06"
    assert meals.future_intention == "tri_borough"
    assert meals.provider.companies_house_number == "01234567"
    travel = Contract.objects.get(reference="CS-002")
    assert travel.future_intention == "renewal"
    assert travel.provider.is_vcse is True
    fostering = Contract.objects.get(reference="CS-003")
    assert fostering.provider is None
    assert fostering.provider_text == "Various Fostering Agencies"


def test_the_same_file_imported_again_changes_nothing(world):
    content = csv_bytes(three_rows())
    import_contracts(world.hf, "register.csv", content)
    contracts, providers, history = (
        Contract.objects.count(),
        Provider.objects.count(),
        history_rows(),
    )
    plan = import_contracts(world.hf, "register.csv", content)
    assert plan.count("unchanged") == len(three_rows())
    assert (Contract.objects.count(), Provider.objects.count()) == (contracts, providers)
    assert history_rows() == history


def test_a_reimport_reports_what_changed(world):
    import_contracts(world.hf, "register.csv", csv_bytes(three_rows()))
    rows = three_rows()
    rows[1]["Contract Value"] = "500,000"
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    changed = [r for r in plan.rows if r.action == "update"]
    assert [r.reference for r in changed] == ["CS-002"]
    assert changed[0].changes == {"total_value": (Decimal("450000.00"), Decimal("500000.00"))}
    assert Contract.objects.get(reference="CS-002").total_value == Decimal("500000")


def test_the_same_reference_in_another_authority_is_another_contract(world):
    content = csv_bytes(three_rows())
    import_contracts(world.hf, "register.csv", content)
    import_contracts(world.rbkc, "register.csv", content)
    assert Contract.objects.filter(reference="CS-001").count() == 2


@pytest.mark.parametrize(
    ("column", "bad", "reason"),
    [
        ("Start Date", "31/02/2016", "not a date"),
        ("Contract Value", "-5,000", "negative"),
        ("Future Intention", "Sell it", "not a known intention"),
        ("Supplier Name", "", "missing"),
    ],
)
def test_a_file_with_one_bad_row_imports_nothing_and_names_that_row(world, column, bad, reason):
    rows = three_rows()
    rows[1][column] = bad
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert not plan.ok
    assert [(e.line, e.column) for e in plan.errors] == [(3, column)]
    assert reason in plan.errors[0].message
    assert Contract.objects.count() == 0
    assert Provider.objects.count() == 0


def test_every_bad_row_is_listed_with_its_line(world):
    rows = three_rows()
    rows[0]["End Date"] = "tomorrow"
    rows[2]["Reference Number"] = ""
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert sorted(e.line for e in plan.errors) == [2, 4]
    assert Contract.objects.count() == 0


def test_headers_are_matched_regardless_of_case_spacing_and_synonyms(world):
    headers = ["contract reference", "TITLE", "Supplier", "value_of_contract", "end date"]
    values = {
        "contract reference": "X-1",
        "TITLE": "Play service",
        "Supplier": "Various Schools",
        "value_of_contract": "964,000",
        "end date": "31/03/2013",
    }
    plan = import_contracts(world.hf, "register.csv", csv_bytes([values], headers))
    assert plan.ok, plan.errors
    contract = Contract.objects.get(reference="X-1")
    assert (contract.total_value, contract.end_date.isoformat()) == (
        Decimal("964000"),
        "2013-03-31",
    )


def test_a_file_without_the_required_columns_is_refused(world):
    with pytest.raises(ImportRefused, match="Supplier Name"):
        plan_import(world.hf, "register.csv", csv_bytes([{"Reference Number": "A", "Title": "B"}]))


def test_an_xlsx_file_imports_with_real_dates_and_numbers(world):
    rows: list[dict[str, object]] = [dict(r) for r in three_rows()]
    rows[0]["Start Date"] = dt.datetime(2016, 6, 6)
    rows[0]["Contract Value"] = 1250000.5
    plan = import_contracts(world.hf, "register.xlsx", xlsx_bytes(rows))
    assert plan.ok, plan.errors
    assert Contract.objects.count() == len(rows)
    meals = Contract.objects.get(reference="CS-001")
    assert (meals.start_date, meals.total_value) == (dt.date(2016, 6, 6), Decimal("1250000.50"))


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("register.pdf", b"%PDF-1.4", "CSV or XLSX"),
        ("register.csv", b"", "empty"),
        ("register.csv", b"  \n", "empty"),
        ("register.xlsx", b"not a zip", "not a valid XLSX"),
        ("register.csv", b"\x00\x01\x02binary", "not a text CSV"),
        ("register.csv", ",".join(HEADERS).encode(), "no contracts"),
    ],
)
def test_files_that_are_not_a_register_are_refused(world, filename, content, message):
    with pytest.raises(ImportRefused, match=message):
        import_contracts(world.hf, filename, content)
    assert Contract.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(world):
    content = csv_bytes(three_rows()) + b" " * MAX_UPLOAD_BYTES
    with pytest.raises(ImportRefused, match="limit"):
        import_contracts(world.hf, "register.csv", content)
    assert Contract.objects.count() == 0


@pytest.mark.parametrize("formula", ["=SUM(A1:A3)", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"])
def test_a_formula_like_cell_in_a_csv_imports_nothing(world, formula):
    rows = three_rows()
    rows[2]["Title"] = formula
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert [(e.line, e.column) for e in plan.errors] == [(4, "Title")]
    assert "formula" in plan.errors[0].message
    assert Contract.objects.count() == 0


def test_a_formula_cell_in_an_xlsx_imports_nothing(world):
    rows: list[dict[str, object]] = [dict(r) for r in three_rows()]
    rows[0]["Contract Value"] = "=SUM(1,2)"
    plan = import_contracts(world.hf, "register.xlsx", xlsx_bytes(rows))
    assert [(e.line, e.column) for e in plan.errors] == [(2, "Contract Value")]
    assert Contract.objects.count() == 0


def test_a_repeated_reference_in_one_file_is_a_bad_row(world):
    rows = [row(), row(Title="Another")]
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert [e.line for e in plan.errors] == [3]
    assert Contract.objects.count() == 0


def test_a_dry_run_saves_nothing(world):
    plan = import_contracts(world.hf, "register.csv", csv_bytes(three_rows()), dry_run=True)
    assert plan.count("create") == len(three_rows())
    assert not plan.applied
    assert Contract.objects.count() == 0


def test_a_partnership_register_belongs_to_the_partnership(world):
    import_contracts(world.triborough, "register.csv", csv_bytes(three_rows()))
    assert Contract.objects.filter(partnership=world.triborough, authority=None).count() == 3


def test_errors_name_the_files_own_line_despite_blank_lines_and_wrapped_cells(world):
    rows = three_rows()
    rows[0]["Description"] = "Catering\nfor primary schools"
    rows[2]["Start Date"] = "someday"
    content = csv_bytes(rows).replace(b"\r\nCS-002", b"\r\n\r\nCS-002")
    plan = plan_import(world.hf, "register.csv", content)
    assert [(e.line, e.column) for e in plan.errors] == [(6, "Start Date")]


def test_blank_rows_in_an_xlsx_are_skipped(world):
    rows: list[dict[str, object]] = [dict(r) for r in three_rows()]
    rows.insert(1, dict.fromkeys(rows[0]))
    plan = import_contracts(world.hf, "register.xlsx", xlsx_bytes(rows))
    assert plan.ok, plan.errors
    assert [r.line for r in plan.rows] == [2, 4, 5]


def test_an_edit_between_preview_and_confirm_stops_the_whole_import(world):
    import_contracts(world.hf, "register.csv", csv_bytes(three_rows()))
    rows = three_rows()
    rows[0]["Contract Value"] = "1"
    rows[1]["Contract Value"] = "2"
    plan = plan_import(world.hf, "register.csv", csv_bytes(rows))
    edited = Contract.objects.get(reference="CS-002")
    edited.title = "Travel care and support"
    edited.save()
    with pytest.raises(ImportRefused, match="changed by someone else"):
        apply_import(plan)
    assert Contract.objects.get(reference="CS-001").total_value == Decimal("1250000")


def test_a_forecast_column_adds_forecast_spend_per_year(world):
    rows = three_rows()
    rows[0]["Forecast 2016/17"] = "£250,000"
    import_contracts(world.hf, "register.csv", csv_bytes(rows))
    meals = Contract.objects.get(reference="CS-001")
    assert [(f.financial_year, f.amount) for f in meals.forecasts.all()] == [
        (2016, Decimal("250000"))
    ]
    rows[0]["Forecast 2016/17"] = "260000"
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert plan.rows[0].changes == {"forecast 2016/17": (Decimal("250000"), Decimal("260000"))}
    meals.refresh_from_db()
    assert meals.version == 1


def test_an_import_fills_in_a_suppliers_number_but_never_overwrites_it(world):
    rows = three_rows()
    rows[1]["Supplier Registration Number"] = ""
    import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert Provider.objects.get(name="CT Plus").charity_number == ""
    rows[1]["Supplier Registration Number"] = "1123456"
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert plan.rows[1].changes == {"supplier charity number": (None, "1123456")}
    assert Provider.objects.get(name="CT Plus").charity_number == "1123456"
    rows[1]["Supplier Registration Number"] = "7654321"
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert plan.count("unchanged") == 3
    assert Provider.objects.get(name="CT Plus").charity_number == "1123456"


def imported_through_the_api(world, content: bytes) -> dict:
    """Import as officer_hf through the API, so simple-history sees a signed-in user."""
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/contracts/import/",
        {
            "authority": world.hf.pk,
            "file": SimpleUploadedFile("register.csv", content, content_type="text/csv"),
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_every_record_an_import_creates_has_its_history_row_with_who_and_why(world):
    imported_through_the_api(world, csv_bytes(many_rows(30)))
    officer = world.users["officer_hf"]
    for model, count in ((Contract, 30), (ContractForecast, 60), (Provider, 7)):
        assert model.objects.count() == count
        history = model.history.all()
        assert history.count() == count
        assert {(h.history_type, h.history_user, h.history_change_reason) for h in history} == {
            ("+", officer, "Imported from register.csv")
        }
        assert set(history.values_list("id", flat=True)) == set(
            model.objects.values_list("id", flat=True)
        )


def test_a_changed_row_goes_one_version_on_with_its_history_row_and_user(world):
    rows = many_rows(3)
    imported_through_the_api(world, csv_bytes(rows))
    rows[1]["Contract Value"] = "9999"
    rows[2]["Forecast 2017/18"] = "1"
    body = imported_through_the_api(world, csv_bytes(rows))
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 2, 1)
    officer = world.users["officer_hf"]
    valued = Contract.objects.get(reference="R-0002")
    assert (valued.total_value, valued.version) == (Decimal("9999"), 2)
    latest = valued.history.order_by("-history_date").first()
    assert (latest.history_type, latest.history_user, latest.version) == ("~", officer, 2)
    assert latest.total_value == Decimal("9999")
    forecast = ContractForecast.objects.get(contract__reference="R-0003", financial_year=2017)
    assert (forecast.amount, forecast.version) == (Decimal("1"), 2)
    assert forecast.history.filter(history_type="~", history_user=officer, amount=1).exists()
    assert Contract.objects.get(reference="R-0003").version == 1
    assert Contract.history.filter(history_type="~").count() == 1
    assert ContractForecast.history.filter(history_type="~").count() == 1


def test_one_bad_row_among_many_imports_nothing_and_is_named(world):
    rows = many_rows(200)
    rows[148]["End Date"] = "01/01/2016"
    rows[170]["Forecast 2017/18"] = "1,000,000,000,000,000"
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert [(e.line, e.column) for e in plan.errors] == [
        (150, "End Date"),
        (172, "Forecast 2017/18"),
    ]
    assert "before the start date" in plan.errors[0].message
    assert history_rows() == 0
    assert (Contract.objects.count(), ContractForecast.objects.count()) == (0, 0)
    assert Provider.objects.count() == 0


def queries_of_import(owner, rows: list[dict[str, str]]) -> dict[str, int]:
    """The statements an import sends, counted as inserts and everything else."""
    with CaptureQueriesContext(connection) as captured:
        plan = import_contracts(owner, "register.csv", csv_bytes(rows))
    assert plan.applied, plan.errors
    inserts = [q for q in captured.captured_queries if q["sql"].lstrip().startswith("INSERT")]
    return {"inserts": len(inserts), "others": len(captured.captured_queries) - len(inserts)}


def test_the_queries_of_an_import_do_not_grow_with_its_rows(world):
    # The first count ever makes the shared generation's row (two statements more); a flush by
    # an earlier transactional test may have removed it, so it is made before measuring.
    caching._bump()
    small, large = many_rows(20, "S"), many_rows(200, "L")
    created = queries_of_import(world.hf, small), queries_of_import(world.rbkc, large)
    # Reads, locks and updates are a fixed number per import. Inserts come in batches: on
    # Postgres one statement per table, on SQLite (999 values a statement at most) about 20
    # for the 1,200 rows and history rows of 200 contracts, never one per row.
    assert created[0]["others"] == created[1]["others"]
    assert created[1]["inserts"] < 40
    assert (
        queries_of_import(world.hf, small)
        == queries_of_import(world.rbkc, large)
        == {
            "inserts": 0,
            "others": queries_of_import(world.hf, small)["others"],
        }
    )
    for rows in (small, large):
        for values in rows:
            values["Contract Value"] = "1"
            values["Forecast 2016/17"] = "2"
    changed = queries_of_import(world.hf, small), queries_of_import(world.rbkc, large)
    assert changed[0]["others"] == changed[1]["others"]
    assert changed[1]["inserts"] < 40


def test_suppliers_are_matched_and_created_once_regardless_of_case(world):
    Provider.objects.create(name="CT Plus")
    rows = [
        row(**{"Reference Number": "A", "Supplier Name": "ct plus"}),
        row(**{"Reference Number": "B", "Supplier Name": "Acme Care Ltd"}),
        row(**{"Reference Number": "C", "Supplier Name": "ACME CARE LTD"}),
    ]
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert plan.ok, plan.errors
    assert sorted(Provider.objects.values_list("name", flat=True)) == ["Acme Care Ltd", "CT Plus"]
    suppliers = dict(Contract.objects.values_list("reference", "provider__name"))
    assert suppliers == {"A": "CT Plus", "B": "Acme Care Ltd", "C": "Acme Care Ltd"}


def test_the_first_row_to_fill_in_a_suppliers_number_wins(world):
    Provider.objects.create(name="CT Plus")
    rows = [
        row(**{"Reference Number": "A", "Supplier Name": "CT Plus", **{NUMBER: "1123456"}}),
        row(**{"Reference Number": "B", "Supplier Name": "CT Plus", **{NUMBER: "7654321"}}),
    ]
    plan = import_contracts(world.hf, "register.csv", csv_bytes(rows))
    assert plan.rows[0].provider_fills["charity_number"] == "1123456"
    assert plan.rows[1].provider_fills == {}
    provider = Provider.objects.get(name="CT Plus")
    assert (provider.charity_number, provider.version) == ("1123456", 2)
    assert provider.history.filter(history_type="~").count() == 1


def test_a_forecast_edited_between_preview_and_confirm_stops_the_whole_import(world):
    rows = many_rows(2)
    import_contracts(world.hf, "register.csv", csv_bytes(rows))
    rows[0]["Contract Value"] = "1"
    rows[1]["Forecast 2016/17"] = "5"
    plan = plan_import(world.hf, "register.csv", csv_bytes(rows))
    edited = ContractForecast.objects.get(contract__reference="R-0002", financial_year=2016)
    edited.amount = Decimal("7")
    edited.save()
    with pytest.raises(ImportRefused, match="changed by someone else"):
        apply_import(plan)
    assert Contract.objects.get(reference="R-0001").total_value == Decimal("5001")
    assert ContractForecast.objects.get(pk=edited.pk).amount == Decimal("7")


def test_a_contract_added_between_preview_and_confirm_stops_the_whole_import(world):
    plan = plan_import(world.hf, "register.csv", csv_bytes(many_rows(3)))
    Contract.objects.create(authority=world.hf, reference="R-0003", title="Added meanwhile")
    with pytest.raises(ImportRefused, match="added one of the file's contracts"):
        apply_import(plan)
    assert list(Contract.objects.values_list("reference", flat=True)) == ["R-0003"]
    assert Provider.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.on_commit
def test_an_import_that_writes_counts_once_for_the_cached_figures_and_one_that_does_not_never(
    world,
):
    content = csv_bytes(many_rows(30))
    before = caching.generation()
    import_contracts(world.hf, "register.csv", content)
    assert caching.generation() == before + 1
    import_contracts(world.hf, "register.csv", content)
    assert caching.generation() == before + 1
