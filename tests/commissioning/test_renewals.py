"""The renewals pipeline: the database's rules, on chosen dates and on the seed 000 register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning import demo
from commissioning.models import Contract
from commissioning.renewals import (
    add_months,
    due_for_renewal_in,
    joint_procurement_candidates_in,
    overdue_without_decision_in,
)
from governance import demo as governance_demo

ON = dt.date(2012, 9, 1)


class _Null:
    def write(self, text: str) -> None:
        pass


@pytest.fixture
def make(world):
    """A contract of H&F named ``title``, renewing on ``renewal`` (its end date)."""

    def make(title, renewal, *, status="active", decision="", intention=""):
        return Contract.objects.create(
            authority=world.hf, reference=title, title=title, provider_text="Various",
            end_date=renewal, status=status, renewal_decision=decision,
            future_intention=intention,
        )  # fmt: skip

    return make


def titles(contracts) -> list[str]:
    return [c.title for c in contracts]


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(dt.date(2012, 1, 31), 1) == dt.date(2012, 2, 29)
    assert add_months(dt.date(2012, 9, 1), 6) == dt.date(2013, 3, 1)


@pytest.mark.django_db
def test_contracts_due_in_the_window_are_listed_soonest_first(make):
    make("after", dt.date(2013, 3, 2))
    make("last day", dt.date(2013, 3, 1))
    make("first day", ON)
    make("past", dt.date(2012, 8, 31))
    make("no date", None)
    make("ended", dt.date(2012, 10, 1), status="ended")
    due = due_for_renewal_in(Contract.objects.all(), ON, 6)
    assert titles(due) == ["first day", "last day"]


@pytest.mark.django_db
def test_contracts_past_renewal_without_a_decision_are_flagged(make):
    make("undecided", dt.date(2012, 3, 31))
    make("blank decision", dt.date(2012, 3, 30), decision="  ")
    make("decided", dt.date(2012, 3, 31), decision="Extend to 2013")
    make("future", dt.date(2013, 3, 31))
    overdue = overdue_without_decision_in(Contract.objects.all(), ON)
    assert titles(overdue) == ["blank decision", "undecided"]


@pytest.mark.django_db
def test_potential_tri_borough_contracts_are_joint_procurement_candidates(make):
    make("joint", None, intention="tri_borough")
    make("closed", None, intention="tri_borough", status="cancelled")
    make("renew", None, intention="renewal")
    assert titles(joint_procurement_candidates_in(Contract.objects.all())) == ["joint"]


@pytest.mark.django_db
def test_the_seed_register_gives_the_renewals_due_by_march_2013(world):
    governance_demo.load(stdout=_Null())
    demo.load(stdout=_Null())
    contracts = Contract.objects.filter(authority__dfe_code="205")
    expected = sorted(
        (c for c in contracts if c.end_date and ON <= c.end_date <= dt.date(2013, 3, 1)),
        key=lambda c: c.end_date,
    )
    due = list(due_for_renewal_in(contracts, ON, 6))
    assert due == expected
    assert [c.renewal_date.isoformat() for c in due] == [
        "2012-09-30",
        "2012-11-04",
        "2013-02-14",
        "2013-02-28",
    ]
    overdue = list(overdue_without_decision_in(contracts, ON))
    assert [c.provider.name for c in overdue] == ["CfBT Education Trust"]
    overdue[0].record_renewal_decision("Tri-borough Connexions contract", ON)
    assert list(overdue_without_decision_in(Contract.objects.all(), ON)) == []


DAYS = [None, dt.date(2012, 3, 31), ON, dt.date(2012, 12, 1), dt.date(2013, 3, 1),
        dt.date(2013, 3, 2)]  # fmt: skip


@pytest.fixture
def every_kind_of_dates(world):
    """A contract for each end date, review date, status and decision among ``DAYS``."""
    n = 0
    for end in DAYS:
        for review in DAYS:
            for status in ("active", "planned", "ended"):
                for decision in ("", "  ", "Extend to 2014"):
                    n += 1
                    Contract.objects.create(
                        authority=world.hf, reference=f"R{n:03d}", title=f"Contract {n}",
                        provider_text="Various", end_date=end, review_date=review,
                        status=status, renewal_decision=decision,
                        future_intention="tri_borough" if n % 4 == 0 else "",
                    )  # fmt: skip
    return list(Contract.objects.all())


def _earlier(contract: Contract) -> dt.date | None:
    """The rule in words, to check the database by: the earlier of the review and end dates."""
    dates = [d for d in (contract.review_date, contract.end_date) if d is not None]
    return min(dates) if dates else None


@pytest.mark.django_db
def test_the_renewal_date_is_the_earlier_of_review_and_end(every_kind_of_dates):
    annotated = {c.pk: c for c in Contract.objects.with_renewal()}
    with CaptureQueriesContext(connection) as read:
        for contract in annotated.values():
            assert contract.renewal_date == _earlier(contract)
    assert len(read) == 0  # read back from the annotation, not asked again
    for contract in every_kind_of_dates:  # read without the annotation: asked of the database
        assert contract.renewal_date == _earlier(contract)
    unsaved = Contract(review_date=dt.date(2013, 1, 1), end_date=dt.date(2012, 12, 1))
    assert unsaved.renewal_date == dt.date(2012, 12, 1)


@pytest.mark.django_db
def test_the_pipeline_on_every_kind_of_dates(every_kind_of_dates):
    """The same contracts, in the same order, as the rules in words give."""
    every = every_kind_of_dates
    is_open = {c.pk: c.status in ("active", "planned") for c in every}

    def in_order(contracts):
        return [c.pk for c in sorted(contracts, key=lambda c: (_earlier(c), c.reference, c.pk))]

    for months in (1, 6, 12):
        until = add_months(ON, months)
        expected = in_order(
            c for c in every if is_open[c.pk] and _earlier(c) and ON <= _earlier(c) <= until
        )
        assert expected  # the window holds some contracts, so the comparison says something
        due = due_for_renewal_in(Contract.objects.all(), ON, months)
        assert list(due.values_list("pk", flat=True)) == expected
    expected = in_order(
        c
        for c in every
        if is_open[c.pk] and _earlier(c) and _earlier(c) < ON and not c.renewal_decision.strip()
    )
    assert expected
    overdue = overdue_without_decision_in(Contract.objects.all(), ON)
    assert list(overdue.values_list("pk", flat=True)) == expected
    joint = {c.pk for c in every if is_open[c.pk] and c.future_intention == "tri_borough"}
    assert joint
    assert set(joint_procurement_candidates_in(Contract.objects.all()).values_list(
        "pk", flat=True)) == joint  # fmt: skip
