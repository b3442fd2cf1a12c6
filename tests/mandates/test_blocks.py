"""The ``mandate`` live block and its sections on their own, from a small mandate's records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childrens_services import blocks
from governance.models import Division
from mandates import status
from mandates.models import KeyFact, Milestone

pytestmark = pytest.mark.django_db


def snapshot(name: str, params: dict) -> dict:
    block = blocks.get(name)
    return block.snapshot(block.clean(params))


def test_a_mandate_is_named_by_id_or_by_authority_and_start_year(hf_mandate):
    mandate = blocks.get("mandate")
    assert mandate.clean({"mandate": hf_mandate.pk}) == {"mandate": hf_mandate.pk}
    assert mandate.clean({"authority": "205", "start_year": 2011}) == {
        "authority": "205",
        "start_year": 2011,
    }
    with pytest.raises(ValidationError, match="Name an existing mandate"):
        mandate.clean({"authority": "205", "start_year": 1999})


def test_the_milestones_grid_has_a_row_per_division_and_a_cell_per_quarter(hf_mandate, world):
    social_care = Division.objects.create(authority=world.hf, name="Social Care")
    Milestone.objects.create(
        mandate=hf_mandate, division=social_care, year=2012, quarter=1, text="New Front Door"
    )
    Milestone.objects.create(
        mandate=hf_mandate, division=social_care, year=2012, quarter=1, text="Merge teams"
    )
    (grid,) = snapshot("milestones", {"mandate": hf_mandate.pk})["milestones"]
    assert grid["year"] == "2012-13"
    assert [row["division"] for row in grid["rows"]] == ["Education", "Social Care"]
    assert grid["rows"][0]["quarters"] == [["Integration (3BW)"], ["Begin procurement"], [], []]
    assert grid["rows"][1]["quarters"][0] == ["New Front Door", "Merge teams"]


def test_success_measures_carry_baseline_target_latest_actual_and_its_rag(hf_mandate):
    (theme,) = snapshot("success_measures", {"mandate": hf_mandate.pk})["success_measures"]
    (measure,) = theme["measures"]
    assert measure["baseline"] == "68.4% (2010)"
    assert measure["target"] == "75%"
    assert measure["latest"] == "70.8% (2011)"
    assert measure["rag"] == "Amber", "70.8 misses 75 by no more than 10% of the target"
    stored = hf_mandate.success_measures.get()
    assert measure["rag"] == status.measure_rag(stored).value.capitalize(), "the same rule"


def test_the_whole_mandate_is_frozen_data_with_every_section(hf_mandate):
    data = snapshot("mandate", {"mandate": hf_mandate.pk})
    assert data["priorities"] == [{"number": 1, "text": "Protect children"}]
    assert data["assets"][0]["rows"][0]["name"] == "Castle Club"
    assert data["savings"] is None, "no savings programme of H&F covers the period"
    assert data["procurement"]["rows"] == []
    assert data["risks"] == ["Economic downturn raises demand"]


def test_reading_a_mandate_takes_the_same_queries_whatever_its_size(
    hf_mandate, world, django_assert_max_num_queries
):
    division = Division.objects.get(authority=world.hf, name="Education")
    with django_assert_max_num_queries(30) as small:
        snapshot("mandate", {"mandate": hf_mandate.pk})
    for quarter in range(1, 5):
        for number in range(10):
            Milestone.objects.create(
                mandate=hf_mandate, division=division, year=2013, quarter=quarter, text=f"M{number}"
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        snapshot("mandate", {"mandate": hf_mandate.pk})


@pytest.mark.parametrize(
    ("value", "unit", "text", "shown"),
    [
        (Decimal("34853.00"), "children", "", "34,853"),
        (Decimal("32.60"), "%", "", "32.6%"),
        (Decimal("3.00"), "schools", "3 of 4", "3 of 4"),
    ],
)
def test_a_key_fact_is_shown_with_the_pages_number_format(value, unit, text, shown):
    """A count of 34,853 children reads as the pages write counts, not 34853."""
    assert KeyFact(value=value, unit=unit, value_text=text).display_value == shown


def test_ofsted_judgements_print_as_the_paper_reported_them_with_tbc_and_a_noted_name(world):
    import datetime as dt

    from mandates.models import OfstedJudgement

    paper = dt.date(2016, 6, 13)
    OfstedJudgement.objects.create(
        authority=world.hf, school="Ark Swift Primary Academy", reported_on=paper,
        previous_outcome="inadequate", previous_inspected=dt.date(2012, 10, 1),
        previous_note="As Canberra Primary School", new_outcome="good",
        new_inspected=dt.date(2016, 5, 1),
    )  # fmt: skip
    OfstedJudgement.objects.create(
        authority=world.hf, school="Phoenix High School", reported_on=paper,
        previous_outcome="requires_improvement", previous_inspected=dt.date(2013, 12, 1),
    )  # fmt: skip
    block = blocks.get("ofsted_judgements")
    params = block.clean({"authority": "205"})
    assert params == {"authority": "205", "reported_on": "2016-06-13"}, "the latest paper"
    data = block.context(block.snapshot(params))
    assert [(row["previous"], row["new"]) for row in data["rows"]] == [
        ("Inadequate (October 2012)*", "Good (May 2016)"),
        ("Requires improvement (December 2013)", "tbc"),
    ]
    assert data["notes"] == ["* As Canberra Primary School"]
    with pytest.raises(ValidationError, match="No Ofsted judgements of RBKC"):
        block.clean({"authority": "207"})
    with pytest.raises(ValidationError, match="as reported on 1 June 2016"):
        block.clean({"authority": "205", "reported_on": "2016-06-01"})
