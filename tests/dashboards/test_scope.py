"""Choosing the year and the date the dashboards count from: plain functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboards.scope import BadYear, as_at, default_year, parse_year, query_string, year_pointer

YEARS = [2011, 2012, 2013, 2014]


def test_a_year_is_read_as_a_label_or_a_start_year():
    today = dt.date(2026, 11, 23)
    assert parse_year("2012/13", YEARS, today) == 2012
    assert parse_year("2013", YEARS, today) == 2013


def test_the_default_year_is_the_current_one_or_the_latest_before_it():
    assert parse_year("", YEARS, dt.date(2013, 5, 1)) == 2013
    assert parse_year("", YEARS, dt.date(2026, 11, 23)) == 2014
    assert parse_year("", YEARS, dt.date(2001, 1, 1)) == 2011


#: The years a picker offers (a mandate's and a programme's periods run to 2019/20) and
#: those the scope's records hold figures for (savings planned to 2014/15).
OFFERED = list(range(2011, 2020))
WITH_FIGURES = [2011, 2012, 2013, 2014]


@pytest.mark.parametrize(
    ("today", "with_figures", "opens_on"),
    [
        # Read in 2026: the latest year with figures, not the latest year offered (2019/20).
        (dt.date(2026, 12, 6), WITH_FIGURES, 2014),
        # Read within the years with figures: the current year.
        (dt.date(2013, 5, 1), WITH_FIGURES, 2013),
        # The current year offered but without figures: the latest before it with them.
        (dt.date(2016, 5, 1), WITH_FIGURES, 2014),
        # Figures only after today (a plan that starts next year): the first of them.
        (dt.date(2010, 5, 1), [2015, 2016], 2015),
        # A year with figures the picker does not offer is never opened on.
        (dt.date(2026, 12, 6), [2014, 2030], 2014),
        # No figures at all: the current year if offered, else the latest offered before it.
        (dt.date(2026, 12, 6), [], 2019),
        (dt.date(2015, 5, 1), [], 2015),
    ],
)
def test_a_page_opens_on_the_year_with_figures_nearest_today(today, with_figures, opens_on):
    assert default_year(with_figures, OFFERED, today) == opens_on
    assert parse_year("", OFFERED, today, with_figures) == opens_on


def test_a_year_asked_for_is_shown_whether_or_not_it_has_figures():
    assert parse_year("2019/20", OFFERED, dt.date(2026, 12, 6), WITH_FIGURES) == 2019


def test_a_page_opened_on_another_year_than_the_current_says_so_plainly():
    today = dt.date(2026, 12, 6)
    assert year_pointer(2014, WITH_FIGURES, today) == (
        "There are no figures for 2026/27, the current financial year, so the latest year "
        "with figures, 2014/15, is shown."
    )
    assert "the nearest year with figures, 2027/28" in year_pointer(2027, [2027], today)
    assert year_pointer(2026, [2026], today) == ""
    assert year_pointer(2019, [], today) == ""  # no figures: nothing to point to


@pytest.mark.parametrize("text", ["bad", "2012/14", "1850", "<script>"])
def test_a_year_that_is_not_a_financial_year_with_figures_is_refused(text):
    with pytest.raises(BadYear):
        parse_year(text, YEARS, dt.date(2013, 5, 1))


def test_the_refusal_names_the_years_there_are():
    with pytest.raises(BadYear, match="2011/12, 2012/13"):
        parse_year("2030/31", YEARS, dt.date(2013, 5, 1))


def test_the_dashboards_count_from_today_in_the_current_year_and_from_1_april_otherwise():
    assert as_at(2012, dt.date(2012, 11, 5)) == dt.date(2012, 11, 5)
    assert as_at(2012, dt.date(2026, 11, 23)) == dt.date(2012, 4, 1)


def test_query_strings_leave_out_empty_values():
    assert query_string(scope="", year="2012/13") == "?year=2012%2F13"
    assert query_string(scope=None) == ""
