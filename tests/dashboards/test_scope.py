"""Choosing the year and the date the dashboards count from: plain functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboards.scope import BadYear, as_at, parse_year, query_string

YEARS = [2011, 2012, 2013, 2014]


def test_a_year_is_read_as_a_label_or_a_start_year():
    today = dt.date(2026, 11, 23)
    assert parse_year("2012/13", YEARS, today) == 2012
    assert parse_year("2013", YEARS, today) == 2013


def test_the_default_year_is_the_current_one_or_the_latest_before_it():
    assert parse_year("", YEARS, dt.date(2013, 5, 1)) == 2013
    assert parse_year("", YEARS, dt.date(2026, 11, 23)) == 2014
    assert parse_year("", YEARS, dt.date(2001, 1, 1)) == 2011


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
