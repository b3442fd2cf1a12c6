"""Members' pages: the authority, a measure over time, comparing authorities, downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.imports import import_measures, import_values
from benchmarks.models import Area, Measure, Value
from benchmarks.periods import missing_words
from tests.benchmarks.test_comparisons import CPP_2YRS_2025
from tests.permission_matrix import assert_matrix


@pytest.fixture
def data(reference, measures_file, values_file):
    import_measures(measures_file)
    rows = [("CPPlans2yrs", "2025", code, value) for code, value in CPP_2YRS_2025]
    rows += [("CPPlans2yrs", "2024", code, "7") for code, _ in CPP_2YRS_2025]
    rows += [("KS2RWM_Expected_STD", "2024-25", "205", "77")]
    import_values(values_file(rows))
    return Measure.objects.get(short_name="CPPlans2yrs")


def test_every_role_reads_benchmarks_and_no_role_is_refused(world, data, client):
    url = reverse("benchmarks:authority", args=["205"])
    for name in ("officer_hf", "officer_rbkc", "scrutiny", "clerk", "admin"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 200, name
    client.force_login(world.users["nobody"])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_index_lists_the_users_own_authority_first(world, data, client):
    client.force_login(world.users["officer_hf"])
    response = client.get(reverse("benchmarks:index"))
    assert response.status_code == 200
    assert list(response.context["mine"]) == [Area.objects.get(code="205")]
    chosen = client.get(reverse("benchmarks:index"), {"area": "207"})
    assert chosen.url == reverse("benchmarks:authority", args=["207"])


def test_the_authority_page_shows_value_neighbours_region_england_and_rank(world, data, client):
    client.force_login(world.users["scrutiny"])
    response = client.get(reverse("benchmarks:authority", args=["208"]), {"measure": data.pk})
    row = response.context["rows"][0]
    assert (row.period.label, row.value is not None, row.rank) == ("2025", True, row.rank)
    page = response.content.decode()
    assert "Lambeth against its comparators" in page
    assert "England" in page and "London (Inner)" in page
    assert f"{row.rank} of {row.ranked_out_of}" in page


def test_the_authority_pages_queries_do_not_grow_with_the_measures_shown(world, data, client):
    client.force_login(world.users["scrutiny"])
    url = reverse("benchmarks:authority", args=["205"])
    client.get(url)  # warm the session

    def queries(measures) -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, {"measure": [m.pk for m in measures]})
        assert len(response.context["rows"]) == len(measures)
        return len(context.captured_queries)

    one = queries([data])
    assert (
        queries(list(Measure.objects.filter(short_name__in=["CPPlans2yrs", "KS2RWM_Expected_STD"])))
        == one
    )
    assert one <= 15


def test_the_measure_page_has_a_chart_and_the_same_figures_as_a_table(world, data, client):
    client.force_login(world.users["scrutiny"])
    response = client.get(reverse("benchmarks:measure", args=["205", data.pk]))
    page = response.content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<script" not in svg
    assert "<figcaption" in page and "<caption" in page
    labels = [row.period.label for row in response.context["rows"]]
    assert labels == ["2024", "2025"]
    assert "not available" in page  # H&F's suppressed 2025 value


def test_the_compare_page_puts_chosen_authorities_side_by_side(world, data, client):
    client.force_login(world.users["scrutiny"])
    response = client.get(
        reverse("benchmarks:compare"), {"measure": data.pk, "area": ["205", "208", "970"]}
    )
    assert [a.code for a in response.context["areas"]] == ["205", "208", "970"]
    period, cells = response.context["rows"][-1]
    assert period.label == "2025"
    assert [c.value for c in cells][1:] == [
        Value.objects.get(measure=data, period=period, area__code=code).value
        for code in ("208", "970")
    ]
    empty = client.get(reverse("benchmarks:compare"))
    assert empty.status_code == 200 and empty.context["chart"] is None


def test_a_csv_download_neutralises_formula_cells(world, data, client):
    client.force_login(world.users["scrutiny"])
    response = client.get(
        reverse("benchmarks:compare"),
        {"measure": data.pk, "area": ["205", "970"], "format": "csv"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    headings = rows.index(["Period", "Hammersmith and Fulham", "England", "Notes"])
    about = dict(row for row in rows[:headings] if len(row) == 2)
    assert about["Measure"].startswith(data.title) and about["Rows"] == "2"
    assert about["Areas"] == "Hammersmith and Fulham, England"
    by_period = {row[0]: row[1:] for row in rows[headings + 1 :]}
    marker = Value.objects.get(measure=data, area__code="205", period__label="2025").marker
    expected = missing_words(marker)
    # A suppressed figure is an empty cell with the reason in Notes, never "-" or "'-".
    assert by_period["2025"] == ["", "4.4", f"Hammersmith and Fulham: {expected}"]


def test_a_formula_in_a_benchmark_name_is_written_as_text(world, data, client):
    area = Area.objects.get(code="205")
    area.name = "=HYPERLINK(1)"
    area.save()
    client.force_login(world.users["scrutiny"])
    response = client.get(
        reverse("benchmarks:compare"),
        {"measure": data.pk, "area": ["205", "970"], "format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Period", "'=HYPERLINK(1)", "England", "Notes"] in rows


def test_a_measure_page_downloads_as_xlsx(world, data, client):
    client.force_login(world.users["scrutiny"])
    response = client.get(reverse("benchmarks:measure", args=["205", data.pk]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_reference_data_is_read_by_every_role_and_changed_by_administrators(world, data):
    measure = data
    everything = {"view", "add", "change", "delete"}
    roles = ("officer_hf", "scrutiny", "clerk", "admin")
    own = other = dict.fromkeys(roles, measure)
    expected = {role: {"own": {"view"}, "other": {"view"}} for role in roles[:-1]}
    expected["admin"] = {"own": everything, "other": everything}
    assert_matrix(Measure, world.users, own, other, expected)
    assert not world.users["nobody"].has_perm("benchmarks.view_measure", measure)
