"""The mandate page asks the same number of queries however long its sections are: each
section is read once, not once a row (issue 20: query counts constant in data size)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mandates.models import (
    Asset,
    KeyFact,
    MeasureActual,
    Milestone,
    Objective,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)
from tests.mandates.conftest import make_mandate

pytestmark = pytest.mark.django_db


def lengthen(mandate, rows: int) -> None:
    """Give every section of ``mandate`` (made by ``make_mandate``, one row each) ``rows``
    rows, each measure two actuals."""
    measure = mandate.success_measures.get()
    milestone = mandate.milestones.first()
    for n in range(1, rows):
        KeyFact.objects.create(
            mandate=mandate, label=f"Fact {n}", value=Decimal(n), unit="children",
            as_at=dt.date(2011, 10, 23), source="Census",
        )  # fmt: skip
        StrategicPriority.objects.create(mandate=mandate, number=n + 1, text=f"Priority {n}")
        Objective.objects.create(mandate=mandate, area="education", text=f"Objective {n}")
        PerformanceArrangement.objects.create(mandate=mandate, text=f"Arrangement {n}")
        twin = SuccessMeasure.objects.create(
            mandate=mandate, theme=measure.theme, indicator=f"Indicator {n}", unit="percent",
            polarity="higher", target_kind="value", target_value=Decimal("75"),
        )  # fmt: skip
        for year in (2011, 2012):
            MeasureActual.objects.create(
                measure=twin, period=str(year), as_at=dt.date(year, 8, 31), value=Decimal("70")
            )
        Risk.objects.create(mandate=mandate, description=f"Risk {n}")
        Milestone.objects.create(
            mandate=mandate, division=milestone.division, year=2012, quarter=3, text=f"Step {n}"
        )
        Asset.objects.create(
            mandate=mandate, asset_list="realisation", name=f"Depot {n}", status="sold"
        )
        StatutoryResponsibility.objects.create(mandate=mandate, text=f"Duty {n}")
        ServiceChallenge.objects.create(mandate=mandate, text=f"Challenge {n}")


def queries_reading(client, mandate) -> int:
    """The page's queries with nothing kept: its body is kept until its authority's records
    change (``test_the_mandate_pages_body_is_kept_until_its_authoritys_records_change``)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("mandates:detail", args=[mandate.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_mandate_page_reads_each_section_once_however_long(world, login):
    short, long = make_mandate(world.hf, 2011), make_mandate(world.hf, 2015)
    lengthen(long, 20)
    client = login(world.users["scrutiny"])
    queries_reading(client, short)  # the session and the user, read once either way
    assert queries_reading(client, long) == queries_reading(client, short)
    assert "Indicator 19" in client.get(reverse("mandates:detail", args=[long.pk])).text


def test_a_measures_latest_actual_is_the_same_prefetched_or_asked(hf_mandate):
    """The latest ``as_at`` wins, then the newest record among equals, either way."""
    measure = hf_mandate.success_measures.get()
    measure.actuals.create(period="2012 a", as_at=dt.date(2012, 8, 31), value=Decimal("71"))
    newest = measure.actuals.create(
        period="2012 b", as_at=dt.date(2012, 8, 31), value=Decimal("72")
    )
    prefetched = hf_mandate.success_measures.prefetch_related("actuals").get()
    assert measure.latest_actual() == prefetched.latest_actual() == newest


def test_the_mandate_pages_body_is_kept_until_its_authoritys_records_change(world, login):
    import re

    def page() -> str:
        """The page without the sign-out form's token, masked afresh on every request."""
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).text)

    mandate = make_mandate(world.hf, 2011)
    client = login(world.users["scrutiny"])
    url = reverse("mandates:detail", args=[mandate.pk])
    first = page()
    with CaptureQueriesContext(connection) as again:
        assert page() == first
    assert not any("mandates_successmeasure" in q["sql"] for q in again.captured_queries)
    # An edit in another borough leaves it kept; one of its own sections draws it again.
    make_mandate(world.rbkc, 2011)
    with CaptureQueriesContext(connection) as elsewhere:
        assert page() == first
    assert not any("mandates_successmeasure" in q["sql"] for q in elsewhere.captured_queries)
    StatutoryResponsibility.objects.create(mandate=mandate, text="Keep a register of children")
    assert "Keep a register of children" in page()
