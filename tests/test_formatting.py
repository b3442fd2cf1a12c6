"""Figures as the papers write them, in the one formatter and on the officers' screens."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childrens_services import formatting
from commissioning.models import Contract
from mandates.models import KeyFact


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("19365000.00"), "£19,365,000"),
        (Decimal("-620.00"), "(£620)"),
        (Decimal("0.40"), "£0"),
        (None, ""),
    ],
)
def test_pounds_are_whole_with_separators_and_negatives_in_brackets(value, printed):
    assert formatting.pounds(value) == printed


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("34853.00"), "34,853"),
        (Decimal("2.50"), "2.5"),
        (Decimal("-3"), "(3)"),
        (Decimal("1234.567"), "1,234.57"),
    ],
)
def test_counts_drop_the_pence_places_they_do_not_have(value, printed):
    assert formatting.count(value) == printed


def test_thousands_and_percentages():
    assert formatting.thousands(Decimal("-1259")) == "(£1,259k)"
    assert formatting.percent(Decimal("12.50")) == "12.5%"


def test_which_fields_hold_pounds():
    assert formatting.is_pounds(Contract._meta.get_field("total_value"))
    assert not formatting.is_pounds(KeyFact._meta.get_field("value"))


@pytest.mark.django_db
def test_the_admin_lists_and_reads_figures_as_the_papers_write_them(world, login):
    contract = Contract.objects.create(
        authority=world.hf, reference="HF-1", title="Catering", total_value=Decimal("19365000")
    )
    listing = login(world.users["officer_hf"]).get("/admin/commissioning/contract/")
    assert "£19,365,000" in listing.content.decode()
    assert "19365000" not in listing.content.decode()
    # A clerk reads the contract (officers change it): every field is shown read-only.
    page = login(world.users["clerk"]).get(f"/admin/commissioning/contract/{contract.pk}/change/")
    assert 'name="_save"' not in page.content.decode()
    assert "£19,365,000" in page.content.decode()


@pytest.mark.parametrize(
    ("value", "kwargs", "printed"),
    [
        (Decimal("19365000.00"), {}, "£19,365,000"),
        (Decimal("1250.50"), {}, "£1,250.50"),  # pence shown only when held
        (Decimal("-620.00"), {}, "(£620)"),
        (Decimal("-620.00"), {"negatives": "minus"}, "-£620"),
        (Decimal("1259"), {"places": 0, "unit": "k"}, "£1,259k"),
        (None, {}, ""),
        (None, {"blank": formatting.MISSING}, "—"),
    ],
)
def test_money_is_pounds_with_separators_pence_when_held_and_negatives_in_brackets(
    value, kwargs, printed
):
    assert formatting.money(value, **kwargs) == printed


def test_financial_years_and_dates():
    import datetime as dt

    assert formatting.fy(2011) == "2011/12"
    assert formatting.fy(None) == ""
    assert formatting.day(dt.date(2012, 11, 4)) == "4 November 2012"
    assert formatting.day(None) == formatting.moment(None) == formatting.clock("") == ""


@pytest.mark.parametrize(
    ("start", "end", "printed"),
    [
        ((2012, 9, 30), (2026, 12, 6), "14 years 2 months"),
        ((2012, 12, 31), (2026, 12, 6), "13 years 11 months"),
        ((2012, 12, 31), (2013, 12, 31), "1 year"),
        ((2012, 12, 31), (2013, 2, 28), "2 months"),  # to the end of February is two months
        ((2012, 12, 31), (2013, 1, 30), "30 days"),
        ((2026, 6, 30), (2026, 7, 1), "1 day"),
        ((2026, 6, 30), (2026, 8, 1), "1 month"),
        ((2025, 6, 30), (2026, 7, 30), "1 year 1 month"),
        ((2026, 6, 30), (2026, 6, 30), "0 days"),
    ],
)
def test_how_long_between_two_dates_is_years_and_months_or_days(start, end, printed):
    import datetime as dt

    assert formatting.elapsed(dt.date(*start), dt.date(*end)) == printed


def test_how_long_is_blank_without_both_dates_or_backwards():
    import datetime as dt

    assert formatting.elapsed(None, dt.date(2026, 1, 1)) == ""
    assert formatting.elapsed(dt.date(2026, 1, 2), dt.date(2026, 1, 1)) == ""


def test_moments_are_shown_in_london_time_as_the_date_filter_showed_them():
    import datetime as dt

    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the day moves with the clock.
    stored = dt.datetime(2011, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert formatting.moment(stored) == "1 July 2011, 00:30"
    assert formatting.day(stored) == "1 July 2011"
    assert formatting.clock(stored) == "00:30"
    winter = dt.datetime(2012, 1, 17, 19, 5, tzinfo=dt.UTC)
    assert formatting.moment(winter) == "17 January 2012, 19:05"


def test_the_template_filters_are_the_formatting_module():
    import datetime as dt

    from django.template import Context, Template

    template = Template(
        "{% load formatting %}{{ a|money }} {{ b|count }} {{ c|percent }} {{ y|fy }} "
        "{{ due|elapsed:today }}"
    )
    context = Context(
        {
            "a": Decimal("-620.00"),
            "b": Decimal("34853.00"),
            "c": 12.5,
            "y": 2011,
            "due": dt.date(2012, 9, 30),
            "today": dt.date(2026, 12, 6),
        }
    )
    assert template.render(context) == "(£620) 34,853 12.5% 2011/12 14 years 2 months"


def test_a_chart_labels_its_value_axis_as_the_pages_write_figures():
    from childrens_services import charts

    svg = charts.bar_chart(
        "Savings", ["2011/12"], {"Planned": [Decimal("3000000")]}, "£", y_format=formatting.money
    )
    assert "£3,000,000" in svg
    counted = charts.bar_chart("Contracts", ["Q1"], {"Due": [12000]}, "Number")
    assert "12,000" in counted


@pytest.mark.parametrize(
    ("value", "negatives", "number_format"),
    [
        (Decimal("19365000.00"), "brackets", "£#,##0;(£#,##0)"),
        (Decimal("1250.50"), "brackets", "£#,##0.00;(£#,##0.00)"),
        (Decimal("-1259"), "minus", "£#,##0;-£#,##0"),
    ],
)
def test_a_spreadsheet_shows_pounds_as_the_pages_do_and_keeps_them_numbers(
    value, negatives, number_format
):
    assert formatting.spreadsheet_money(value, negatives=negatives) == number_format


def test_a_csv_holds_bare_figures_under_a_heading_naming_the_unit():
    assert formatting.plain_number(Decimal("19365000.00"), pounds=True) == "19365000"
    assert formatting.plain_number(Decimal("1250.5"), pounds=True) == "1250.50"
    assert formatting.plain_number(Decimal("-620.00"), pounds=True) == "-620"
    assert formatting.plain_number(Decimal("34853.00")) == "34853"
    assert formatting.plain_number(None) == ""
    assert formatting.in_pounds("2014/15") == "2014/15 (£)"
    assert formatting.in_pounds("Total value (£)") == "Total value (£)"


def y_axis(svg: str) -> list[str]:
    """The value axis's labels of a pygal chart, bottom to top."""
    import re

    block = svg[svg.index('class="axis y') : svg.index('class="axis x')]
    return re.findall(r"<text[^>]*>([^<]*)</text>", block)


def test_a_chart_of_pounds_labels_its_axis_in_millions_at_round_steps():
    from childrens_services import charts

    svg = charts.bar_chart(
        "Savings",
        ["2011/12", "2014/15"],
        {"Planned": [Decimal("1075000"), Decimal("11000000")]},
        "£",
        pounds=True,
    )
    assert y_axis(svg) == ["£0", "£2m", "£4m", "£6m", "£8m", "£10m", "£12m"]
    assert "11000000" not in svg.replace(".0", ""), "no figure written without its unit"
    assert "£11,000,000" in svg, "the bars' own values as the pages write pounds"


@pytest.mark.parametrize(
    ("values", "ticks", "labels"),
    [
        ([1_075_000, 10_604_000], range(0, 12_000_001, 2_000_000), None),
        ([2_635_000], range(0, 3_000_001, 500_000), ["£0", "£0.5m", "£1.0m", "£1.5m"]),
        ([65_000, 420_000], range(0, 500_001, 100_000), ["£0", "£100k", "£200k"]),
        ([250, 900], range(0, 1001, 200), ["£0", "£200", "£400"]),
        ([-620_000, 1_200_000], range(-750_000, 1_250_001, 250_000), ["(£0.75m)", "(£0.50m)"]),
        ([None, 0], [0], ["£0"]),
    ],
)
def test_axis_ticks_step_by_1_2_25_or_5_and_label_in_the_unit_of_the_largest(values, ticks, labels):
    found = formatting.axis_ticks(values)
    assert found == [Decimal(t) for t in ticks]
    assert len(found) - 1 <= formatting.AXIS_STEPS
    shown = formatting.money_axis(found)
    assert shown[: len(labels or [])] == (labels or [])
    decimals = {len(label.partition(".")[2].rstrip("mk)")) for label in shown if label != "£0"}
    assert len(decimals) <= 1, f"every label of one axis has the same decimals: {shown}"


def test_a_stored_figure_is_trimmed_to_what_was_published():
    assert str(formatting.trimmed(Decimal("4.400000"))) == "4.4"
    assert str(formatting.trimmed(Decimal("10.000000"))) == "10"
    assert str(formatting.trimmed(Decimal("-0.050000"))) == "-0.05"


@pytest.mark.parametrize(
    ("figure", "reason", "shown"),
    [
        (formatting.money(None), "", "not recorded"),
        (formatting.money(None), "no value recorded", "not recorded (no value recorded)"),
        (formatting.count(None), "", "not recorded"),
        (formatting.money(Decimal("0")), "no value recorded", "£0"),
        (formatting.percent(Decimal("0")), "", "0%"),
        (formatting.money(Decimal("1250.5")), "", "£1,250.50"),
    ],
)
def test_a_figure_never_recorded_says_so_and_a_recorded_zero_stays_zero(figure, reason, shown):
    assert formatting.or_not_recorded(figure, reason) == shown


def test_a_total_says_how_many_items_it_leaves_out():
    assert formatting.left_out(0, "contract", "contracts", "with no value recorded") == ""
    assert (
        formatting.left_out(1, "contract", "contracts", "with no value recorded")
        == "(leaves out 1 contract with no value recorded)"
    )
    assert (
        formatting.left_out(1200, "asset", "assets", "with no receipt recorded")
        == "(leaves out 1,200 assets with no receipt recorded)"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("4"), "up 4 points"),
        (Decimal("-1"), "down 1 point"),
        (Decimal("0"), "no change"),
        (Decimal("2.5"), "up 2.5 points"),
        (None, ""),
    ],
)
def test_a_change_in_a_percentage_is_said_in_words(value, text):
    assert formatting.points_change(value) == text
