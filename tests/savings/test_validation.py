"""Bad input is refused with a message on the field at fault, and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from savings.models import (
    ReportedFigure,
    RestructurePosition,
    SavingsProfile,
    SavingsTarget,
    StaffingRestructure,
)
from tests.savings.factories import line_for, programme_for

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_an_amount_with_more_than_two_decimal_places_is_refused(world):
    line = line_for(programme_for(world.hf))
    cell = SavingsProfile(line=line, authority=world.hf, year=2012, amount=Decimal("70.005"))
    assert "amount" in errors_of(cell)
    assert not SavingsProfile.objects.exists()


def test_a_year_outside_the_programmes_years_is_refused(world):
    line = line_for(programme_for(world.hf))
    cell = SavingsProfile(line=line, authority=world.hf, year=2016, amount=Decimal("70"))
    assert "outside the programme's years (2011/15)" in errors_of(cell)["year"][0]


def test_a_target_outside_the_programmes_years_is_refused(world):
    programme = programme_for(world.merton, first_year=2016, last_year=2019)
    target = SavingsTarget(programme=programme, year=2020, amount=Decimal("1"))
    assert "year" in errors_of(target)


def test_an_amount_for_an_authority_outside_the_programme_is_refused(world):
    line = line_for(programme_for(world.triborough))
    cell = SavingsProfile(line=line, authority=world.harrow, year=2012, amount=Decimal("1"))
    assert "authority" in errors_of(cell)
    ok = SavingsProfile(line=line, authority=world.rbkc, year=2012, amount=Decimal("1"))
    ok.full_clean()


def restructure_in(world) -> StaffingRestructure:
    programme = programme_for(world.triborough)
    return StaffingRestructure.objects.create(programme=programme, service="Finance")


def test_an_fte_below_zero_is_refused(world):
    position = RestructurePosition(
        restructure=restructure_in(world), authority=world.hf, starting_fte=Decimal("-1")
    )
    assert "starting_fte" in errors_of(position)


def test_a_closing_fte_above_the_starting_needs_a_note(world):
    position = RestructurePosition(
        restructure=restructure_in(world),
        authority=world.hf,
        starting_fte=Decimal("9"),
        closing_fte=Decimal("10"),
    )
    assert "needs a note" in errors_of(position)["closing_fte"][0]
    position.note = "The service takes on the RBKC business partners."
    position.full_clean()


def test_a_programme_needs_an_authority_or_a_partnership_but_not_both(world):
    programme = programme_for(world.hf)
    programme.partnership = world.triborough
    assert "authority" in errors_of(programme)


def test_a_programme_cannot_end_before_it_starts(world):
    programme = programme_for(world.hf)
    programme.last_year = 2010
    assert "last_year" in errors_of(programme)


def test_a_restructure_figure_must_say_which_measure_it_is(world):
    restructure = restructure_in(world)
    figure = ReportedFigure(
        partnership=world.triborough,
        kind=ReportedFigure.Kind.RESTRUCTURE,
        label="Finance total",
        restructure=restructure,
        value=Decimal("1"),
    )
    assert "measure" in errors_of(figure)
