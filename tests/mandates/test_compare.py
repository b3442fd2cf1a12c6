"""Comparing two versions of a mandate: per section, what was added, removed and changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from childrens_services import formatting
from mandates.compare import compare_mandates

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(published, world):
    """Next year's draft, with a success-measure target raised and a milestone removed."""
    draft = published.roll_forward(world.users["officer_hf"])
    measure = draft.success_measures.get()
    measure.target_value = measure.target_value + Decimal("5")
    measure.save()
    draft.milestones.order_by("quarter").last().delete()
    return draft


def section(differences, name):
    return next(d for d in differences if d.section == name)


def test_compare_lists_a_changed_target_and_a_removed_milestone(published, next_year):
    differences = compare_mandates(published, next_year)
    old_measure = published.success_measures.get()
    new_measure = next_year.success_measures.get()
    measures = section(differences, "Success measures")
    assert [change.row for change in measures.changed] == [new_measure.indicator]
    [target] = measures.changed[0].changes
    assert (target.field, target.old, target.new) == (
        "target value",
        formatting.count(old_measure.target_value),
        formatting.count(new_measure.target_value),
    ), "a target reads as the pages write figures"
    removed = set(published.milestones.values_list("text", flat=True)) - set(
        next_year.milestones.values_list("text", flat=True)
    )
    milestones = section(differences, "Milestones")
    assert milestones.removed == sorted(removed)
    assert not milestones.added
    assert section(differences, "Assets").is_empty


def test_the_mandates_own_changes_are_listed_first(published, next_year):
    mandate = compare_mandates(published, next_year)[0]
    fields = {change.field for change in mandate.changed[0].changes}
    assert {"title", "start year", "end year"} <= fields


def test_an_added_row_is_listed_as_added(published, next_year):
    next_year.risks.create(description="Rising demand for school places")
    assert section(compare_mandates(published, next_year), "Risks").added == [
        "Rising demand for school places"
    ]


def test_a_scrutiny_member_reads_the_comparison_page(published, next_year, world, login):
    client = login(world.users["scrutiny"])
    response = client.get(reverse("mandates:compare", args=[published.pk, next_year.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert next_year.success_measures.get().indicator in page
    assert "Removed" in page


def test_another_boroughs_officer_may_not_read_the_comparison(published, next_year, world, login):
    client = login(world.users["officer_rbkc"])
    response = client.get(reverse("mandates:compare", args=[published.pk, next_year.pk]))
    assert response.status_code == 404  # hidden, as every hidden page (issue 15)


def test_the_comparison_needs_a_signed_in_user(published, next_year, client):
    response = client.get(reverse("mandates:compare", args=[published.pk, next_year.pk]))
    assert response.status_code == 302
