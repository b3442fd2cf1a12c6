"""A Cabinet, its meeting and a forward plan entry with a decision, for the decisions tests."""

from __future__ import annotations

import datetime as dt

import pytest

from decisions.models import DecisionNotice, ForwardPlanEntry
from governance.models import Committee, Meeting

DECISION_DAY = dt.date(2011, 6, 20)


@pytest.fixture
def cabinet(world) -> Committee:
    return Committee.objects.create(name="Cabinet", kind="cabinet", authority=world.hf)


def make_entry(world, cabinet, **values) -> ForwardPlanEntry:
    fields = {
        "authority": world.hf,
        "reference": "KD1",
        "subject": "Tri-borough service plans",
        "decision_maker_kind": "cabinet",
        "decision_maker": "Cabinet",
        "committee": cabinet,
        "decision_date": DECISION_DAY,
        **values,
    }
    entry = ForwardPlanEntry(**fields)
    entry.full_clean()
    entry.save()
    return entry


@pytest.fixture
def entry(world, cabinet) -> ForwardPlanEntry:
    return make_entry(world, cabinet)


@pytest.fixture
def published_entry(entry) -> ForwardPlanEntry:
    entry.publish(None, on=dt.date(2011, 5, 20))
    return entry


def make_notice(world, cabinet, entry=None, **values) -> DecisionNotice:
    fields = {
        "authority": world.hf,
        "title": "Tri-borough: agreement to proceed",
        "forward_plan_entry": entry,
        "key_decision": entry is not None,
        "decision_maker_kind": "cabinet",
        "decision_maker": "Cabinet",
        "committee": cabinet,
        "meeting": Meeting.objects.get_or_create(committee=cabinet, date=DECISION_DAY)[0],
        "decided_on": DECISION_DAY,
        "decision": "To proceed.",
        "reasons": "Savings of £11.8m.",
        "alternatives_rejected": "Three separate services.",
        **values,
    }
    notice = DecisionNotice(**fields)
    notice.full_clean()
    notice.save()
    return notice


@pytest.fixture
def notice(world, cabinet, published_entry) -> DecisionNotice:
    return make_notice(world, cabinet, published_entry)
