"""The mandate pages members and officers read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def test_a_scrutiny_member_reads_a_mandate_with_each_measures_status(hf_mandate, world, login):
    measure = hf_mandate.success_measures.get()
    measure.actuals.create(period="2012", as_at=dt.date(2012, 8, 31), value=Decimal("80"))
    client = login(world.users["scrutiny"])
    response = client.get(reverse("mandates:detail", args=[hf_mandate.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert measure.indicator in page
    assert "Green" in page
    assert hf_mandate.milestones.first().text in page


def test_the_list_shows_only_mandates_the_user_may_see(hf_mandate, rbkc_mandate, world, login):
    client = login(world.users["officer_rbkc"])
    page = client.get(reverse("mandates:list")).content.decode()
    assert escape(rbkc_mandate.title) in page
    assert escape(hf_mandate.title) not in page


def test_the_list_filters_and_downloads_as_the_api_does(hf_mandate, rbkc_mandate, world, login):
    """The list is the shared list page: the API's filters, and a download of every row."""
    from tests.downloads import read_csv

    rbkc_mandate.title = "Kensington mandate"
    rbkc_mandate.save()
    client = login(world.users["scrutiny"])
    page = client.get(reverse("mandates:list"), {"authority": world.rbkc.pk}).content.decode()
    table = page.split("<table", 1)[1]  # the filter's choices above it name every mandate
    assert "Kensington mandate" in table and escape(hf_mandate.title) not in table
    download = read_csv(client.get(reverse("mandates:list"), {"_export": "csv"}).content)
    titles = download.column("Mandate")
    assert sorted(titles) == sorted([hf_mandate.title, rbkc_mandate.title])
    assert client.get(reverse("mandates:list"), {"status": "nonsense"}).status_code == 400


def test_another_boroughs_officer_may_not_read_the_draft(hf_mandate, world, login):
    client = login(world.users["officer_rbkc"])
    response = client.get(reverse("mandates:detail", args=[hf_mandate.pk]))
    assert response.status_code == 404  # hidden, as every hidden page (issue 15)


def test_the_rolled_from_filter_lists_an_authoritys_mandates_once_it_is_chosen(
    hf_mandate, rbkc_mandate, world, login
):
    """Nationally the "previous mandate" select would list every mandate in England (1,530):
    it lists the chosen authority's, and until one is chosen only a mandate the address names,
    with a hint to choose an authority first (``generic.offer_under``)."""
    import re

    def options(page: str) -> list[str]:
        select = re.search(r'<select name="previous_mandate"[^>]*>(.*?)</select>', page, re.S)
        return re.findall(r'<option value="(\d+)"', select.group(1))

    client = login(world.users["scrutiny"])
    everyone = client.get(reverse("mandates:list")).content.decode()
    assert options(everyone) == []
    assert "Choose an authority above to list its mandates." in everyone
    chosen = client.get(reverse("mandates:list"), {"authority": world.hf.pk}).content.decode()
    assert options(chosen) == [str(hf_mandate.pk)]
    assert "id_previous_mandate-hint" not in chosen
    linked = client.get(reverse("mandates:list"), {"previous_mandate": rbkc_mandate.pk})
    assert options(linked.content.decode()) == [str(rbkc_mandate.pk)]
