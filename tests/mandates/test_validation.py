"""Bad input is refused with a message on the field at fault, and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mandates.models import Mandate, Milestone, OfstedJudgement, SuccessMeasure

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_a_milestone_quarter_outside_q1_to_q4_is_refused(hf_mandate):
    division = hf_mandate.milestones.first().division
    before = Milestone.objects.count()
    for quarter in (0, 5):
        milestone = Milestone(
            mandate=hf_mandate, division=division, year=2012, quarter=quarter, text="Go live"
        )
        assert "quarter" in errors_of(milestone)
    assert Milestone.objects.count() == before


def test_a_milestone_of_another_authoritys_division_is_refused(hf_mandate, rbkc_mandate):
    division = rbkc_mandate.milestones.first().division
    milestone = Milestone(mandate=hf_mandate, division=division, year=2012, quarter=1, text="X")
    assert "division" in errors_of(milestone)


def test_a_success_measure_with_a_baseline_but_no_unit_is_refused(hf_mandate):
    measure = SuccessMeasure(
        mandate=hf_mandate,
        theme="Reduce convictions",
        indicator="Sentenced to custody",
        polarity="lower",
        baseline_value=Decimal("8.9"),
        target_kind="value",
        target_value=Decimal("5"),
    )
    errors = errors_of(measure)
    assert list(errors) == ["unit"]
    assert "needs a unit" in errors["unit"][0]


def test_a_mandate_period_overlapping_another_of_the_same_authority_is_refused(hf_mandate, world):
    rival = Mandate(
        authority=world.hf,
        title="A second plan",
        start_year=hf_mandate.end_year,
        end_year=hf_mandate.end_year + 2,
    )
    errors = errors_of(rival)
    assert "start_year" in errors
    assert hf_mandate.title in errors["start_year"][0]
    assert Mandate.objects.filter(authority=world.hf).count() == 1


def test_another_authority_may_plan_for_the_same_years(hf_mandate, world):
    other = Mandate(
        authority=world.wcc,
        title="WCC mandate",
        start_year=hf_mandate.start_year,
        end_year=hf_mandate.end_year,
    )
    other.full_clean()


def test_a_period_that_ends_before_it_starts_is_refused(world):
    mandate = Mandate(authority=world.hf, title="Backwards", start_year=2014, end_year=2011)
    assert "end_year" in errors_of(mandate)


def test_a_new_ofsted_outcome_needs_the_month_it_was_given(world):
    judgement = OfstedJudgement(
        authority=world.hf,
        school="Holy Cross Primary",
        previous_outcome="requires_improvement",
        previous_inspected=dt.date(2013, 10, 1),
        new_outcome="good",
        reported_on=dt.date(2016, 6, 13),
    )
    assert "new_inspected" in errors_of(judgement)
    judgement.new_inspected = dt.date(2012, 1, 1)
    assert "new_inspected" in errors_of(judgement)
