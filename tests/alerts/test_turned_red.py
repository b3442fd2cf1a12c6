"""A success measure or a saving announces ``measure.turned_red`` on the change to red only,
and its alert reaches only those who may read the borough's record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from alerts.models import Event
from mandates.models import MeasureActual, SuccessMeasure
from savings.models import DeliveryRecord
from tests.mandates.conftest import make_mandate
from tests.savings.factories import amount_for, line_for, programme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(world):
    mandate = make_mandate(world.hf)
    return SuccessMeasure.objects.create(
        mandate=mandate,
        theme="Fewer children in care",
        indicator="Looked-after children per 10,000",
        unit="rate_10k",
        polarity="lower",
        target_kind="value",
        target_value=Decimal("50"),
    )


def red_events() -> list[Event]:
    return list(Event.objects.filter(kind="measure.turned_red"))


def report_actual(measure, value: str, day: int, capture) -> MeasureActual:
    with capture(execute=True):
        return MeasureActual.objects.create(
            measure=measure, period="2012", as_at=dt.date(2012, 1, day), value=Decimal(value)
        )


def test_a_measure_announces_only_when_it_turns_red(
    measure, django_capture_on_commit_callbacks, immediate_tasks
):
    capture = django_capture_on_commit_callbacks
    report_actual(measure, "49", 1, capture)  # green
    assert red_events() == []
    report_actual(measure, "70", 2, capture)  # red: 40% over a lower-is-better target
    assert len(red_events()) == 1
    assert red_events()[0].record == measure
    report_actual(measure, "80", 3, capture)  # still red: nothing new
    assert len(red_events()) == 1
    report_actual(measure, "52", 4, capture)  # amber (within 10%)
    report_actual(measure, "90", 5, capture)  # red again: a new change to red
    assert len(red_events()) == 2


def test_a_target_raised_past_the_actual_is_a_change_to_red(
    measure, django_capture_on_commit_callbacks, immediate_tasks
):
    report_actual(measure, "49", 1, django_capture_on_commit_callbacks)
    measure.target_value = Decimal("40")
    with django_capture_on_commit_callbacks(execute=True):
        measure.save()
    assert len(red_events()) == 1


def test_a_red_measure_is_told_to_its_boroughs_followers_not_anothers(
    measure, world, people, follows, django_capture_on_commit_callbacks, immediate_tasks
):
    for name in ("officer_hf", "officer_rbkc"):
        follows(people[name], world.hf)
    report_actual(measure, "70", 2, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["officer_hf@example.gov.uk"]]
    assert "Looked-after children per 10,000" in mail.outbox[0].subject


def test_a_saving_announces_when_its_forecast_falls_red(
    world, django_capture_on_commit_callbacks, immediate_tasks
):
    programme = programme_for(world.hf)
    line = line_for(programme)
    amount_for(line, world.hf, 2012, "100000")
    with django_capture_on_commit_callbacks(execute=True):
        record = DeliveryRecord.objects.create(
            line=line, authority=world.hf, year=2012, forecast=Decimal("95000")
        )  # amber
    assert red_events() == []
    record.forecast = Decimal("50000")
    with django_capture_on_commit_callbacks(execute=True):
        record.save()
    assert len(red_events()) == 1
    about = red_events()[0].about
    assert {"ct": about[0]["ct"], "pk": programme.pk} in about
    record.notes = "Still short"
    with django_capture_on_commit_callbacks(execute=True):
        record.save()  # a save of a red saving is no change to red
    assert len(red_events()) == 1
