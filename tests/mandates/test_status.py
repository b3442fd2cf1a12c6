"""RAG rules (computed without a database), and milestone due dates and overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from childrens_services.rag import AMBER_TOLERANCE, Rag
from mandates.models import Milestone
from mandates.status import rag, why_no_status

TARGET = Decimal("75")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (TARGET, Rag.GREEN),
        (TARGET + 1, Rag.GREEN),
        (TARGET - TARGET * AMBER_TOLERANCE, Rag.AMBER),
        (TARGET - TARGET * AMBER_TOLERANCE - Decimal("0.01"), Rag.RED),
    ],
)
def test_when_higher_is_better_meeting_the_target_is_green(actual, expected):
    assert rag(actual, polarity="higher", target_kind="value", target_value=TARGET) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (TARGET, Rag.GREEN),
        (TARGET - 1, Rag.GREEN),
        (TARGET + TARGET * AMBER_TOLERANCE, Rag.AMBER),
        (TARGET + TARGET * AMBER_TOLERANCE + Decimal("0.01"), Rag.RED),
    ],
)
def test_when_lower_is_better_staying_at_or_under_the_target_is_green(actual, expected):
    assert rag(actual, polarity="lower", target_kind="value", target_value=TARGET) == expected


def test_a_to_be_confirmed_target_has_no_status_however_good_the_actual():
    for polarity in ("higher", "lower"):
        assert rag(Decimal("100"), polarity=polarity, target_kind="tbc") is None


def test_no_actual_means_no_status():
    assert rag(None, polarity="higher", target_kind="value", target_value=TARGET) is None


def test_a_rate_lower_than_statistical_neighbours_is_green_only_when_strictly_lower():
    neighbours = Decimal("596.5")

    def status(actual):
        return rag(
            actual,
            polarity="lower",
            target_kind="better_than_comparator",
            comparator_value=neighbours,
        )

    assert status(Decimal("529.1")) == Rag.GREEN
    assert status(neighbours) == Rag.AMBER
    assert status(neighbours * (1 + AMBER_TOLERANCE) + 1) == Rag.RED


def test_a_comparator_target_without_a_comparator_value_has_no_status():
    assert rag(Decimal("74.9"), polarity="lower", target_kind="better_than_comparator") is None


def test_a_milestone_is_due_at_the_end_of_its_financial_quarter():
    assert Milestone(year=2012, quarter=1).due_date == dt.date(2012, 6, 30)
    assert Milestone(year=2012, quarter=4).due_date == dt.date(2013, 3, 31)


@pytest.mark.django_db
def test_a_milestone_past_its_due_date_is_overdue_unless_done():
    due = Milestone(year=2012, quarter=3).due_date
    after = due + dt.timedelta(days=1)
    assert Milestone(year=2012, quarter=3, status="on_track").is_overdue(after)
    assert not Milestone(year=2012, quarter=3, status="done").is_overdue(after)
    assert not Milestone(year=2012, quarter=3, status="on_track").is_overdue(due)
    assert not Milestone(year=None, quarter=3, status="on_track").is_overdue(after)


@pytest.mark.parametrize(
    ("actual", "judged", "reason"),
    [
        (None, {"target_kind": "value", "target_value": TARGET}, "no actual recorded"),
        (TARGET, {"target_kind": "value", "target_value": None}, "no target recorded"),
        (None, {"target_kind": "value", "target_value": None}, "no target recorded"),
        (TARGET, {"target_kind": "tbc"}, "target to be confirmed"),
        (
            TARGET,
            {"target_kind": "better_than_comparator", "comparator_value": None},
            "comparator not recorded",
        ),
        (
            None,
            {"target_kind": "better_than_comparator", "comparator_value": TARGET},
            ("no actual recorded"),
        ),
    ],
)
def test_with_no_target_or_no_actual_there_is_no_rag_and_the_reason_is_given(
    actual, judged, reason
):
    for polarity in ("higher", "lower"):
        assert rag(actual, polarity=polarity, **judged) is None, "never red, never green"
    assert why_no_status(actual, **judged) == reason


def test_a_measure_with_an_actual_and_a_target_has_a_status_and_no_reason():
    judged = {"target_kind": "value", "target_value": TARGET}
    assert why_no_status(Decimal("0"), **judged) == ""
    assert rag(Decimal("0"), polarity="higher", **judged) == Rag.RED, "a recorded zero counts"
