"""An edit in one authority redraws that authority's cached figures and the all-authorities
ones, and leaves every other authority's served from the cache (issue 20, item 2).

These tests take the production path: their transactions really commit (a transactional
test database, flushed afterwards) and a change is counted by the after-commit hook.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childrens_services import caching
from childrens_services.models import DataGeneration, q_matches
from childrens_services.permissions import KEPT, registered
from commissioning.models import Contract
from dashboards import figures
from governance.models import Division
from savings.models import SavingsLine, SavingsProfile, SavingsProgramme
from tests.dashboards.conftest import build
from tests.record_maker import RecordMaker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.on_commit]


def _generations() -> dict[int, int]:
    return dict(DataGeneration.objects.values_list("key", "number"))


def _moved(before: dict[int, int]) -> set[int]:
    """The generations that went up since ``before`` (a row made since counts)."""
    after = _generations()
    return {key for key, number in after.items() if number > before.get(key, 0)}


class Counted:
    """``compute`` functions for each scope, counting how often each is really computed."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def __call__(self, name: str):
        def compute():
            self.calls[name] = self.calls.get(name, 0) + 1
            return self.calls[name]

        return compute


def _ask(user, counted: Counted, scopes: dict[str, frozenset | None]) -> dict[str, int]:
    return {
        name: caching.cached_figures("test", user, (name,), counted(name), whose)
        for name, whose in scopes.items()
    }


def test_an_edit_in_one_authority_leaves_another_authoritys_figures_cached(world):
    scrutiny = world.users["scrutiny"]
    scopes = {"hf": frozenset({world.hf.pk}), "rbkc": frozenset({world.rbkc.pk}), "all": None}
    counted = Counted()
    first = _ask(scrutiny, counted, scopes)
    before = _generations()
    Division.objects.create(authority=world.hf, name="Early help")
    assert _moved(before) == {world.hf.pk}
    again = _ask(scrutiny, counted, scopes)
    assert again["rbkc"] == first["rbkc"]  # served from the cache
    assert again["hf"] == first["hf"] + 1
    assert again["all"] == first["all"] + 1


def test_a_shared_programme_edit_redraws_every_partner_and_no_one_else(world):
    programme = SavingsProgramme.objects.create(
        partnership=world.triborough, name="Tri-borough business case", first_year=2011,
        last_year=2014,
    )  # fmt: skip
    scopes = {a.short_name: frozenset({a.pk}) for a in (world.hf, world.rbkc, world.wcc)}
    scopes["Harrow"] = frozenset({world.harrow.pk})
    counted = Counted()
    first = _ask(world.users["scrutiny"], counted, scopes)
    before = _generations()
    SavingsLine.objects.create(programme=programme, description="Single management team")
    assert _moved(before) == {world.hf.pk, world.rbkc.pk, world.wcc.pk}
    again = _ask(world.users["scrutiny"], counted, scopes)
    for partner in ("H&F", "RBKC", "WCC"):
        assert again[partner] == first[partner] + 1
    assert again["Harrow"] == first["Harrow"]


def test_a_savings_cell_counts_against_its_authority_and_its_summary_rewrite_adds_nothing(world):
    """Saving a cell rewrites its programme's summary rows in the same transaction; those rows
    are derived data and must not count against everything (the shared generation)."""
    programme = SavingsProgramme.objects.create(
        authority=world.rbkc, name="RBKC savings", first_year=2011, last_year=2012
    )
    line = SavingsLine.objects.create(programme=programme, description="Transport")
    SavingsProfile.objects.create(line=line, authority=world.rbkc, year=2011, amount=100)
    before = _generations()
    cell = SavingsProfile.objects.get(line=line)
    cell.amount = 250
    cell.save()
    assert _moved(before) == {world.rbkc.pk}
    before = _generations()
    cell.delete()
    assert _moved(before) == {world.rbkc.pk}


def test_a_record_moved_between_authorities_redraws_both(world):
    contract = Contract.objects.create(
        authority=world.hf, reference="C-1", title="Fostering", provider_text="Various"
    )
    before = _generations()
    contract.authority = world.rbkc
    contract.save()
    assert _moved(before) == {world.hf.pk, world.rbkc.pk}


def test_a_moved_partnership_record_redraws_the_old_partners_too(world):
    contract = Contract.objects.create(
        partnership=world.triborough, reference="C-1", title="Adoption", provider_text="Various"
    )
    before = _generations()
    contract.partnership, contract.authority = None, world.harrow
    contract.save()
    assert _moved(before) == {world.hf.pk, world.rbkc.pk, world.wcc.pk, world.harrow.pk}


def test_a_deletion_and_its_cascade_count_against_the_owner_before_they_go(world):
    programme = SavingsProgramme.objects.create(
        authority=world.rbkc, name="RBKC savings", first_year=2011, last_year=2014
    )
    SavingsLine.objects.create(programme=programme, description="Back office")
    before = _generations()
    with CaptureQueriesContext(connection):
        programme.delete()  # and its line, through the cascade
    assert _moved(before) == {world.rbkc.pk}


def test_one_transaction_moves_each_generation_it_touched_once(world):
    before = _generations()
    with transaction.atomic():
        Division.objects.create(authority=world.hf, name="Early help")
        Division.objects.create(authority=world.hf, name="Social care")
        Division.objects.create(authority=world.rbkc, name="Social care")
        assert _generations() == before  # not until it commits
    after = _generations()
    assert after[world.hf.pk] == before.get(world.hf.pk, 0) + 1
    assert after[world.rbkc.pk] == before.get(world.rbkc.pk, 0) + 1
    assert _moved(before) == {world.hf.pk, world.rbkc.pk}


def test_a_rolled_back_change_moves_nothing(world):
    before = _generations()
    with pytest.raises(RuntimeError), transaction.atomic():
        Division.objects.create(authority=world.hf, name="Early help")
        raise RuntimeError("the officer cancelled")
    assert _generations() == before


def test_reference_data_and_bulk_writes_without_authorities_redraw_everything(world):
    scopes = {"hf": frozenset({world.hf.pk}), "rbkc": frozenset({world.rbkc.pk}), "all": None}
    counted = Counted()
    first = _ask(world.users["scrutiny"], counted, scopes)
    before = _generations()
    world.merton.name = "London Borough of Merton"
    world.merton.save()
    assert _moved(before) == {DataGeneration.SHARED}
    second = _ask(world.users["scrutiny"], counted, scopes)
    assert all(second[name] == first[name] + 1 for name in scopes)
    caching.records_changed()  # a bulk write that cannot say whose records it wrote
    third = _ask(world.users["scrutiny"], counted, scopes)
    assert all(third[name] == second[name] + 1 for name in scopes)
    caching.records_changed(authorities=[world.rbkc.pk])  # one that can
    fourth = _ask(world.users["scrutiny"], counted, scopes)
    assert fourth == {"hf": third["hf"], "rbkc": third["rbkc"] + 1, "all": third["all"] + 1}


def test_every_authority_that_reads_a_record_is_counted(world):
    """For a record of every kind the rule set keeps (a borough's own records and committee
    business), owned by an authority and by the partnership: each authority whose officers read
    it (``readable_by_q``, the declaration the lists use) is among those a change counts
    against, and an authority that does not is not."""
    maker = RecordMaker()
    authorities = [world.hf, world.rbkc, world.wcc, world.harrow, world.merton]
    for model in registered(*KEPT):
        for owner in (world.harrow, world.hf):
            record = maker.record(model, owner)
            counted = caching.authorities_of(record)
            assert counted, f"{model.__name__} counts against everything"
            readers = {a.pk for a in authorities if q_matches(model.readable_by_q([a.pk]), record)}
            assert readers <= counted, model.__name__
            if owner == world.harrow:
                assert world.rbkc.pk not in counted, model.__name__


@pytest.fixture
def dashboards(world):
    build(world)
    return world


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as asked:
        assert client.get(path).status_code == 200
    return len(asked.captured_queries)


@pytest.mark.parametrize("page", ["overview", "savings", "contracts"])
def test_another_authoritys_edit_leaves_a_dashboard_served_from_the_cache(dashboards, client,
                                                                          page):  # fmt: skip
    world = dashboards
    client.force_login(world.users["officer_rbkc"])
    path = reverse(f"dashboards:{page}") + "?scope=207&year=2012"
    _queries(client, path)
    cached = _queries(client, path)
    contract = Contract.objects.get(authority=world.hf, reference="C-0")
    contract.title = "Fostering framework (renewed)"
    contract.save()
    assert _queries(client, path) == cached
    contract = Contract.objects.get(authority=world.rbkc, reference="C-0")
    contract.title = "Fostering framework (renewed)"
    contract.save()
    assert _queries(client, path) > cached


def test_the_overview_of_the_edited_authority_and_of_all_are_drawn_again(dashboards, client,
                                                                         monkeypatch):  # fmt: skip
    world = dashboards
    drawn: list[str] = []
    draw = figures._overview

    def counting(user, scope, *args):
        drawn.append(scope.key)
        return draw(user, scope, *args)

    monkeypatch.setattr(figures, "_overview", counting)
    client.force_login(world.users["scrutiny"])
    paths = [reverse("dashboards:overview") + f"?scope={s}&year=2012" for s in ("205", "207", "")]
    for path in paths:
        client.get(path)
    drawn.clear()
    Contract.objects.get(authority=world.hf, reference="C-0").delete()
    for path in paths:
        assert client.get(path).status_code == 200
    assert sorted(drawn) == ["", "205"]


def test_an_officers_api_list_is_served_after_another_authoritys_edit(dashboards, client):
    world = dashboards
    client.force_login(world.users["officer_rbkc"])
    first = client.get("/api/v1/contracts/").json()
    cached = _queries(client, "/api/v1/contracts/")
    contract = Contract.objects.get(authority=world.hf, reference="C-0")
    contract.total_value = Decimal("600000")
    contract.save()
    assert _queries(client, "/api/v1/contracts/") == cached
    contract = Contract.objects.get(authority=world.rbkc, reference="C-0")
    contract.end_date = dt.date(2013, 3, 31)
    contract.save()
    assert _queries(client, "/api/v1/contracts/") > cached
    assert client.get("/api/v1/contracts/").json() != first
