"""Decision notices: published with a call-in period of working days; implementable only after
it closes uncalled, or once a call-in is resolved with the decision standing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from childrens_services import events
from childrens_services.lifecycle import TransitionError
from childrens_services.models import FrozenRecordError
from decisions.models import DecisionNotice
from tests.decisions.conftest import DECISION_DAY, make_notice

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2011, 6, 22)  # a Wednesday: five working days end on Wednesday 29 June
CLOSES = dt.date(2011, 6, 29)


def test_publishing_opens_a_call_in_period_of_working_days(notice):
    notice.publish(None, on=PUBLISHED)
    notice.refresh_from_db()
    assert notice.call_in_closes == CLOSES
    assert notice.call_in_open(CLOSES) and not notice.call_in_open(CLOSES + dt.timedelta(days=1))
    assert not notice.implementable(CLOSES)
    assert notice.implementable(CLOSES + dt.timedelta(days=1))
    assert "until the end of 29 June 2011" in notice.call_in_status(CLOSES)


def test_the_call_in_period_is_configurable(world, cabinet, published_entry):
    notice = make_notice(world, cabinet, published_entry, call_in_working_days=3)
    notice.publish(None, on=PUBLISHED)
    assert notice.call_in_closes == dt.date(2011, 6, 27)  # Thu, Fri, (weekend), Mon


def test_a_published_notice_is_frozen(notice):
    notice.publish(None, on=PUBLISHED)
    notice.decision = "Something else."
    with pytest.raises(FrozenRecordError):
        notice.save()


def test_a_called_in_decision_is_not_implementable_until_resolved(notice, world):
    notice.publish(None, on=PUBLISHED)
    scrutiny = world.users["scrutiny"]
    call_in = notice.call_in(scrutiny, "Cllr A, Cllr B", "The savings are not assured.", PUBLISHED)
    notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.CALLED_IN
    assert call_in.called_by == scrutiny
    assert not notice.implementable(dt.date(2026, 1, 1))
    notice.resolve_call_in(world.users["clerk"], "referred_back", "Reconsider the figures.")
    notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.RESOLVED
    assert not notice.implementable(dt.date(2026, 1, 1))
    assert "referred back" in notice.call_in_status()


def test_a_call_in_resolved_with_the_decision_standing_may_be_implemented(notice, world):
    notice.publish(None, on=PUBLISHED)
    notice.call_in(world.users["scrutiny"], "Cllr A", "Reasons.", PUBLISHED)
    notice.resolve_call_in(world.users["clerk"], "stands")
    assert notice.implementable(PUBLISHED)


def test_a_call_in_after_the_period_is_refused(notice, world):
    notice.publish(None, on=PUBLISHED)
    with pytest.raises(TransitionError) as refused:
        notice.call_in(world.users["scrutiny"], "Cllr A", "Late.", CLOSES + dt.timedelta(days=1))
    assert "ended on 29 June 2011" in str(refused.value)
    notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.PUBLISHED and not notice.call_ins.exists()


def test_a_call_in_needs_members_and_reasons(notice, world):
    notice.publish(None, on=PUBLISHED)
    with pytest.raises(ValidationError):
        notice.call_in(world.users["scrutiny"], "Cllr A", "  ", PUBLISHED)
    notice.refresh_from_db()
    assert notice.status == DecisionNotice.Status.PUBLISHED


def test_only_scrutiny_members_call_in_and_only_clerks_resolve(notice, world):
    notice.publish(None, on=PUBLISHED)
    lifecycle = DecisionNotice.lifecycle
    users = world.users
    assert lifecycle.may(notice, users["scrutiny"], "call_in")
    for name in ("officer_hf", "clerk", "nobody"):
        assert not lifecycle.may(notice, users[name], "call_in"), name
    assert lifecycle.may(notice, users["clerk"], "resolve_call_in")
    for name in ("clerk_rbkc", "scrutiny", "officer_hf"):
        assert not lifecycle.may(notice, users[name], "resolve_call_in"), name


def test_a_key_decision_taken_before_its_notice_ran_is_refused(world, cabinet, published_entry):
    with pytest.raises(ValidationError) as refused:
        make_notice(world, cabinet, published_entry, decided_on=dt.date(2011, 6, 1), meeting=None)
    assert "decided_on" in refused.value.message_dict


def test_a_key_decision_needs_a_published_entry(world, cabinet, entry):
    with pytest.raises(ValidationError) as refused:
        make_notice(world, cabinet, entry)
    assert "not published on the forward plan" in str(refused.value)
    with pytest.raises(ValidationError):
        make_notice(world, cabinet, None, key_decision=True)


@pytest.mark.django_db(transaction=True)
def test_publishing_and_calling_in_are_announced(world, cabinet):
    from tests.decisions.conftest import make_entry

    entry = make_entry(world, cabinet)
    entry.publish(None, on=dt.date(2011, 5, 1))
    notice = make_notice(world, cabinet, entry)
    heard = []

    def listener(sender, **kwargs):
        heard.append((kwargs["kind"], kwargs["about"]))

    events.happened.connect(listener)
    try:
        notice.publish(None, on=PUBLISHED)
        notice.call_in(world.users["scrutiny"], "Cllr A", "Reasons.", PUBLISHED)
    finally:
        events.happened.disconnect(listener)
    assert heard == [
        ("decision.published", (cabinet, world.hf, "forward-plan")),
        ("decision.called_in", (cabinet, world.hf, "forward-plan")),
    ]
    assert DECISION_DAY < PUBLISHED
