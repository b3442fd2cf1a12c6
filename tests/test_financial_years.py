"""Financial-year arithmetic: April to March, stored as the start year."""

from __future__ import annotations

import datetime as dt

import pytest

from childrens_services import financial_years as fy


def test_a_year_is_written_with_the_next_years_last_two_digits():
    assert fy.label(2011) == "2011/12"
    assert fy.label(1999) == "1999/00"


@pytest.mark.parametrize("text", ["2011/12", "2011-12", "2011/2012", " 2011 / 12 "])
def test_labels_parse_back_to_the_start_year(text):
    assert fy.parse(text) == 2011


@pytest.mark.parametrize("text", ["2011/13", "11/12", "next year"])
def test_a_label_that_is_not_one_financial_year_is_refused(text):
    with pytest.raises(ValueError):
        fy.parse(text)


def test_april_starts_a_new_financial_year_and_quarter_one():
    assert fy.of_date(dt.date(2012, 3, 31)) == 2011
    assert fy.of_date(dt.date(2012, 4, 1)) == 2012
    assert fy.quarter_of(dt.date(2012, 4, 1)) == 1
    assert fy.quarter_of(dt.date(2013, 1, 15)) == 4


def test_quarter_ends():
    assert [fy.quarter_end(2011, q) for q in (1, 2, 3, 4)] == [
        dt.date(2011, 6, 30),
        dt.date(2011, 9, 30),
        dt.date(2011, 12, 31),
        dt.date(2012, 3, 31),
    ]
    with pytest.raises(ValueError):
        fy.quarter_end(2011, 5)


def test_a_period_of_several_years_is_written_as_the_papers_do():
    assert fy.period_label(2013, 2014) == "2013/15"
    assert fy.period_label(2012, 2012) == "2012/13"
    with pytest.raises(ValueError):
        fy.period_label(2014, 2013)
