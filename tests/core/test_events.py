"""``events.announce``: heard once after commit, never for a rolled-back change, and only
for kinds and topics the core knows."""

from __future__ import annotations

import pytest
from django.db import transaction

from childrens_services import events
from governance.models import Authority

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    calls = []

    def listener(sender, **kwargs):
        calls.append((sender, kwargs["kind"], kwargs["record"], kwargs["about"]))

    events.happened.connect(listener)
    yield calls
    events.happened.disconnect(listener)


def test_an_event_is_heard_once_after_the_change_commits(heard):
    authority = Authority.objects.first() or Authority.objects.create(
        name="Testshire", dfe_code="999"
    )
    with transaction.atomic():
        events.announce("report.published", authority, about=[authority, "forward-plan"])
        assert heard == []  # not before commit
    assert heard == [(Authority, "report.published", authority, (authority, "forward-plan"))]


def test_a_rolled_back_change_announces_nothing(heard):
    authority = Authority.objects.first() or Authority.objects.create(
        name="Testshire", dfe_code="999"
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        events.announce("decision.published", authority)
        raise RuntimeError("rolled back")
    assert heard == []


def test_unknown_kinds_and_topics_are_refused_by_name():
    with pytest.raises(ValueError, match="no.such"):
        events.announce("no.such", object())
    with pytest.raises(ValueError, match="gossip"):
        events.announce("decision.published", object(), about=["gossip"])
