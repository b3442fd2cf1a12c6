"""Issue 15, finding 5, reproduced as written and now refused with a clear error.

Years outside 2000-2100, a year of 9999 in a dashboard's address, a deeply nested JSON body,
U+202E in a text field, full-width digits as money, and API errors that were not problem
details. Each bad input is refused, says why, and changes nothing.
"""

from __future__ import annotations

import json

import pytest
from django.forms import modelform_factory
from django.test import Client

from childrens_services.api.parsers import MAX_DEPTH
from childrens_services.financial_years import FIRST_YEAR, LAST_YEAR
from childrens_services.formatting import parse_money
from childrens_services.forms import VersionedModelForm
from commissioning.imports import import_contracts
from commissioning.models import Contract, Provider
from mandates.models import Mandate
from tests.api.helpers import client_for, etag_of, make_mandate
from tests.commissioning.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    return body


def contract(world, **values) -> dict:
    return {
        "authority": world.hf.pk,
        "reference": "X-1",
        "title": "Advocacy",
        "provider_text": "Various",
    } | values


# --- Years ---------------------------------------------------------------------------------


def test_an_end_year_of_32767_is_refused_by_the_api(world):
    body = {"authority": world.hf.pk, "title": "New", "start_year": 2011, "end_year": 32767}
    response = client_for(world.users["officer_hf"]).post("/api/v1/mandates/", body, format="json")
    errors = problem(response, 400)["errors"]
    assert "end_year" in errors
    assert not Mandate.objects.exists()


def test_patching_a_mandate_to_end_in_32767_changes_nothing(world):
    mandate = make_mandate(world.hf)
    response = client_for(world.users["officer_hf"]).patch(
        f"/api/v1/mandates/{mandate.pk}/",
        {"end_year": 32767},
        format="json",
        HTTP_IF_MATCH=etag_of(mandate),
    )
    assert "end_year" in problem(response, 400)["errors"]
    mandate.refresh_from_db()
    assert mandate.end_year == 2014


@pytest.mark.parametrize("year", [FIRST_YEAR - 1, LAST_YEAR + 1, 32767])
def test_every_year_field_names_the_range(world, year):
    mandate = Mandate(authority=world.hf, title="New", start_year=2011, end_year=year)
    with pytest.raises(Exception, match=f"from {FIRST_YEAR} to {LAST_YEAR}"):
        mandate.full_clean()


def test_the_range_itself_is_accepted(world):
    Mandate(authority=world.hf, title="New", start_year=FIRST_YEAR, end_year=LAST_YEAR).full_clean()


def test_a_forecast_for_a_year_out_of_range_is_a_bad_row_in_an_import(world):
    content = csv_bytes([row() | {"Forecast 2999/00": "100"}])
    plan = import_contracts(world.hf, "register.csv", content)
    assert not plan.ok
    assert any(f"from {FIRST_YEAR} to {LAST_YEAR}" in e.message for e in plan.errors), plan.errors
    assert not Contract.objects.exists()


# --- Page addresses ------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["9999", "32767", "９９９９", "2999/00", "1999"])
def test_a_dashboard_asked_for_year_9999_is_a_400_page_naming_the_problem(world, year):
    client = Client()
    client.force_login(world.users["officer_hf"])
    response = client.get("/dashboards/", {"year": year})
    assert response.status_code == 400
    assert "There is a problem with the year" in response.content.decode()
    assert "is not a financial year such as 2012/13" in response.content.decode()


def test_a_year_stored_before_the_range_was_enforced_lists_no_30000_years(world):
    """The finding as it happened: ``end_year`` 32767 stored, then ``?year=9999`` was a 500 and
    every dashboard drew a 30,000-entry year list."""
    from dashboards.pickers import pickers

    Mandate.objects.create(authority=world.hf, title="Old", start_year=2011, end_year=32767)
    client = Client()
    client.force_login(world.users["officer_hf"])
    assert client.get("/dashboards/", {"year": "9999"}).status_code == 400
    page = client.get("/dashboards/")
    assert page.status_code == 200
    years = pickers(world.users["officer_hf"]).years
    assert (min(years), max(years)) == (2011, LAST_YEAR)
    assert page.content.decode().count("<option") <= LAST_YEAR - FIRST_YEAR + 1 + 20


def test_benchmarks_asked_for_an_area_that_is_no_code_is_a_400_page(world):
    client = Client()
    client.force_login(world.users["officer_hf"])
    response = client.get("/benchmarks/", {"area": "2012/13"})
    assert response.status_code == 400
    assert "is not a local authority" in response.content.decode()


# --- Request bodies ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 2_000, 100_000])
def test_a_deeply_nested_json_body_is_a_400_problem(world, depth):
    body = '{"title": ' + "[" * depth + "]" * depth + "}"
    response = client_for(world.users["officer_hf"]).generic(
        "POST", "/api/v1/contracts/", body, content_type="application/json"
    )
    assert f"more than {MAX_DEPTH} levels" in problem(response, 400)["detail"]
    assert not Contract.objects.exists()


def test_a_body_at_the_depth_limit_is_parsed(world):
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    body = json.dumps(contract(world)).replace('"Advocacy"', nested)
    response = client_for(world.users["officer_hf"]).generic(
        "POST", "/api/v1/contracts/", body, content_type="application/json"
    )
    # Parsed, then refused as a title that is not text: a field error, not a depth error.
    assert "title" in problem(response, 400)["errors"]


# --- Direction controls --------------------------------------------------------------------


def test_u202e_in_a_title_is_refused_by_the_api_naming_the_character(world):
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/contracts/", contract(world, title=f"{RLO}live"), format="json"
    )
    messages = problem(response, 400)["errors"]["title"]
    assert "U+202E" in messages[0] and "Right-To-Left Override" in messages[0]
    assert not Contract.objects.exists()


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2069"])
def test_every_direction_control_is_refused_in_every_text_field(world, char):
    for field in ("title", "description", "reference", "provider_text"):
        values = contract(world) | {field: f"Ad{char}vocacy"}
        record = Contract(**{k: v for k, v in values.items() if k != "authority"})
        record.authority = world.hf
        with pytest.raises(Exception, match=f"U\\+{ord(char):04X}"):
            record.full_clean()


def test_u202e_is_refused_by_the_admin_form(world):
    form_class = modelform_factory(
        Provider, form=VersionedModelForm, fields=["name", "companies_house_number"]
    )
    form = form_class(data={"name": f"Eden{RLO} Food", "companies_house_number": ""})
    assert not form.is_valid()
    assert "U+202E" in form.errors["name"][0]


def test_u202e_in_an_imported_supplier_name_is_a_bad_row(world):
    content = csv_bytes([row(**{"Supplier Name": f"Eden {RLO}Food"})])
    plan = import_contracts(world.hf, "register.csv", content)
    assert [(e.line, e.column) for e in plan.errors] == [(2, "Supplier Name")]
    assert "U+202E" in plan.errors[0].message
    assert not Contract.objects.exists() and not Provider.objects.exists()


# --- Digits in money -----------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["１２３", "１,０００.００", "١٢٣"])
def test_full_width_digits_as_money_are_refused_by_the_api(world, amount):
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/contracts/", contract(world, total_value=amount), format="json"
    )
    assert "digits 0 to 9" in problem(response, 400)["errors"]["total_value"][0]
    assert not Contract.objects.exists()


def test_a_full_width_id_is_refused_in_a_related_field(world):
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/contracts/",
        contract(
            world,
            authority=str(world.hf.pk).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),
        ),
        format="json",
    )
    assert "authority" in problem(response, 400)["errors"]


def test_full_width_digits_as_money_are_refused_by_the_forms(world):
    form_class = modelform_factory(
        Contract,
        form=VersionedModelForm,
        fields=["authority", "reference", "title", "provider_text", "total_value"],
    )
    data = {
        "authority": world.hf.pk,
        "reference": "X",
        "title": "T",
        "provider_text": "Various",
        "total_value": "１２３",
    }
    form = form_class(data=data)
    assert not form.is_valid()
    assert "digits 0 to 9" in form.errors["total_value"][0]


@pytest.mark.parametrize("amount", ["１２３", "£１,０００", "٣٠٠"])
def test_full_width_digits_as_money_are_refused_by_the_one_money_parser(amount):
    with pytest.raises(ValueError, match="digits 0 to 9"):
        parse_money(amount)


def test_full_width_money_in_an_import_is_a_bad_row(world):
    content = csv_bytes([row(**{"Contract Value": "１２３"})])
    plan = import_contracts(world.hf, "register.csv", content)
    assert [(e.line, e.column) for e in plan.errors] == [(2, "Contract Value")]
    assert not Contract.objects.exists()


# --- Every API error is a problem ----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/api/v1/mandates/abc/", {}, 404),
        ("GET", "/api/v1/mandates/１/", {}, 404),
        ("GET", "/api/v1/no-such-resource/", {}, 404),
        ("GET", "/api/v1/mandates/a\nb/", {}, 404),
        ("DELETE", "/api/v1/no-such-resource/1/", {}, 404),
        ("GET", "/api/v1/mandates", {}, 404),
        ("GET", "/api/v1/", {}, 404),
        ("PUT", "/api/v1/mandates/", {}, 405),
        ("GET", "/api/v1/mandates/", {"HTTP_ACCEPT": "text/csv"}, 406),
        ("POST", "/api/v1/mandates/", {"CONTENT_TYPE": "text/plain"}, 415),
    ],
)
def test_every_api_error_is_a_problem(world, method, path, headers, status):
    client = client_for(world.users["officer_hf"])
    response = client.generic(method, path, "x", **headers)
    problem(response, status)


def test_the_catch_all_leaves_every_other_address_reversible(world):
    from django.urls import reverse

    assert reverse("home") == "/"
    assert reverse("api:mandate-list") == "/api/v1/mandates/"


def test_a_mistyped_address_says_what_was_meant(world):
    response = client_for(world.users["officer_hf"]).get("/api/v1/mandates")
    assert "/api/v1/mandates/" in problem(response, 404)["detail"]


@pytest.mark.parametrize("size", ["0", "-1", "x", "１０", "true", ""])
def test_a_page_size_that_is_not_a_whole_number_is_a_400_problem(world, size):
    response = client_for(world.users["officer_hf"]).get("/api/v1/contracts/", {"page_size": size})
    assert "page_size" in problem(response, 400)["errors"]


def test_a_page_size_over_the_maximum_is_capped(world):
    response = client_for(world.users["officer_hf"]).get("/api/v1/contracts/", {"page_size": 10**6})
    assert response.status_code == 200
