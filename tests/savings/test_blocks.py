"""Savings' live blocks: the seed papers' tables computed from the stored lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childrens_services import blocks
from savings import figures
from savings.blocks import in_paper, table_places
from savings.models import ReportedFigure


def table(name: str, params: dict) -> dict:
    block = blocks.get(name)
    return block.context(block.snapshot(block.clean(params)))


@pytest.mark.parametrize(
    ("value", "unit", "negatives", "places", "printed"),
    [
        ("0.680", "£m", "brackets", 2, "0.68"),
        ("0.065", "£m", "brackets", 3, "0.065"),
        ("0.070", "£m", "brackets", 3, "0.070"),
        ("-0.620", "£m", "brackets", 2, "(0.62)"),
        ("-1259", "£000", "minus", None, "-1,259"),
        ("-620", "£000", "brackets", None, "(620)"),
        (None, "£000", "brackets", None, ""),
    ],
)
def test_figures_print_in_the_papers_unit_and_negatives(value, unit, negatives, places, printed):
    assert in_paper(value, unit, negatives, places) == printed


@pytest.mark.parametrize(
    ("values", "unit", "places"),
    [
        (["0.680", "3.900", None, ""], "£m", 2),
        (["0.070", "0.065", "0.200"], "£m", 3),
        (["1075", "-620"], "£000", 0),
    ],
)
def test_one_table_prints_every_figure_with_the_same_places(values, unit, places):
    """0.07 above 0.065 in one column was two formats in one table."""
    assert table_places(values, unit) == places


def test_a_table_with_one_significant_thousandth_prints_all_its_figures_to_three_places(seeded):
    """Every computed figure; the paper's own figures (lettered, with a note) keep the
    places the paper printed them with."""
    data = table("savings_table", {"programme": seeded["tri"].pk})
    printed = [
        value
        for group in data["groups"]
        for row in [*group["rows"], group["subtotal"]]
        for value in row["by_authority"]
        if value and not getattr(value, "mark", "")
    ]
    assert "0.065" in printed
    assert all(len(value.strip("()-").partition(".")[2]) == 3 for value in printed), printed


def test_the_hf_table_has_the_mtfs_split_and_the_computed_dsg_exclusion(seeded):
    data = table("savings_table", {"programme": seeded["hf"].pk})
    assert data["has_split"] and data["form"] == "cumulative"
    assert data["total"]["by_year"] == ["1,075", "1,550", "4,283", "5,297"]
    assert (data["total"]["mtfs"], data["total"]["additional"]) == ("2,227", "2,460")
    assert data["dsg_exclusion"] == "(620)"
    split = figures.split_of(seeded["hf"])
    assert split.dsg_exclusion == Decimal("620000"), "the same figure savings.figures computes"


def test_the_same_programme_prints_incremental_when_asked(seeded):
    data = table("savings_table", {"programme": seeded["hf"].pk, "form": "incremental"})
    assert data["total"]["by_year"] == ["1,075", "475", "2,733", "1,014"]
    assert data["total"]["full_year"] == "5,297", "the increments add up to the full year"
    assert not data["has_split"], "the split belongs to the paper's cumulative table"


def test_harrow_prints_new_savings_each_year_as_negatives(seeded):
    data = table("savings_table", {"programme": seeded["harrow"].name, "authority": "310"})
    assert data["total"]["by_year"] == ["0", "-914", "-345"]
    assert data["total"]["full_year"] == "-1,259"


def test_a_shared_programme_in_one_year_is_laid_out_by_authority_with_subtotals(seeded):
    data = table("savings_table", {"programme": seeded["tri"].pk})
    assert data["layout"] == "by_authority"
    assert data["columns"] == ["H&F", "RBKC", "WCC"]
    assert [group["label"] for group in data["groups"]] == [
        "Assured savings",
        "Projected savings",
        "Possible savings",
    ]
    assert data["groups"][2]["subtotal"]["by_authority"] == ["0.950", "0.950", "0.950"]


def test_restructure_savings_agree_with_the_reported_figures_the_system_checks(seeded):
    data = blocks.get("restructure_table").snapshot({"programme": seeded["tri"].name})
    by_service = {t["service"]: t["total"] for t in data["restructures"]}
    checked = ReportedFigure.objects.filter(
        kind=ReportedFigure.Kind.RESTRUCTURE, measure="budget_additionality", column_authority=None
    ).select_related("restructure")
    assert checked.exists()
    for figure in checked:
        assert Decimal(by_service[figure.restructure.service]["budget_saving"]) == (
            figures.computed_value(figure)
        )


def test_merton_budget_targets_and_capital_totals_are_computed(seeded):
    budget = table("budget_table", {"authority": "315", "start_year": 2016})
    assert (budget["total_budget"], budget["total_fte"]) == ("£50.181 million", "528.4")
    assert any("£172.781 million" in note for note in budget["notes"])
    years = {"authority": "315", "years": [2016, 2017, 2018, 2019]}
    assert table("savings_targets", years)["total"] == "£5.392 million"
    capital = table("capital_programme", years)
    assert [row["category"] for row in capital["rows"]] == [
        "Primary Expansion",
        "Secondary Expansion",
        "SEN",
        "Other",
    ]
    assert capital["totals"] == ["14,718,670", "16,128,860", "13,689,950", "7,955,000"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"programme": "Nope"}, "There is no savings programme called “Nope”"),
        ({"programme": ["a list"]}, "Name a savings programme exactly"),
        ({"programme": "H&F", "form": "sideways"}, '"form" is'),
        ({"programme": "H&F", "years": "2011"}, "list of start years"),
        ({"programme": "H&F", "split": "yes"}, '"split" is true or false'),
    ],
)
def test_bad_savings_table_parameters_are_refused(seeded, params, message):
    if params["programme"] == "H&F":
        params = params | {"programme": seeded["hf"].name}
    with pytest.raises(ValidationError, match=message):
        blocks.get("savings_table").clean(params)


def test_one_services_restructure_prints_in_the_papers_millions_and_its_fte_as_printed(seeded):
    data = table(
        "restructure_table", {"programme": seeded["tri"].name, "service": "single management team"}
    )
    assert [t["service"] for t in data["restructures"]] == ["Single Management Team"]
    assert data["unit_label"] == "£m"
    hf, rbkc = data["restructures"][0]["rows"][:2]
    assert (hf["starting_budget"], hf["closing_budget"], hf["budget_saving"]) == (
        "1.122",
        "0.438",
        "0.684",
    )
    assert (hf["starting_fte"], rbkc["starting_fte"], hf["closing_fte"]) == ("12.5", "9", "4.67")
    with pytest.raises(ValidationError, match="has no restructure of “Catering”"):
        blocks.get("restructure_table").clean(
            {"programme": seeded["tri"].name, "service": "Catering"}
        )


def test_a_savings_table_of_one_services_savings_of_one_confidence_totals_those_lines(seeded):
    name = seeded["tri"].name
    data = table(
        "savings_table", {"programme": name, "service": "commissioning", "confidence": "projected"}
    )
    assert [row["label"] for group in data["groups"] for row in group["rows"]] == [
        "Projected savings from combined procurement of supported accommodation for care "
        "leavers (current spend £3.9m)"
    ]
    assert data["total"]["by_authority"] == ["0.16", "0.12", "0.12"]
    assert data["total"]["full_year"] == "0.40"
    assert "service" not in blocks.get("savings_table").clean({"programme": name})
    with pytest.raises(ValidationError, match="no savings of a service called “Catering”"):
        blocks.get("savings_table").clean({"programme": name, "service": "Catering"})
    with pytest.raises(ValidationError, match='"confidence" is one of'):
        blocks.get("savings_table").clean({"programme": name, "confidence": "sure"})


# The paper's figures beside the computed ones -------------------------------------------


def notes_of(data: dict) -> str:
    return " ".join(f"{note['mark']} {note['text']}" for note in data["figure_notes"])


def test_the_business_case_prints_the_papers_totals_with_the_computed_ones_in_notes(seeded):
    data = table("savings_table", {"programme": seeded["tri"].pk})
    total = data["total"]
    assert [*total["by_authority"], total["full_year"]] == ["5.30", "4.00", "2.50", "11.80"]
    marks = [value.mark for value in [*total["by_authority"], total["full_year"]]]
    assert all(marks) and len(set(marks)) == 4, "each of the paper's figures has its own note"
    notes = {note["mark"]: note["text"] for note in data["figure_notes"]}
    assert "computed from the lines: 11.817 (a difference of 0.017)" in notes[marks[-1]]
    assert "computed from the lines: 5.307 (a difference of 0.007)" in notes[marks[0]]
    assert "within the paper's rounding" in notes[marks[1]], "4.00 against 4.002"


def test_the_author_may_print_the_computed_totals_with_the_papers_in_notes(seeded):
    data = table("savings_table", {"programme": seeded["tri"].pk, "figures": "computed"})
    total = data["total"]
    assert [*total["by_authority"], total["full_year"]] == ["5.307", "4.002", "2.508", "11.817"]
    assert "the paper prints 11.80 (a difference of 0.017)" in notes_of(data)
    assert "the paper prints 5.30 (a difference of 0.007)" in notes_of(data)


def test_a_line_whose_mtfs_column_differs_from_its_saving_says_so_either_way(seeded):
    programme = seeded["hf"].pk
    paper = table("savings_table", {"programme": programme})
    computed = table("savings_table", {"programme": programme, "figures": "computed"})
    (paper_row,) = [
        r for g in paper["groups"] for r in g["rows"] if r["label"].startswith("Social")
    ]
    (computed_row,) = [
        r for g in computed["groups"] for r in g["rows"] if r["label"].startswith("Social")
    ]
    assert (paper_row["mtfs"], computed_row["mtfs"]) == ("340", "330")
    assert paper_row["mtfs"].mark and computed_row["mtfs"].mark
    assert "the line's 2014/15 saving: 330" in notes_of(paper)
    assert (paper["total"]["mtfs"], computed["total"]["mtfs"]) == ("2,227", "2,217")
    assert "the paper prints 2,227" in notes_of(computed)


def test_figures_that_agree_carry_no_note(seeded):
    data = table("savings_table", {"programme": seeded["harrow"].name, "authority": "310"})
    assert data["figure_notes"] == []
    assert not any(getattr(v, "mark", "") for v in data["total"]["by_year"])


def test_a_restructure_prints_the_papers_fte_total_with_the_computed_one_in_a_note(seeded):
    data = table("restructure_table", {"programme": seeded["tri"].name})
    (smt,) = [t for t in data["restructures"] if t["service"] == "Single Management Team"]
    assert (smt["total"]["closing_fte"], smt["total"]["fte_reduction"]) == ("14", "12.5")
    assert "computed from the positions: 14.01" in notes_of(smt)


def test_the_figures_parameter_is_paper_or_computed(seeded):
    block = blocks.get("savings_table")
    assert block.clean({"programme": seeded["hf"].name})["figures"] == "paper"
    with pytest.raises(ValidationError, match='"figures" is "paper"'):
        block.clean({"programme": seeded["hf"].name, "figures": "both"})
