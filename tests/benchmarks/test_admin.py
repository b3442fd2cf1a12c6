"""The benchmarks admin: administrators maintain reference data, officers link success measures."""

from __future__ import annotations

from django.urls import reverse

from benchmarks.models import Measure


def test_an_administrator_lists_and_searches_the_reference_data(world, reference, client):
    Measure.objects.create(
        short_name="LAC", topic="Children Looked After", name="LAC rate", polarity="none"
    )
    client.force_login(world.users["admin"])
    for name in ("area", "measure", "period", "neighbourmodel", "neighbour", "importrun",
                 "successmeasurebenchmark"):  # fmt: skip
        response = client.get(reverse(f"admin:benchmarks_{name}_changelist"), {"q": "L"})
        assert response.status_code == 200, name


def test_an_officer_may_not_change_reference_data(world, reference, client):
    measure = Measure.objects.create(
        short_name="LAC", topic="Children Looked After", name="LAC rate", polarity="none"
    )
    client.force_login(world.users["officer_hf"])
    url = reverse("admin:benchmarks_measure_change", args=[measure.pk])
    response = client.post(url, {"short_name": "Changed", "topic": "x", "name": "y"})
    assert response.status_code in (302, 403)
    measure.refresh_from_db()
    assert measure.short_name == "LAC"
