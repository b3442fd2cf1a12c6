"""The H&F Mandate for Children's Services 2011 (seed 000) is loaded row for row.

The expected counts are those of the seed paper's own lists and tables (seed
``000_4ee6c19996feaa6d.txt``, "Hammersmith & Fulham Mandate for Children's Services 2011"):
the fixture is checked against them so that a row dropped in transcription fails here.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest

from governance import demo as governance_demo
from mandates import demo as mandates_demo
from mandates.models import Mandate, OfstedJudgement
from tests.conftest import rolled_back_afterwards

pytestmark = pytest.mark.django_db

#: Rows per section as printed in seed 000 (section number in the paper).
SEED_000 = {
    "key_facts": {"background": 8, "social_care": 3, "early_intervention": 4, "education": 9},
    "priorities": 9,  # 1.2.1 to 1.2.9
    "objectives": {"social_care": 6, "early_intervention": 4, "education": 6},  # 2.3-2.5
    "assets": {"realisation": 7, "change_of_use": 11, "office": 3},  # 5, 21 in all
    "performance_arrangements": 8,  # 7
    "success_measures": 11,  # 8, six themes with indicators
    "risks": 2,  # 9, the third bullet is "(To be developed further)"
    "milestones": {"Education": 4, "Family Support Programme": 7, "Health Integration": 1,
                   "Social Care": 4, "Other": 2},  # 10, cells split at each milestone
    "tri_borough_wide": 5,  # milestones marked (3BW)
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_mandates(django_db_setup, django_db_blocker):
    """Loaded once for the module (see ``rolled_back_afterwards``); each test's changes are
    rolled back after it."""
    with rolled_back_afterwards(django_db_blocker):
        governance_demo.load(io.StringIO())
        mandates_demo.load(io.StringIO())
        yield


@pytest.fixture
def mandate(seed_mandates, db) -> Mandate:
    return Mandate.objects.get(authority__dfe_code="205", start_year=2011)


def test_every_row_of_the_seed_mandate_is_loaded(mandate):
    assert Counter(mandate.key_facts.values_list("area", flat=True)) == SEED_000["key_facts"]
    assert mandate.priorities.count() == SEED_000["priorities"]
    assert Counter(mandate.objectives.values_list("area", flat=True)) == SEED_000["objectives"]
    assert Counter(mandate.assets.values_list("asset_list", flat=True)) == SEED_000["assets"]
    assert mandate.assets.count() == 21
    assert mandate.performance_arrangements.count() == SEED_000["performance_arrangements"]
    assert mandate.success_measures.count() == SEED_000["success_measures"]
    assert mandate.risks.count() == SEED_000["risks"]
    divisions = Counter(mandate.milestones.values_list("division__name", flat=True))
    assert divisions == SEED_000["milestones"]
    assert mandate.milestones.filter(scope="3BW").count() == SEED_000["tri_borough_wide"]


def test_the_mandate_covers_2011_12_to_2014_15(mandate):
    assert (mandate.start_year, mandate.end_year) == (2011, 2014)
    assert mandate.period_label == "2011/15"


def test_every_footnoted_key_fact_keeps_its_source_and_date(mandate):
    footnoted = mandate.key_facts.exclude(footnote=None)
    assert footnoted.count() == mandate.key_facts.count() - 3
    for fact in footnoted:
        assert fact.source, fact.label
        assert fact.as_at or fact.period or fact.source.startswith("DfE"), fact.label


def test_success_measures_keep_baseline_comparator_and_target(mandate):
    children_in_need = mandate.success_measures.get(
        indicator__startswith="Proportion of Children in Need"
    )
    assert children_in_need.comparator == "statistical_neighbours"
    assert children_in_need.baseline_value < children_in_need.comparator_value
    to_be_confirmed = mandate.success_measures.filter(target_kind="tbc")
    assert to_be_confirmed.count() == 3
    assert all(measure.target_value is None for measure in to_be_confirmed)


def test_loading_again_changes_nothing(mandate):
    history = mandate.history.count() + mandate.milestones.model.history.count()
    mandates_demo.load(io.StringIO())
    again = Mandate.objects.get(pk=mandate.pk)
    assert again.version == mandate.version
    assert again.history.count() + again.milestones.model.history.count() == history


def test_a_published_demo_mandate_is_left_alone_by_the_loader(mandate, django_user_model):
    administrator = django_user_model.objects.create_superuser("admin", password="x")
    mandate.approve(administrator)
    mandate.publish(administrator)
    published_version = Mandate.objects.get(pk=mandate.pk).version
    mandates_demo.load(io.StringIO())
    again = Mandate.objects.get(pk=mandate.pk)
    assert (again.status, again.version) == (Mandate.Status.PUBLISHED, published_version)


def test_mertons_statutory_responsibilities_and_service_challenges_are_loaded(mandate):
    merton = Mandate.objects.get(authority__dfe_code="315", start_year=2016)
    assert merton.period_label == "2016/17"
    # Seed 004: 14 bullets in 2.1; 5 in 2.28, 11 in 2.29 and 6 in 2.30.
    assert merton.statutory_responsibilities.count() == 14
    kinds = Counter(merton.service_challenges.values_list("kind", flat=True))
    assert kinds == {"department": 5, "service": 11, "review": 6}


def test_hf_ofsted_judgements_of_2016_keep_previous_and_new_outcomes(mandate):
    judgements = OfstedJudgement.objects.filter(authority__dfe_code="205")
    assert judgements.count() == 5  # seed 001, table after 4.2
    improved = judgements.filter(new_outcome="good").exclude(previous_outcome="good")
    assert sorted(improved.values_list("school", flat=True)) == [
        "Ark Swift Primary Academy",
        "Holy Cross Primary",
        "Sir John Lillie Primary",
    ]
    phoenix = judgements.get(school="Phoenix High School")
    assert (phoenix.new_outcome, phoenix.new_inspected) == ("", None)
    assert phoenix.movement == "Requires improvement to to be confirmed"
