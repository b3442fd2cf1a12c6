"""The two-month response date and lateness, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from childrens_services.calendar_days import months_on, response_due
from scrutiny.deadlines import days_late

D = dt.date


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (D(2012, 1, 24), D(2012, 3, 24)),  # the same day two months later
        (D(2011, 12, 31), D(2012, 2, 29)),  # no 31 February: the last day, a leap year
        (D(2013, 12, 31), D(2014, 2, 28)),  # and in a common year
        (D(2016, 11, 15), D(2017, 1, 15)),  # across the year end
        (D(2016, 6, 30), D(2016, 8, 30)),
        (D(2016, 7, 31), D(2016, 9, 30)),  # September has 30 days
    ],
)
def test_the_response_falls_due_two_calendar_months_after_sending(sent, due):
    assert response_due(sent) == due


def test_months_on_keeps_within_the_month_it_lands_in():
    assert months_on(D(2012, 1, 31), 1) == D(2012, 2, 29)
    assert months_on(D(2012, 1, 31), 0) == D(2012, 1, 31)
    assert months_on(D(2012, 1, 31), 12) == D(2013, 1, 31)


def test_a_response_is_late_only_after_its_due_day_and_while_outstanding():
    due = D(2016, 8, 20)
    assert days_late(due, D(2016, 8, 19)) == 0
    assert days_late(due, due) == 0  # due today is not late
    assert days_late(due, D(2016, 8, 21)) == 1
    assert days_late(due, D(2016, 9, 20)) == 31
    assert days_late(due, D(2016, 9, 20), outstanding=False) == 0
    assert days_late(None, D(2016, 9, 20)) == 0  # not sent yet: no due date
