"""The day arithmetic of notice rules, without a database: clear days, working days, months."""

from __future__ import annotations

import datetime as dt

import pytest

from childrens_services import calendar_days as days
from childrens_services.calendar_days import NoticeRoute

D = dt.date


def test_clear_days_leave_out_the_day_of_publication_and_the_day_of_the_event():
    # Published Monday 1st, meeting Saturday 6th: the 2nd, 3rd, 4th and 5th are clear.
    assert days.clear_days(D(2026, 6, 1), D(2026, 6, 6)) == 4
    assert days.clear_days(D(2026, 6, 1), D(2026, 6, 2)) == 0
    assert days.clear_days(D(2026, 6, 2), D(2026, 6, 1)) == 0


def test_the_latest_publication_gives_exactly_the_clear_days_asked():
    event = D(2011, 6, 20)
    latest = days.latest_publication(event, 28)
    assert latest == D(2011, 5, 22)
    assert days.clear_days(latest, event) == 28
    assert days.clear_days(latest + dt.timedelta(days=1), event) == 27
    assert days.earliest_event(latest, 28) == event


def test_the_forward_plan_needs_28_clear_days():
    decision = D(2011, 6, 20)
    on_time = days.notice_check(D(2011, 5, 22), decision, NoticeRoute.FORWARD_PLAN)
    late = days.notice_check(D(2011, 5, 23), decision, "forward_plan")
    assert on_time.sufficient and on_time.problem == ""
    assert not late.sufficient
    assert late.given == 27 and late.needed == 28
    assert "27 clear days" in late.problem and "22 May 2011" in late.problem


def test_a_general_exception_needs_five_clear_days_and_special_urgency_none():
    decision = D(2026, 3, 20)
    assert days.notice_check(D(2026, 3, 14), decision, NoticeRoute.GENERAL_EXCEPTION).sufficient
    short = days.notice_check(D(2026, 3, 15), decision, NoticeRoute.GENERAL_EXCEPTION)
    assert not short.sufficient and short.given == 4
    assert "regulation 10" in short.problem
    urgent = days.notice_check(D(2026, 3, 19), decision, NoticeRoute.SPECIAL_URGENCY)
    assert urgent.sufficient and urgent.given == 0
    same_day = days.notice_check(decision, decision, NoticeRoute.SPECIAL_URGENCY)
    assert not same_day.sufficient and "must come after" in same_day.problem


def test_the_agenda_needs_five_clear_days_before_the_meeting():
    meeting = D(2011, 7, 5)  # Tuesday
    assert days.agenda_check(D(2011, 6, 29), meeting).sufficient
    late = days.agenda_check(D(2011, 6, 30), meeting)
    assert not late.sufficient and late.given == 4
    assert "late item" in late.problem and "29 June 2011" in late.problem


def test_weekends_and_bank_holidays_are_not_working_days():
    assert days.is_working_day(D(2026, 12, 4))  # a Friday
    assert not days.is_working_day(D(2026, 12, 5))  # Saturday
    assert not days.is_working_day(D(2026, 12, 6))  # Sunday
    assert not days.is_working_day(D(2011, 4, 29))  # the royal wedding
    assert not days.is_working_day(D(2022, 9, 19))  # the state funeral
    # Christmas 2021 fell on a Saturday: Monday 27 and Tuesday 28 were the substitutes.
    assert days.bank_holiday(D(2021, 12, 27)) and days.bank_holiday(D(2021, 12, 28))
    assert days.is_working_day(D(2021, 12, 29))


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 23 December 2021: Fri 24, [weekend, 27, 28 substitutes], Wed 29, Thu 30, Fri 31,
    # [weekend, Monday 3 January the New Year substitute], Tuesday 4 January.
    assert days.add_working_days(D(2021, 12, 23), 4) == D(2021, 12, 31)
    assert days.add_working_days(D(2021, 12, 23), 5) == D(2022, 1, 4)
    assert days.working_days_between(D(2021, 12, 23), D(2022, 1, 4)) == 5
    assert days.add_working_days(D(2026, 6, 1), 0) == D(2026, 6, 1)
    with pytest.raises(ValueError):
        days.add_working_days(D(2026, 6, 1), -1)


def test_the_call_in_window_counts_working_days_after_publication():
    # Published Monday 20 June 2011: Tue 21 to Mon 27 June are the five working days.
    assert days.call_in_closes(D(2011, 6, 20)) == D(2011, 6, 27)
    # Published Thursday 21 April 2011: Good Friday, Easter Monday, the royal wedding (29 April)
    # and the May Day holiday (2 May) are skipped.
    assert days.call_in_closes(D(2011, 4, 21)) == D(2011, 5, 4)
    assert days.call_in_closes(D(2026, 6, 1), 3) == D(2026, 6, 4)
    with pytest.raises(ValueError):
        days.call_in_closes(D(2026, 6, 1), 0)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2011, 7, 5), D(2011, 9, 5)),
        (D(2011, 12, 31), D(2012, 2, 29)),
        (D(2014, 12, 31), D(2015, 2, 28)),
        (D(2016, 11, 30), D(2017, 1, 30)),
    ],
)
def test_the_response_is_due_two_months_after_it_is_received(received, due):
    assert days.response_due(received) == due
    assert days.months_on(received, 2) == due
