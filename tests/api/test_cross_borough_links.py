"""Issue 15's findings 1, 3 and 4, reproduced as written and now refused.

Each related field of every write names only records the user may link to: another borough's
record answers exactly as a record that does not exist (400, naming nothing of theirs), the
permission is asked before any validation can quote another borough's data, and a page a user
may not see is a 404 like every other hidden page.
"""

from __future__ import annotations

import pytest

from commissioning.models import Provider
from mandates.models import Mandate
from savings.models import ReportedFigure, SavingsLine, StaffingRestructure
from tests.api.helpers import client_for, etag_of, make_contract, make_mandate, make_programme

pytestmark = pytest.mark.django_db

MISSING = 999_999


def _errors(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["errors"]


def test_a_reported_figure_cannot_name_another_boroughs_programme(world, login):
    """Finding 1: as officer_hf, a figure naming Harrow's programme was 201 and its total then
    showed on officer_hf's data-quality page."""
    harrow = make_programme(world.harrow, "Savings 2011-14")
    client = client_for(world.users["officer_hf"])
    body = {
        "authority": world.hf.pk,
        "kind": "programme_total",
        "label": "Probe",
        "programme": harrow.pk,
        "value": "-1259000",
    }
    hidden = client.post("/api/v1/reported-figures/", body, format="json")
    missing = client.post(
        "/api/v1/reported-figures/", {**body, "programme": MISSING}, format="json"
    )
    assert hidden.status_code == missing.status_code == 400
    assert _errors(hidden)["programme"] == [f'No record "{harrow.pk}" that you may link to.']
    assert _errors(missing)["programme"] == [f'No record "{MISSING}" that you may link to.']
    assert "Harrow" not in hidden.content.decode()
    assert not ReportedFigure.objects.exists()
    page = login(world.users["officer_hf"]).get("/savings/data-quality/")
    assert page.status_code == 200
    assert "Harrow" not in page.content.decode()


def test_a_mandate_cannot_be_rolled_from_another_boroughs_mandate(world):
    """Finding 1: PATCH previous_mandate to Merton's was 200 and Merton's roll-forward was
    then refused as "already rolled forward into Hammersmith & Fulham"."""
    own = make_mandate(world.hf)
    merton = make_mandate(world.merton, title="MERTON DRAFT 2011")
    client = client_for(world.users["officer_hf"])
    response = client.patch(
        f"/api/v1/mandates/{own.pk}/",
        {"previous_mandate": merton.pk},
        format="json",
        HTTP_IF_MATCH=etag_of(own),
    )
    assert response.status_code == 400
    assert _errors(response)["previous_mandate"] == [
        f'No record "{merton.pk}" that you may link to.'
    ]
    assert "MERTON" not in response.content.decode()
    own.refresh_from_db()
    assert own.previous_mandate_id is None
    assert not merton.next_mandates.exists()


def test_a_draft_cannot_point_at_another_boroughs_draft(world):
    """Finding 1: an H&F draft pointed at Harrow's draft made Harrow's own delete a 500."""
    harrow = make_mandate(world.harrow, 2012, title="HARROW DRAFT 2012")
    body = {
        "authority": world.hf.pk,
        "title": "New",
        "start_year": 2030,
        "end_year": 2031,
        "previous_mandate": harrow.pk,
    }
    response = client_for(world.users["officer_hf"]).post("/api/v1/mandates/", body, format="json")
    assert response.status_code == 400
    assert "HARROW" not in response.content.decode()
    deleted = client_for(world.users["admin"]).delete(
        f"/api/v1/mandates/{harrow.pk}/", HTTP_IF_MATCH=etag_of(harrow)
    )
    assert deleted.status_code == 204


@pytest.mark.parametrize(
    ("resource", "field"),
    [
        ("savings-lines", "basis_restructure"),
        ("reported-figures", "line"),
        ("reported-figures", "restructure"),
    ],
)
def test_savings_links_to_another_boroughs_records_are_refused(world, resource, field):
    """Finding 1: ``SavingsLine.basis_restructure``, ``line`` and ``restructure`` leaked."""
    own = make_programme(world.hf)
    harrow = make_programme(world.harrow)
    harrow_line = SavingsLine.objects.create(programme=harrow, description="Harrow line")
    harrow_restructure = StaffingRestructure.objects.create(programme=harrow, service="Harrow")
    target = harrow_line if field == "line" else harrow_restructure
    if resource == "savings-lines":
        body = {"programme": own.pk, "description": "Probe", field: target.pk}
    else:
        kind = "line_total" if field == "line" else "restructure"
        body = {"authority": world.hf.pk, "kind": kind, "label": "Probe", "value": "1"}
        body[field] = target.pk
    client = client_for(world.users["officer_hf"])
    response = client.post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 400
    assert _errors(response)[field] == [f'No record "{target.pk}" that you may link to.']
    assert "Harrow" not in response.content.decode()


def test_creating_for_another_borough_quotes_none_of_its_drafts(world):
    """Finding 3: POST /mandates/ for another borough answered 400 quoting its draft title."""
    make_mandate(world.harrow, 2011, title="HARROW DRAFT 2011")
    body = {"authority": world.harrow.pk, "title": "Probe", "start_year": 2011, "end_year": 2013}
    client = client_for(world.users["officer_hf"])
    response = client.post("/api/v1/mandates/", body, format="json")
    assert response.status_code == 400
    assert "HARROW" not in response.content.decode()
    assert "overlaps" not in response.content.decode()
    missing = client.post("/api/v1/mandates/", {**body, "authority": MISSING}, format="json")
    assert missing.status_code == 400
    assert _errors(response)["authority"] == [
        f'No record "{world.harrow.pk}" that you may link to.'
    ]
    assert Mandate.objects.filter(title="Probe").count() == 0


def test_a_record_seen_but_not_written_is_refused_before_validation(world):
    """Finding 3: a scrutiny member (who reads every mandate) posting an overlapping mandate is
    refused by the rule (403) before the overlap check can quote the rival's title."""
    make_mandate(world.harrow, 2011, title="HARROW DRAFT 2011")
    body = {"authority": world.harrow.pk, "title": "Probe", "start_year": 2011, "end_year": 2013}
    response = client_for(world.users["scrutiny"]).post("/api/v1/mandates/", body, format="json")
    assert response.status_code == 403
    assert "HARROW" not in response.content.decode()


def test_a_hidden_mandate_page_is_a_404_like_every_hidden_page(world, login):
    """Finding 3: /mandates/<hidden>/ answered 403 where other hidden pages answer 404."""
    hidden = make_mandate(world.harrow)
    client = login(world.users["officer_hf"])
    assert client.get(f"/mandates/{hidden.pk}/").status_code == 404
    assert client.get(f"/mandates/{MISSING}/").status_code == 404
    own = make_mandate(world.hf)
    assert client.get(f"/mandates/{own.pk}/").status_code == 200
    assert client.get(f"/mandates/compare/{own.pk}/{hidden.pk}/").status_code == 404


def _provider_used_by(*authorities) -> Provider:
    names = "+".join(a.short_name for a in authorities)
    provider = Provider.objects.create(name=f"Supplier of {names}")
    for authority in authorities:
        make_contract(authority, provider=provider)
    return provider


def test_a_supplier_used_by_another_borough_is_changed_only_by_administrators(world):
    """Finding 4: officer_hf renamed a supplier only Merton uses."""
    merton_only = _provider_used_by(world.merton)
    shared = Provider.objects.create(name="Shared supplier")
    make_contract(world.hf, provider=shared)
    make_contract(world.merton, provider=shared)
    officer = client_for(world.users["officer_hf"])
    for provider in (merton_only, shared):
        response = officer.patch(
            f"/api/v1/providers/{provider.pk}/",
            {"name": "Renamed"},
            format="json",
            HTTP_IF_MATCH=etag_of(provider),
        )
        assert response.status_code == 403
        provider.refresh_from_db()
        assert provider.name != "Renamed"
    response = client_for(world.users["admin"]).patch(
        f"/api/v1/providers/{shared.pk}/",
        {"name": "Renamed by an administrator"},
        format="json",
        HTTP_IF_MATCH=etag_of(shared),
    )
    assert response.status_code == 200


def test_an_officer_adds_suppliers_and_corrects_those_only_their_contracts_use(world):
    own = _provider_used_by(world.hf)
    unused = Provider.objects.create(name="Not yet used")
    officer = client_for(world.users["officer_hf"])
    for provider in (own, unused):
        response = officer.patch(
            f"/api/v1/providers/{provider.pk}/",
            {"is_sme": True},
            format="json",
            HTTP_IF_MATCH=etag_of(provider),
        )
        assert response.status_code == 200, response.json()
    created = officer.post("/api/v1/providers/", {"name": "New supplier"}, format="json")
    assert created.status_code == 201
    assert not world.users["officer_hf"].has_perm("commissioning.delete_provider", own)


def test_rule_and_list_agree_for_suppliers(world):
    from childrens_services.permissions import restrict

    own, other = _provider_used_by(world.hf), _provider_used_by(world.merton)
    user = world.users["officer_hf"]
    changeable = set(restrict(user, Provider.objects.all(), "change"))
    assert own in changeable and other not in changeable
    assert user.has_perm("commissioning.change_provider", own)
    assert not user.has_perm("commissioning.change_provider", other)


def test_filtering_by_a_hidden_record_answers_as_by_a_missing_one(world):
    """``?programme=<Harrow's>`` would otherwise be an empty 200 where a missing id is a 400,
    telling an officer which ids exist in other boroughs."""
    harrow = make_programme(world.harrow)
    client = client_for(world.users["officer_hf"])
    hidden = client.get("/api/v1/savings-lines/", {"programme": harrow.pk})
    missing = client.get("/api/v1/savings-lines/", {"programme": MISSING})
    assert hidden.status_code == missing.status_code == 400
    own = make_programme(world.hf)
    assert client.get("/api/v1/savings-lines/", {"programme": own.pk}).status_code == 200
    # A filter made from ``filterset_fields`` answers the same way.
    line = SavingsLine.objects.create(programme=harrow, description="Harrow line")
    hidden = client.get("/api/v1/savings-profiles/", {"line": line.pk})
    missing = client.get("/api/v1/savings-profiles/", {"line": MISSING})
    assert hidden.status_code == missing.status_code == 400
