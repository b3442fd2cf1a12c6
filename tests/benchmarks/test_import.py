"""``import_lait``: idempotent, missing stays missing, and a bad file changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from benchmarks.models import Area, ImportRun, Measure, Neighbour, NeighbourModel, Period, Value

ROWS = [
    ("CPPlans2yrs", "2024", "205", "3.1"),
    ("CPPlans2yrs", "2025", "205", "-"),
    ("CPPlans2yrs", "2025", "207", "x"),
    ("CPPlans2yrs", "2025", "213", "c"),
    ("CPPlans2yrs", "2025", "208", "6.7"),
    ("CPPlans2yrs", "2025", "970", "4.4000000000000004"),
    ("KS2RWM_Expected_STD", "2024-25 (OT)", "205", "77"),
    ("KS2RWM_Expected_STD", "0", "205", "-"),
]


def run_import(measures_file, values) -> str:
    out = io.StringIO()
    call_command("import_lait", measures=measures_file, values=values, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "values": sorted(
            Value.objects.values_list("measure__short_name", "area__code", "period__label", "value")
        ),
        "counts": [m.objects.count() for m in (Area, Measure, Period, NeighbourModel, Neighbour)],
        "history": [m.history.count() for m in (Area, Measure, Period, NeighbourModel, Neighbour)],
    }


def test_importing_twice_gives_the_same_rows(world, measures_file, values_file):
    values = values_file(ROWS)
    first_output = run_import(measures_file, values)
    first = snapshot()
    run_import(measures_file, values)
    assert snapshot() == first
    assert Value.objects.count() == len(ROWS) - 1  # the undated empty row is skipped
    assert ImportRun.objects.count() == 2
    assert "values: 7 rows imported" in first_output


def test_areas_link_to_the_authorities_governance_knows(world, measures_file, values_file):
    run_import(measures_file, values_file(ROWS))
    hf = Area.objects.get(code="205")
    assert hf.authority == world.hf
    assert (hf.region.code, hf.london_part.code) == ("986", "987")
    assert Area.objects.get(code="970").kind == Area.Kind.ENGLAND
    assert Area.objects.get(code="302").authority is None  # Barnet: known, no users here
    assert NeighbourModel.objects.filter(year__in=[2021, 2025]).count() == 2


def test_suppressed_values_are_stored_as_missing_not_zero(world, measures_file, values_file):
    run_import(measures_file, values_file(ROWS))
    missing = Value.objects.filter(value__isnull=True)
    assert sorted(missing.values_list("area__code", "marker")) == [
        ("205", "-"),
        ("207", "x"),
        ("213", "c"),
    ]
    assert not Value.objects.filter(value=0).exists()


def test_a_changed_figure_is_updated_in_place(world, measures_file, values_file):
    run_import(measures_file, values_file(ROWS))
    revised = [(*row[:3], "9.9") if row[2] == "208" else row for row in ROWS]
    run_import(measures_file, values_file(revised, "revised.csv"))
    figure = Value.objects.get(area__code="208")
    assert str(figure.value.normalize()) == "9.9"
    assert Value.objects.count() == len(ROWS) - 1


def test_periods_keep_their_label_and_sort_by_years(world, measures_file, values_file):
    run_import(measures_file, values_file(ROWS))
    period = Period.objects.get(label="2024-25 (OT)")
    assert (period.start_year, period.end_year, period.qualifier) == (2024, 2025, "OT")
    assert list(Period.objects.values_list("label", flat=True)) == ["2024", "2024-25 (OT)", "2025"]


def test_measures_keep_polarity_unit_and_source(world, measures_file, values_file):
    run_import(measures_file, values_file(ROWS))
    measure = Measure.objects.get(short_name="CPPlans2yrs")
    assert (measure.polarity, measure.unit, measure.source) == ("low", "% of plans", "DfE")
    assert Measure.objects.get(short_name="LAC").polarity == Measure.Polarity.NONE


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (("NoSuchMeasure", "2025", "205", "1"), "unknown measure 'NoSuchMeasure'"),
        (("CPPlans2yrs", "2025/27", "205", "1"), "period: '2025/27' is not a period"),
        (("CPPlans2yrs", "2025", "999", "1"), "unknown LA number '999'"),
        (("CPPlans2yrs", "2025", "205", "lots"), "value: 'lots' is not a number"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(
    world, measures_file, values_file, bad_row, message
):
    rows = [*ROWS[:3], bad_row, *ROWS[3:]]
    with pytest.raises(CommandError) as raised:
        run_import(measures_file, values_file(rows))
    assert f"line 5: {message}" in str(raised.value)
    assert "nothing was imported" in str(raised.value)
    counts = [m.objects.count() for m in (Value, Measure, Period, Area, Neighbour, ImportRun)]
    assert counts == [0, 0, 0, 0, 0, 0]


def test_every_bad_row_is_reported(world, measures_file, values_file):
    rows = [("Nope", "2025", "205", "1"), *ROWS, ("CPPlans2yrs", "20x5", "205", "1")]
    with pytest.raises(CommandError) as raised:
        run_import(measures_file, values_file(rows))
    text = str(raised.value)
    assert "2 bad row(s)" in text
    assert "line 2: unknown measure" in text
    assert f"line {len(rows) + 1}: period" in text


def test_a_file_without_the_expected_columns_is_refused(world, measures_file, tmp_path):
    bad = tmp_path / "values.csv"
    bad.write_text("measure,year,value\nCPPlans2yrs,2025,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: missing column"):
        run_import(measures_file, bad)
    assert not Measure.objects.exists()
