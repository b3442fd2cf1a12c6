"""Which authorities the pickers offer: each with a record of any kind the user may read,
from the one rule set (``permissions.authorities_with_records``), and none without."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childrens_services.permissions import OFFICER
from dashboards.pickers import scope_choices
from governance.models import Committee, Division
from savings.models import CapitalProgrammeLine, DivisionBudget, SavingsProgramme
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def savings_programme(authority):
    SavingsProgramme.objects.create(
        authority=authority, name="Savings programme", first_year=2011, last_year=2013
    )


def capital_line(authority):
    CapitalProgrammeLine.objects.create(
        authority=authority, category="Schools", year=2016, amount=Decimal("1000")
    )


def committee(authority):
    Committee.objects.create(authority=authority, name="Children's scrutiny", kind="scrutiny")


def division_budget(authority):
    division = Division.objects.create(authority=authority, name="Education")
    DivisionBudget.objects.create(
        division=division, year=2012, net_budget=Decimal("1"), fte=Decimal("1")
    )


@pytest.mark.parametrize("record", [savings_programme, capital_line, committee, division_budget])
def test_an_authority_with_one_record_of_any_kind_is_offered_to_whoever_reads_it(world, record):
    """Harrow's only records in the demo are a savings programme: it is offered, as it would
    be for a capital line, a committee or a division's budget alone. Merton, with none, is
    not; nor is Harrow to another borough's officer."""
    record(world.harrow)
    officer_harrow = make_user("officer_harrow", OFFICER, [world.harrow])
    for user in (world.users["scrutiny"], world.users["clerk"], world.users["admin"]):
        offered = scope_choices(user).authorities
        assert world.harrow in offered, user
        assert world.merton not in offered, user
    assert scope_choices(officer_harrow).authorities == [world.harrow]
    assert world.harrow not in scope_choices(world.users["officer_hf"]).authorities
    assert scope_choices(world.users["nobody"]).authorities == []


def test_an_authoritys_first_record_makes_it_a_choice_and_adds_its_years(world):
    """The pickers are kept per authority: Harrow's part, read when it had no record, is read
    again once it has one; the years its capital line has join the picker."""
    from dashboards.pickers import pickers

    scrutiny = world.users["scrutiny"]
    before = pickers(scrutiny)
    assert world.harrow not in before.choices.authorities
    assert 2016 not in before.years
    capital_line(world.harrow)
    after = pickers(scrutiny)
    assert world.harrow in after.choices.authorities
    assert 2016 in after.years
    assert after.with_figures[world.harrow.pk]["savings.CapitalProgrammeLine"] == {2016}


def test_an_edit_in_one_authority_reads_only_its_part_of_the_pickers(world, monkeypatch):
    from dashboards import pickers

    asked: list[list] = []
    read = pickers._parts

    def reading(user, owners):
        asked.append(sorted(owners))
        return read(user, owners)

    monkeypatch.setattr(pickers, "_parts", reading)
    scrutiny = world.users["scrutiny"]
    first = pickers.pickers(scrutiny)
    assert len(asked) == 1
    asked.clear()
    division_budget(world.rbkc)
    again = pickers.pickers(scrutiny)
    # RBKC's part and those of the partnerships it belongs to; nobody else's.
    assert asked == [[("authority", world.rbkc.pk), ("partnership", world.triborough.pk)]]
    assert world.rbkc in again.choices.authorities
    assert set(again.choices.authorities) - {world.rbkc} == set(first.choices.authorities) - {
        world.rbkc
    }
    assert 2012 in again.with_figures[world.rbkc.pk]["savings.DivisionBudget"]
