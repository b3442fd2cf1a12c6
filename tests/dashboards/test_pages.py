"""The dashboard pages: who sees what, bad input answered clearly, downloads, edit links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from savings.models import SavingsLine
from tests.downloads import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

PAGES = [
    "overview",
    "savings",
    "budgets",
    "contracts",
    "renewals",
    "commissioning",
    "assets",
    "milestones",
    "measures",
    "recommendations",
    "compare",
]


def url(name: str, query: str = "") -> str:
    return reverse(f"dashboards:{name}") + query


@pytest.mark.parametrize("name", PAGES)
def test_a_scrutiny_member_reads_every_page_for_each_scope(data, client, name):
    client.force_login(data.users["scrutiny"])
    for query in ("", "?scope=205&year=2012/13", "?scope=Tri-borough&year=2012"):
        response = client.get(url(name, query))
        assert response.status_code == 200, query
        assert b"Dashboards" in response.content


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_user_with_no_role_is_refused(data, client):
    client.force_login(data.users["nobody"])
    assert client.get(url("overview")).status_code == 403


def test_an_unknown_scope_is_not_found(data, client):
    client.force_login(data.users["scrutiny"])
    assert client.get(url("overview", "?scope=999")).status_code == 404
    assert client.get(url("contracts", "?scope=Nowhere")).status_code == 404


def test_an_authority_an_officer_cannot_see_is_not_found(data, client):
    client.force_login(data.users["officer_hf"])
    assert client.get(url("overview", "?scope=205")).status_code == 200
    assert client.get(url("overview", "?scope=207")).status_code == 404
    assert client.get(url("compare", "?authority=205&authority=207")).status_code == 404


@pytest.mark.parametrize("year", ["1850/51", "2012/14", "next", "2099"])
def test_a_year_that_does_not_exist_is_a_clear_400(data, client, year):
    client.force_login(data.users["scrutiny"])
    response = client.get(url("overview"), {"year": year})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: There is a problem with the year" in page
    assert page.count("There is a problem with the year") == 2  # the title and the heading
    assert "Show dashboards overview for the latest year</a>" in page


def test_an_unknown_filter_value_is_a_400_and_a_page_past_the_end_a_404(data, client):
    client.force_login(data.users["scrutiny"])
    response = client.get(url("contracts", "?status=lost"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: There is a problem with the filters" in page
    assert "<li>Status: Select a valid choice." in page
    assert client.get(url("contracts", "?page=40")).status_code == 404
    assert client.get(url("assets", "?asset_list=moon")).status_code == 400


def test_a_savings_line_of_no_one_visible_is_not_found(data, client):
    client.force_login(data.users["scrutiny"])
    assert client.get(reverse("dashboards:savings_line", args=[999999])).status_code == 404


def test_the_csv_holds_exactly_the_filtered_rows_of_the_scope_neutralised(data, client):
    client.force_login(data.users["scrutiny"])
    response = client.get(url("contracts", "?scope=207&title=Transport&_export=csv"))
    download = read_csv(response.content)
    assert download.headings[:2] == ["Reference", "Title"]
    rows = [row[:3] for row in download.rows]
    assert rows == [["L-0", "'=Transport 0", "Kensington and Chelsea"]]
    assert "Edit" not in download.headings


def test_the_xlsx_download_is_a_workbook_of_the_scope(data, client):
    client.force_login(data.users["scrutiny"])
    response = client.get(url("assets", "?scope=Tri-borough&_export=xlsx"))
    assert len(read_xlsx(response.content).rows) == 6


def test_sorting_a_table_marks_the_column(data, client):
    client.force_login(data.users["scrutiny"])
    page = client.get(url("contracts", "?sort=-title")).content.decode()
    assert 'aria-sort="descending"' in page
    assert page.index("Fostering framework 0") < page.index("=Transport 0")


def test_officers_get_edit_links_for_their_own_records_only(data, client):
    client.force_login(data.users["officer_hf"])
    page = client.get(url("contracts")).content.decode()
    assert page.count("/admin/commissioning/contract/") == 2
    measures = client.get(url("measures")).content.decode()
    assert "/admin/mandates/successmeasure/" in measures


def test_scrutiny_members_get_no_edit_links(data, client):
    client.force_login(data.users["scrutiny"])
    for name in ("contracts", "measures", "milestones", "assets", "budgets"):
        assert "/admin/" not in client.get(url(name, "?year=2012")).content.decode(), name


def test_compare_sets_three_boroughs_side_by_side(data, client):
    client.force_login(data.users["scrutiny"])
    response = client.get(url("compare", "?authority=205&authority=207&authority=213&year=2012"))
    page = response.content.decode()
    assert "H&amp;F, RBKC, WCC side by side, 2012/13" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Contracts renewing in the next 12 months" in page


def test_the_savings_page_totals_by_year_and_drills_down_to_a_line(data, client):
    client.force_login(data.users["scrutiny"])
    page = client.get(url("savings", "?scope=205&year=2012")).content.decode()
    assert "£100,000" in page
    line = SavingsLine.objects.filter(amounts__authority=data.hf).first()
    assert reverse("dashboards:savings_line", args=[line.pk]) in page
    detail = client.get(reverse("dashboards:savings_line", args=[line.pk])).content.decode()
    assert "History of this line" in detail and "Created" in detail


def test_the_milestones_grid_says_overdue_in_words(data, client):
    client.force_login(data.users["scrutiny"])
    page = client.get(url("milestones", "?scope=205&year=2012")).content.decode()
    assert "Open the new school 0" in page and "On track" in page
    earlier = page.split("Overdue from earlier years", 1)[1]
    assert "Agree the admissions code 0" in earlier
    assert "Slipped" in earlier and "Overdue" in earlier


def test_charts_carry_no_script(data, client):
    client.force_login(data.users["scrutiny"])
    for name in ("savings", "renewals", "commissioning"):
        page = client.get(url(name, "?year=2011")).content.decode()
        assert "<script" not in page.split("</header>", 1)[1].split("<footer", 1)[0], name


def test_a_measure_linked_to_published_data_links_to_its_neighbours_and_england(data, client):
    from benchmarks.models import Measure, NeighbourModel, SuccessMeasureBenchmark
    from mandates.models import SuccessMeasure

    published = Measure.objects.create(
        short_name="KS4", topic="Education", name="GCSE attainment", polarity="high"
    )
    model = NeighbourModel.objects.create(year=2025, name="CSSNBT 2025")
    success_measure = SuccessMeasure.objects.get(mandate__authority=data.hf)
    SuccessMeasureBenchmark.objects.create(
        success_measure=success_measure, measure=published, neighbour_model=model
    )
    client.force_login(data.users["scrutiny"])
    page = client.get(url("measures", "?scope=205")).content.decode()
    assert reverse("benchmarks:measure", args=["205", published.pk]) in page
    assert reverse("benchmarks:authority", args=["205"]) in page


def test_the_programme_filter_offers_the_programmes_of_the_authorities_in_scope(data, client):
    from savings.models import SavingsProgramme

    harrow_only = SavingsProgramme.objects.create(
        authority=data.harrow, name="Harrow savings plan", first_year=2011, last_year=2014
    )
    client.force_login(data.users["scrutiny"])
    hf = client.get(url("savings", "?scope=205&year=2012")).content.decode()
    assert "Tri-borough business case" in hf  # H&F takes part in the partnership's programme
    assert harrow_only.name not in hf
    assert "Choose an authority above" not in hf


def test_across_every_authority_the_programme_filter_asks_for_an_authority_first(data, client):
    """Nationally there are 1,530 programmes: none is listed until an authority is chosen, but
    an address naming one (a link from elsewhere) still filters by it and shows it chosen."""
    from savings.models import SavingsProgramme

    harrow_only = SavingsProgramme.objects.create(
        authority=data.harrow, name="Harrow savings plan", first_year=2011, last_year=2014
    )
    client.force_login(data.users["scrutiny"])
    everyone = client.get(url("savings", "?year=2012")).content.decode()
    assert harrow_only.name not in everyone
    hint = re.search(r'<div id="id_programme-hint" class="govuk-hint">([^<]+)</div>', everyone)
    assert hint and hint.group(1) == "Choose an authority above to list its savings programmes."
    assert re.search(r'<select name="programme"[^>]*aria-describedby="id_programme-hint"', everyone)
    tri = SavingsProgramme.objects.get(partnership=data.triborough)
    named = client.get(url("savings", f"?year=2012&programme={tri.pk}")).content.decode()
    assert re.search(rf'<option value="{tri.pk}" selected>', named)
    assert harrow_only.name not in named


def test_an_officer_is_not_offered_another_boroughs_programme(data, client):
    from savings.models import SavingsProgramme

    SavingsProgramme.objects.create(
        authority=data.harrow, name="Harrow savings plan", first_year=2011, last_year=2014
    )
    client.force_login(data.users["officer_rbkc"])
    page = client.get(url("savings", "?year=2012")).content.decode()
    assert "Tri-borough business case" in page
    assert "Harrow savings plan" not in page


def test_a_change_to_a_record_shows_on_the_next_request(data, client):
    """The cached figures and table are redrawn once a record changes."""
    from savings.models import SavingsProfile

    client.force_login(data.users["scrutiny"])
    before = client.get(url("savings", "?scope=205&year=2012")).content.decode()
    assert "£100,000" in before and "£123,456" not in before
    cell = SavingsProfile.objects.get(authority=data.hf, year=2012)
    cell.amount = 123456
    cell.save()
    after = client.get(url("savings", "?scope=205&year=2012")).content.decode()
    assert "£123,456" in after


def test_the_overview_links_to_the_comparison_for_its_year(data, client):
    client.force_login(data.users["scrutiny"])
    page = client.get(url("overview", "?scope=205&year=2012")).content.decode()
    assert reverse("dashboards:compare") + "?year=2012/13" in page
    assert "Savings planned and delivered in 2012/13" in page


def test_the_renewals_timeline_counts_every_contract_and_lists_the_first(world, client,
                                                                         monkeypatch):  # fmt: skip
    from dashboards.views import RenewalsView
    from tests.dashboards.conftest import build

    build(world, 6)  # six fostering frameworks per borough end on 30 September 2012
    monkeypatch.setattr(RenewalsView, "listed", 4)
    client.force_login(world.users["scrutiny"])
    page = client.get(url("renewals", "?scope=205&year=2012")).content.decode()
    assert "2012/13 Q2: 6 contracts, the first 4 to fall due listed" in page
    assert page.count("Fostering framework") == 4
    everyone = client.get(url("renewals", "?year=2012")).content.decode()
    assert "2012/13 Q2: 18 contracts, the first 4 to fall due listed" in everyone


def test_the_assets_page_totals_the_same_receipts_as_the_overview(data, client):
    client.force_login(data.users["scrutiny"])
    page = client.get(url("assets", "?scope=205&year=2012")).content.decode()
    overview = client.get(url("overview", "?scope=205&year=2012")).content.decode()
    for figure in ("£1,000,000", "£250,000"):
        assert figure in page and figure in overview


def test_each_renewals_heading_is_read_once_and_every_table_keeps_its_caption(world, client):
    from commissioning.models import Contract
    from tests.dashboards.conftest import build

    build(world, 1)
    Contract.objects.filter(authority=world.hf).update(future_intention="tri_borough")
    client.force_login(world.users["scrutiny"])
    page = client.get(url("renewals", "?year=2012")).content.decode()
    # Each caption carries the id its scrolling region is named by (``{% scrolls %}``).
    hidden = r'<caption id="caption-\w+" class="govuk-visually-hidden">'
    visible = re.sub(hidden + r"[^<]*</caption>", "", page)
    assert visible.count("Potential tri-borough contracts</") == 1
    assert re.search(hidden + "Potential tri-borough contracts<", page)
    # The quarter tables have no heading of their own, so their captions stay visible.
    assert re.search(
        r'<caption id="caption-\w+" class="govuk-table__caption govuk-table__caption--m">'
        r"2012/13 Q2",
        page,
    )


@pytest.mark.parametrize("name", ["commissioning", "measures", "recommendations"])
def test_a_page_whose_figures_are_for_no_year_offers_and_states_none(data, client, name):
    """Commissioning (every period), success measures (each latest mandate) and overdue
    recommendations (as at today) ignore the year: they neither offer one nor say one, nor
    point to "the latest year with figures"; the overview still does."""
    client.force_login(data.users["scrutiny"])
    page = client.get(url(name)).content.decode()
    assert 'name="year"' not in page and "financial year" not in page.split("<main", 1)[1]
    overview = client.get(url("overview")).content.decode()
    assert 'name="year"' in overview and "financial year <strong>" in overview
