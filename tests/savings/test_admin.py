"""The savings admin: a line's profile is one grid; reported figures list disagreements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childrens_services import formatting
from savings import figures
from savings.models import DeliveryRecord, ReportedFigure, SavingsLine, SavingsProfile
from tests.savings.factories import amount_for, line_for, programme_for

pytestmark = pytest.mark.django_db


def grid_post(line, cells: dict[str, str]) -> dict[str, str]:
    """The line form as the admin posts it, with the given grid cells filled in."""
    data = {
        "programme": str(line.programme_id),
        "position": str(line.position),
        "description": line.description,
        "funding": line.funding,
        "seen_version": str(line.version),
        "delivery-TOTAL_FORMS": "0",
        "delivery-INITIAL_FORMS": "0",
        "delivery-MIN_NUM_FORMS": "0",
        "delivery-MAX_NUM_FORMS": "1000",
        "_continue": "Save",
    }
    data.update(cells)
    return data


def test_an_officer_edits_every_year_of_a_line_in_one_grid(world, login):
    line = line_for(programme_for(world.triborough, first_year=2013, last_year=2014))
    amount_for(line, world.hf, 2013, "100.00")
    amount_for(line, world.wcc, 2014, "9.00")
    client = login(world.users["officer_hf"])
    url = reverse("admin:savings_savingsline_change", args=[line.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="amount_{world.rbkc.pk}_2014"' in page.content.decode()
    assert f'name="amount_{world.hf.pk}_2013" value="100"' in page.content.decode(), (
        "a whole-pound cell is shown as 100, not 100.00"
    )

    cells = {
        f"amount_{world.hf.pk}_2013": "100.00",
        f"amount_{world.hf.pk}_2014": "200.00",
        f"amount_{world.rbkc.pk}_2014": "50.50",
        f"amount_{world.wcc.pk}_2014": "",
    }
    response = client.post(url, grid_post(line, cells))
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = {(a.authority_id, a.year): a.amount for a in line.amounts.all()}
    assert stored == {
        (world.hf.pk, 2013): Decimal("100.00"),
        (world.hf.pk, 2014): Decimal("200.00"),
        (world.rbkc.pk, 2014): Decimal("50.50"),
    }
    untouched = SavingsProfile.objects.get(line=line, authority=world.hf, year=2013)
    assert untouched.history.count() == 1


def test_a_grid_cell_with_three_decimal_places_is_refused_and_nothing_changes(world, login):
    line = line_for(programme_for(world.hf))
    client = login(world.users["officer_hf"])
    url = reverse("admin:savings_savingsline_change", args=[line.pk])
    response = client.post(url, grid_post(line, {f"amount_{world.hf.pk}_2012": "70.005"}))
    assert response.status_code == 200
    assert "no more than 2 decimal places" in response.content.decode()
    assert not line.amounts.exists()


def test_another_boroughs_officer_cannot_open_the_line(world, login):
    line = line_for(programme_for(world.hf))
    client = login(world.users["officer_rbkc"])
    response = client.get(reverse("admin:savings_savingsline_change", args=[line.pk]))
    assert response.status_code in (302, 403, 404)


def test_a_clerk_reads_the_profile_without_a_grid(world, login):
    line = line_for(programme_for(world.hf))
    amount_for(line, world.hf, 2012, "70.00")
    client = login(world.users["clerk"])
    page = client.get(reverse("admin:savings_savingsline_change", args=[line.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "£70" in body and "£70.00" not in body
    assert f'name="amount_{world.hf.pk}_2012"' not in body


def test_the_reported_figures_list_filters_to_disagreements(seeded, world_admin, login):
    client = login(world_admin)
    url = reverse("admin:savings_reportedfigure_changelist")
    everything = client.get(url)
    assert everything.status_code == 200
    disagreeing = client.get(url, {"agreement": "disagrees"})
    body = disagreeing.content.decode()
    assert "Total Assured, Projected and Possible Savings, H&amp;F" in body
    assert "Total CHS – Tri borough savings, 2014/15" not in body


def test_the_reported_figures_list_reads_each_programme_once_not_once_a_figure(
    seeded, world_admin, login, django_assert_max_num_queries
):
    """More figures of a programme cost the list no more queries: each programme's cells and
    split are read once for the page (``figures.checks``), not three times a figure."""
    client = login(world_admin)
    url = reverse("admin:savings_reportedfigure_changelist")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    programme = seeded["tri"]
    kinds = [ReportedFigure.Kind.PROGRAMME_TOTAL, ReportedFigure.Kind.MTFS_TOTAL] * 5
    for n, kind in enumerate(kinds):
        ReportedFigure.objects.create(
            kind=kind, label=f"Added {n}", programme=programme, partnership=programme.partnership,
            value=Decimal(n), year=programme.last_year if kind == kinds[0] else None,
        )  # fmt: skip
    with django_assert_max_num_queries(len(before.captured_queries)):
        body = client.get(url).content.decode()
    computed = figures.check(ReportedFigure.objects.get(label="Added 2")).computed
    assert computed and f'<td class="field-computed">{formatting.count(computed)}</td>' in body


SAVINGS_MODELS = [
    "savingsprogramme",
    "savingsline",
    "savingsprofile",
    "staffingrestructure",
    "implementationcost",
    "divisionbudget",
    "savingstarget",
    "capitalprogrammeline",
    "deliveryrecord",
    "reportedfigure",
]


@pytest.mark.parametrize("model_name", SAVINGS_MODELS)
def test_every_savings_admin_lists_and_opens_the_seed_records(
    seeded, world_admin, login, model_name
):
    line = SavingsLine.objects.filter(programme=seeded["hf"]).first()
    DeliveryRecord.objects.get_or_create(
        line=line, authority=seeded["hf"].authority, year=2012, defaults={"forecast": 1}
    )
    client = login(world_admin)
    listing = client.get(reverse(f"admin:savings_{model_name}_changelist"))
    assert listing.status_code == 200
    record = apps.get_model("savings", model_name).objects.first()
    page = client.get(reverse(f"admin:savings_{model_name}_change", args=[record.pk]))
    assert page.status_code == 200
    assert client.get(reverse(f"admin:savings_{model_name}_add")).status_code == 200
