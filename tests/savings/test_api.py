"""Savings through the API: amounts per line × authority × year, totals computed from lines
(never typed), filters and ordering, and money that must be money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from savings.models import SavingsLine, SavingsProfile
from tests.api.helpers import client_for, etag_of, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world):
    """H&F's MTFS 2011/12 to 2013/14: a GF line in the MTFS and an additional DSG line."""
    programme = make_programme(world.hf)
    profiles = {
        ("Restructure", "in_mtfs", "GF"): (70, 340, 680),
        ("Schools traded services", "additional", "DSG"): (10, 20, 30),
    }
    for position, ((text, status, funding), amounts) in enumerate(profiles.items()):
        line = SavingsLine.objects.create(
            programme=programme,
            position=position,
            description=text,
            budget_status=status,
            funding=funding,
            confidence="assured",
        )
        for year, amount in zip((2011, 2012, 2013), amounts, strict=True):
            SavingsProfile.objects.create(
                line=line, authority=world.hf, year=year, amount=Decimal(amount) * 1000
            )
    return programme


def test_totals_are_computed_from_the_lines(world, programme):
    response = client_for(world.users["scrutiny"]).get(
        f"/api/v1/savings-programmes/{programme.pk}/totals/"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(y["label"], y["amount"]) for y in body["years"]] == [
        ("2011/12", "80000.00"),
        ("2012/13", "360000.00"),
        ("2013/14", "710000.00"),
    ]
    assert body["total"]["full_year"] == "710000.00"
    assert body["total"]["by_authority"] == [{"authority": "H&F", "amount": "710000.00"}]
    assert [row["full_year"] for row in body["rows"]] == ["680000.00", "30000.00"]
    assert body["split"] == {
        "mtfs": "680000.00",
        "additional_gross": "30000.00",
        "dsg_exclusion": "30000.00",
        "additional": "0.00",
    }


def test_a_changed_amount_changes_the_totals(world, programme):
    cell = SavingsProfile.objects.get(line__description="Restructure", year=2013)
    client = client_for(world.users["officer_hf"])
    response = client.patch(
        f"/api/v1/savings-profiles/{cell.pk}/",
        {"amount": "700000.00"},
        format="json",
        HTTP_IF_MATCH=etag_of(cell),
    )
    assert response.status_code == 200, response.content
    totals = client.get(f"/api/v1/savings-programmes/{programme.pk}/totals/").json()
    assert totals["total"]["full_year"] == "730000.00"


def test_totals_of_a_programme_one_may_not_see_are_404(world, programme):
    url = f"/api/v1/savings-programmes/{programme.pk}/totals/"
    assert client_for(world.users["officer_rbkc"]).get(url).status_code == 404
    assert client_for(world.users["nobody"]).get(url).status_code == 403


def test_amounts_filter_by_line_authority_and_year_and_order(world, programme):
    client = client_for(world.users["scrutiny"])
    line = SavingsLine.objects.get(description="Restructure")
    rows = client.get(
        f"/api/v1/savings-profiles/?line={line.pk}&authority={world.hf.pk}&ordering=-year"
    ).json()["results"]
    assert [(r["year"], r["amount"]) for r in rows] == [
        (2013, "680000.00"),
        (2012, "340000.00"),
        (2011, "70000.00"),
    ]
    by_year = client.get(f"/api/v1/savings-profiles/?line__programme={programme.pk}&year=2012")
    assert sorted(r["amount"] for r in by_year.json()["results"]) == ["20000.00", "340000.00"]
    lines = client.get("/api/v1/savings-lines/?funding=DSG").json()["results"]
    assert [r["description"] for r in lines] == ["Schools traded services"]
    assert client.get("/api/v1/savings-lines/?funding=XYZ").status_code == 400
    schools = client.get("/api/v1/savings-lines/?description=schools").json()["results"]
    assert [r["description"] for r in schools] == ["Schools traded services"]
    assert client.get("/api/v1/savings-profiles/?year=twenty").status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2011, "amount": "lots"}, "amount"),
        ({"year": 2011, "amount": "1.234"}, "amount"),
        ({"year": 2011, "amount": "1" * 20}, "amount"),
        ({"year": "2011/12", "amount": "1"}, "year"),
        ({"year": 2011, "amount": "1", "currency": "GBP"}, "currency"),
    ],
)
def test_bad_amounts_are_400_with_the_field_named(world, programme, body, field):
    line = SavingsLine.objects.get(description="Restructure")
    before = SavingsProfile.objects.count()
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/savings-profiles/",
        {"line": line.pk, "authority": world.hf.pk, **body},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert SavingsProfile.objects.count() == before


def test_an_invalid_confidence_is_refused(world, programme):
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/savings-lines/",
        {"programme": programme.pk, "description": "X", "confidence": "certain"},
        format="json",
    )
    assert response.status_code == 400
    assert "confidence" in response.json()["errors"]
    assert not SavingsLine.objects.filter(description="X").exists()
