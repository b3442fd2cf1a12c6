"""The savings pages: the data-quality list and a programme in its paper's own form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from childrens_services.permissions import OFFICER
from governance.models import Authority
from savings import computations as calc
from savings import figures
from savings.models import DeliveryRecord, ReportedFigure, SavingsLine
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_data_quality_page_lists_every_disagreement(seeded, world_admin, login):
    expected = figures.disagreements(ReportedFigure.objects.all(), SavingsLine.objects.all())
    page = login(world_admin).get(reverse("savings:data_quality"))
    assert page.status_code == 200
    body = page.content.decode()
    # A disagreement's row opens with a cell; the overlaps' rows open with a row header.
    row = '<tr class="govuk-table__row"><td class="govuk-table__cell">'
    assert body.count(row) == len(expected)
    assert "Social Care – Middle management savings: Existing MTFS column" in body
    assert "Total Assured, Projected and Possible Savings, H&amp;F" in body
    total = next(c for c in expected if c.label.endswith("Possible Savings, Total"))
    assert (total.reported, total.computed) == (Decimal("11800000"), Decimal("11817000"))
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert f"{cell}£11,800,000</td>{cell}£11,817,000</td>{cell}(£17,000)</td>" in body, (
        "amounts as the pages show pounds, not 11800000.00"
    )


@pytest.mark.parametrize(
    ("kind", "measure", "in_pounds"),
    [
        (ReportedFigure.Kind.BUDGET_TOTAL, "", True),
        (ReportedFigure.Kind.FTE_TOTAL, "", False),
        (ReportedFigure.Kind.RESTRUCTURE, ReportedFigure.Measure.CLOSING_BUDGET, True),
        (ReportedFigure.Kind.RESTRUCTURE, ReportedFigure.Measure.FTE_ADDITIONALITY, False),
    ],
)
def test_a_reported_figure_knows_whether_it_is_pounds_or_fte(kind, measure, in_pounds):
    assert ReportedFigure(kind=kind, measure=measure).in_pounds is in_pounds


def test_the_known_disagreements_of_the_seeds_are_all_found(seeded):
    found = {
        item.label: item.agreement
        for item in figures.disagreements(ReportedFigure.objects.all(), SavingsLine.objects.all())
    }
    middle_management = next(label for label in found if label.startswith("Social Care"))
    assert found[middle_management] == calc.Agreement.DIFFERS
    for borough in ("H&F", "RBKC", "CoW", "Total"):
        assert f"Total Assured, Projected and Possible Savings, {borough}" in found
    assert "Total CHS – Tri borough savings, 2014/15" not in found


def test_correcting_a_line_clears_its_disagreement(seeded):
    line = SavingsLine.objects.get(description="Social Care – Middle management savings")
    line.split_amount_as_reported = None
    line.save()
    labels = [
        item.label
        for item in figures.disagreements(ReportedFigure.objects.all(), SavingsLine.objects.all())
    ]
    assert not any(label.startswith("Social Care") for label in labels)


def test_a_user_without_a_role_is_refused_the_data_quality_page(world, login):
    response = login(world.users["nobody"]).get(reverse("savings:data_quality"))
    assert response.status_code == 403


def test_the_harrow_page_prints_the_papers_negative_incremental_figures(seeded, world_admin, login):
    page = login(world_admin).get(reverse("savings:programme", args=[seeded["harrow"].pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "-914" in body
    assert "-1,259" in body


def test_the_hf_page_shows_the_computed_dsg_exclusion(seeded, world_admin, login):
    page = login(world_admin).get(reverse("savings:programme", args=[seeded["hf"].pk]))
    body = page.content.decode()
    assert "(620)" in body
    assert "5,297" in body


def test_an_officer_sees_only_programmes_they_may_view(seeded, world_admin, login):
    harrow_officer = make_user("harrow_officer", OFFICER, [Authority.objects.get(dfe_code="310")])
    client = login(harrow_officer)
    listing = client.get(reverse("savings:programmes")).content.decode()
    assert escape(seeded["harrow"].name) in listing
    assert escape(seeded["hf"].name) not in listing
    response = client.get(reverse("savings:programme", args=[seeded["hf"].pk]))
    assert response.status_code == 404


def test_the_delivery_position_compares_achieved_with_the_plan(seeded):
    hf = seeded["hf"]
    line = hf.lines.get(description="Single Management Team")
    planned = line.amounts.get(year=2012).amount
    DeliveryRecord.objects.create(
        line=line, authority=hf.authority, year=2012, achieved=planned - Decimal("40000")
    )
    position = figures.delivery_position_of(hf, 2012)["H&F"]
    cells = [a for a in figures.amounts_of(hf) if a.year == 2012]
    assert position.planned == sum(a.amount for a in cells)
    assert position.delivered == planned - Decimal("40000")
    assert position.shortfall == Decimal("40000"), "only against the line whose delivery is in"
    assert position.not_recorded == len(cells) - 1, "the other lines are counted, not zero"
    assert position.rag == calc.rag(planned, None, position.delivered)


def test_the_data_quality_pages_queries_do_not_grow_with_the_figures_checked(
    seeded, world_admin, login, django_assert_max_num_queries
):
    """Each figure's restructure positions, line cells, targets and column authority are read
    with all the figures (107 queries for the seeds' 103 figures when each read its own)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world_admin)
    url = reverse("savings:data_quality")
    client.get(url)
    cache.clear()  # both requests read everything, as after an edit
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    kinds = [ReportedFigure.Kind.RESTRUCTURE, ReportedFigure.Kind.LINE_TOTAL]
    for kind in kinds:
        for figure in ReportedFigure.objects.filter(kind=kind)[:5]:
            figure.pk = None
            figure.label = f"{figure.label} (again)"
            figure.save()
    assert ReportedFigure.objects.filter(label__endswith="(again)").count() == 10
    cache.clear()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(first.captured_queries) <= 40


def test_the_data_quality_page_is_kept_and_shows_a_new_figure_at_once(seeded, world_admin, login):
    """The page is drawn once (the cache) and drawn again as soon as a figure is added."""
    client = login(world_admin)
    url = reverse("savings:data_quality")
    checked = ReportedFigure.objects.count()
    assert f"{checked} reported figures checked" in client.get(url).content.decode()
    figure = ReportedFigure.objects.filter(kind=ReportedFigure.Kind.LINE_TOTAL).first()
    figure.pk = None
    figure.label = f"{figure.label} (again)"
    figure.save()
    assert f"{checked + 1} reported figures checked" in client.get(url).content.decode()
