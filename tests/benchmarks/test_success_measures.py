"""A success measure linked to a LAIT measure: "lower than statistical neighbours" from data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from benchmarks.imports import import_measures, import_values
from benchmarks.models import Measure, SuccessMeasureBenchmark
from benchmarks.targets import evaluate
from mandates.models import Mandate, SuccessMeasure
from tests.benchmarks.test_comparisons import HF_NEIGHBOURS_2025
from tests.permission_matrix import assert_matrix


@pytest.fixture
def linked(world, reference, measures_file, values_file):
    """H&F's success measure "rate lower than statistical neighbours", linked to CPPlans2yrs."""
    _, models = reference
    import_measures(measures_file)

    def link(hf_value: str, neighbour_value: str = "10") -> SuccessMeasureBenchmark:
        rows = [("CPPlans2yrs", "2025", code, neighbour_value) for code in HF_NEIGHBOURS_2025]
        rows.append(("CPPlans2yrs", "2025", "205", hf_value))
        import_values(values_file(rows, f"values-{hf_value}.csv"))
        mandate = Mandate.objects.create(
            authority=world.hf, title="H&F Mandate 2011", start_year=2011, end_year=2014
        )
        success_measure = SuccessMeasure.objects.create(
            mandate=mandate,
            theme="Fewer long child protection plans",
            indicator="Child protection plans lasting two years or more",
            unit="percent",
            polarity="lower",
            comparator="statistical_neighbours",
            target_kind="better_than_comparator",
            target_text="Rate to be lower than the average rate for statistical neighbours",
        )
        return SuccessMeasureBenchmark.objects.create(
            success_measure=success_measure,
            measure=Measure.objects.get(short_name="CPPlans2yrs"),
            neighbour_model=models[2025],
        )

    return link


def test_lower_than_the_neighbour_average_turns_green(linked):
    evaluation = evaluate(linked(hf_value="6"))
    assert evaluation.rag == "green"
    assert evaluation.comparison.neighbours_mean == Decimal("10")
    assert evaluation.comparison.value == Decimal("6")


def test_well_above_the_neighbour_average_turns_red(linked):
    evaluation = evaluate(linked(hf_value="14"))
    assert evaluation.rag == "red"
    assert evaluation.comparison.neighbours_with_value == 10


def test_no_published_value_gives_no_status(linked):
    evaluation = evaluate(linked(hf_value="c"))
    assert evaluation.rag is None
    assert evaluation.comparison.marker == "c"


def test_only_officers_of_the_mandates_authority_change_the_link(world, linked):
    hf_link = linked(hf_value="6")
    other_mandate = Mandate.objects.create(
        authority=world.rbkc, title="RBKC Mandate", start_year=2011, end_year=2014
    )
    other_measure = SuccessMeasure.objects.create(
        mandate=other_mandate, theme="t", indicator="i", polarity="lower",
        target_kind="better_than_comparator",
    )  # fmt: skip
    rbkc_link = SuccessMeasureBenchmark.objects.create(
        success_measure=other_measure,
        measure=hf_link.measure,
        neighbour_model=hf_link.neighbour_model,
    )
    everything = {"view", "add", "change", "delete"}
    read = {"view"}
    own = {"officer_hf": hf_link, "officer_rbkc": rbkc_link, "scrutiny": hf_link, "admin": hf_link}
    other = {"officer_hf": rbkc_link, "officer_rbkc": hf_link, "scrutiny": rbkc_link,
             "admin": rbkc_link}  # fmt: skip
    expected = {
        "officer_hf": {"own": everything, "other": set()},
        "officer_rbkc": {"own": everything, "other": set()},
        "scrutiny": {"own": read, "other": read},
        "admin": {"own": everything, "other": everything},
    }
    assert_matrix(SuccessMeasureBenchmark, world.users, own, other, expected)


def test_the_authority_page_shows_the_status_beside_the_neighbour_average(world, linked, client):
    link = linked(hf_value="6")
    client.force_login(world.users["scrutiny"])
    response = client.get(reverse("benchmarks:authority", args=["205"]))
    [(shown, evaluation)] = response.context["targets"]
    assert shown == link
    assert evaluation.rag == "green"
    page = response.content.decode()
    assert "govuk-tag--green" in page
    assert link.success_measure.target_text in page
