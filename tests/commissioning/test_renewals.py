"""The renewals pipeline, as plain functions and on the seed 000 register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from commissioning import demo
from commissioning.models import Contract
from commissioning.renewals import (
    add_months,
    due_for_renewal,
    joint_procurement_candidates,
    overdue_without_decision,
)
from governance import demo as governance_demo


@dataclass
class Entry:
    name: str
    renewal_date: dt.date | None
    renewal_decision: str = ""
    status: str = "active"
    future_intention: str = ""


ON = dt.date(2012, 9, 1)


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(dt.date(2012, 1, 31), 1) == dt.date(2012, 2, 29)
    assert add_months(dt.date(2012, 9, 1), 6) == dt.date(2013, 3, 1)


def test_contracts_due_in_the_window_are_listed_soonest_first():
    entries = [
        Entry("after", dt.date(2013, 3, 2)),
        Entry("last day", dt.date(2013, 3, 1)),
        Entry("first day", ON),
        Entry("past", dt.date(2012, 8, 31)),
        Entry("no date", None),
        Entry("ended", dt.date(2012, 10, 1), status="ended"),
    ]
    assert [e.name for e in due_for_renewal(entries, ON, 6)] == ["first day", "last day"]


def test_contracts_past_renewal_without_a_decision_are_flagged():
    entries = [
        Entry("undecided", dt.date(2012, 3, 31)),
        Entry("decided", dt.date(2012, 3, 31), renewal_decision="Extend to 2013"),
        Entry("future", dt.date(2013, 3, 31)),
    ]
    assert [e.name for e in overdue_without_decision(entries, ON)] == ["undecided"]


def test_potential_tri_borough_contracts_are_joint_procurement_candidates():
    entries = [
        Entry("joint", None, future_intention="tri_borough"),
        Entry("closed", None, future_intention="tri_borough", status="cancelled"),
        Entry("renew", None, future_intention="renewal"),
    ]
    assert [e.name for e in joint_procurement_candidates(entries)] == ["joint"]


@pytest.mark.django_db
def test_the_seed_register_gives_the_renewals_due_by_march_2013(world):
    governance_demo.load(stdout=_Null())
    demo.load(stdout=_Null())
    contracts = list(Contract.objects.filter(authority__dfe_code="205"))
    expected = sorted(
        (c for c in contracts if c.end_date and ON <= c.end_date <= dt.date(2013, 3, 1)),
        key=lambda c: c.end_date,
    )
    due = due_for_renewal(contracts, ON, 6)
    assert due == expected
    assert [c.renewal_date.isoformat() for c in due] == [
        "2012-09-30",
        "2012-11-04",
        "2013-02-14",
        "2013-02-28",
    ]
    overdue = overdue_without_decision(contracts, ON)
    assert [c.provider.name for c in overdue] == ["CfBT Education Trust"]
    overdue[0].record_renewal_decision("Tri-borough Connexions contract", ON)
    assert overdue_without_decision(list(Contract.objects.all()), ON) == []


class _Null:
    def write(self, text: str) -> None:
        pass


@pytest.mark.django_db
def test_the_database_filters_agree_with_the_rules_on_every_kind_of_dates(world):
    """The queryset twins give the same contracts, in the same order, as the plain rules."""
    from commissioning.renewals import (
        due_for_renewal_in,
        joint_procurement_candidates_in,
        overdue_without_decision_in,
    )

    days = [None, dt.date(2012, 3, 31), ON, dt.date(2012, 12, 1), dt.date(2013, 3, 1),
            dt.date(2013, 3, 2)]  # fmt: skip
    n = 0
    for end in days:
        for review in days:
            for status in ("active", "planned", "ended"):
                for decision in ("", "  ", "Extend to 2014"):
                    n += 1
                    Contract.objects.create(
                        authority=world.hf, reference=f"R{n:03d}", title=f"Contract {n}",
                        provider_text="Various", end_date=end, review_date=review,
                        status=status, renewal_decision=decision,
                        future_intention="tri_borough" if n % 4 == 0 else "",
                    )  # fmt: skip
    every = list(Contract.objects.all())
    for months in (1, 6, 12):
        in_python = [c.pk for c in due_for_renewal(every, ON, months)]
        in_sql = list(due_for_renewal_in(Contract.objects.all(), ON, months).values_list("pk"))
        assert [pk for (pk,) in in_sql] == in_python
        assert in_python  # the window holds some contracts, so the comparison says something
    overdue = [c.pk for c in overdue_without_decision(every, ON)]
    assert overdue
    assert [
        pk for (pk,) in overdue_without_decision_in(Contract.objects.all(), ON).values_list("pk")
    ] == overdue
    joint = {c.pk for c in joint_procurement_candidates(every)}
    assert joint == set(joint_procurement_candidates_in(Contract.objects.all()).values_list(
        "pk", flat=True))  # fmt: skip
