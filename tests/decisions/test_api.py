"""The API: entries and notices listed as the rules allow, and the steps as POST actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from decisions.models import DecisionNotice
from tests.api.helpers import client_for, etag_of
from tests.decisions.conftest import make_entry, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_notice(world, cabinet):
    today = timezone.localdate()
    entry = make_entry(world, cabinet, reference="KD7", decision_date=today)
    entry.publish(None, on=today - dt.timedelta(days=40))
    notice = make_notice(world, cabinet, entry, decided_on=today, meeting=None)
    return notice


def test_drafts_are_listed_only_for_their_authority(world, open_notice):
    url = "/api/v1/decision-notices/"
    assert client_for(world.users["scrutiny"]).get(url).json()["count"] == 0
    assert client_for(world.users["clerk"]).get(url).json()["count"] == 1


def test_the_clerk_publishes_and_a_scrutiny_member_calls_in(world, open_notice):
    url = f"/api/v1/decision-notices/{open_notice.pk}/"
    published = client_for(world.users["clerk"]).post(url + "publish/")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["implementable"] is False
    refused = client_for(world.users["officer_hf"]).post(
        url + "call-in/", {"members": "X", "reasons": "Y"}, format="json"
    )
    assert refused.status_code == 403
    called = client_for(world.users["scrutiny"]).post(
        url + "call-in/", {"members": "Cllr A", "reasons": "Not assured."}, format="json"
    )
    assert called.status_code == 200, called.content
    assert called.json()["status"] == "called_in"
    again = client_for(world.users["scrutiny"]).post(
        url + "call-in/", {"members": "Cllr A", "reasons": "Again."}, format="json"
    )
    assert again.status_code == 409
    call_ins = client_for(world.users["scrutiny"]).get("/api/v1/call-ins/").json()
    assert [c["reasons"] for c in call_ins["results"]] == ["Not assured."]


def test_status_cannot_be_written_and_a_published_notice_cannot_be_changed(world, open_notice):
    client = client_for(world.users["clerk"])
    url = f"/api/v1/decision-notices/{open_notice.pk}/"
    patched = client.patch(
        url, {"status": "published"}, format="json", HTTP_IF_MATCH=etag_of(open_notice)
    )
    assert patched.status_code == 200
    assert patched.json()["status"] == "draft", "status is read-only: it moves only by a step"
    client.post(url + "publish/")
    open_notice.refresh_from_db()
    changed = client.patch(
        url, {"decision": "Other"}, format="json", HTTP_IF_MATCH=etag_of(open_notice)
    )
    assert changed.status_code == 409
    assert DecisionNotice.objects.get(pk=open_notice.pk).decision == "To proceed."


def test_an_entry_published_too_late_is_refused_with_the_reason(world, cabinet):
    entry = make_entry(world, cabinet, reference="KD9", decision_date=timezone.localdate())
    answer = client_for(world.users["clerk"]).post(
        f"/api/v1/forward-plan-entries/{entry.pk}/publish/"
    )
    assert answer.status_code == 409
    assert "0 clear days" in answer.json()["detail"] or "must come after" in str(answer.json())
