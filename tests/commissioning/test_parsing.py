"""Reading the cells councils publish: dates, money, yes/no, intentions and headers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commissioning.columns import header_key
from commissioning.imports import parse_bool, parse_date, parse_intention, parse_money


@pytest.mark.parametrize(
    "text", ["04/11/2012", "4/11/2012", "2012-11-04", "04-11-2012", "04.11.2012", "04/11/12"]
)
def test_dates_are_read_as_dd_mm_yyyy_or_iso(text):
    assert parse_date(text) == dt.date(2012, 11, 4)


@pytest.mark.parametrize("text", ["11/31/2012", "next spring", "2012-13-01"])
def test_a_cell_that_is_not_a_date_says_how_to_write_one(text):
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("£19,365,000", "19365000"), ("19365000.5", "19365000.50"), (" £ 1,000 ", "1000"), ("", None)],
)
def test_money_is_read_with_or_without_pounds_and_separators(text, amount):
    assert parse_money(text) == (Decimal(amount) if amount else None)


@pytest.mark.parametrize("text", ["-5", "(620)", "£-1,000"])
def test_negative_money_is_refused(text):
    with pytest.raises(ValueError, match="negative"):
        parse_money(text)


@pytest.mark.parametrize("text", ["lots", "NaN", "Infinity"])
def test_text_that_is_not_money_is_refused(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Potential Tri-borough contract", "tri_borough"),
        ("Contract Renewal / Negotiation / Extension when contract ends", "renewal"),
        ("To be commissioned out", "commission_out"),
        ("Other / No change", "no_change"),
        ("No contract – in house or spot purchased in WLA framework", "no_contract"),
        ("tri_borough", "tri_borough"),
        ("", ""),
    ],
)
def test_intentions_are_read_from_the_papers_key(text, value):
    assert parse_intention(text) == value


def test_an_unknown_intention_lists_the_known_ones():
    with pytest.raises(ValueError, match="Potential Tri-borough contract"):
        parse_intention("Sell it")


@pytest.mark.parametrize(("text", "value"), [("Yes", True), ("n", False), ("", None)])
def test_yes_and_no(text, value):
    assert parse_bool(text) is value


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Reference Number", "reference"),
        ("  reference_number ", "reference"),
        ("Contract Reference", "reference"),
        ("Supplier", "supplier"),
        ("VALUE OF CONTRACT", "total_value"),
        ("Contract Value (£)", "total_value"),
        ("Forecast 2011/12", "forecast:2011"),
        ("Forecast 2011/13", None),
        ("Notes", None),
    ],
)
def test_headers_match_regardless_of_case_spacing_punctuation_and_synonyms(header, key):
    assert header_key(header) == key
