"""The benchmark's floor (``/perf/floor/``) reads and writes nothing, even for a signed-in
person whose session is due its once-a-minute refresh: the ratios in docs/performance.md are
to a request that never saves the session or touches ``last_login``."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childrens_services.sessions import REFRESHED_AT

pytestmark = pytest.mark.urls("perf.urls")


@pytest.fixture
def due_for_refresh(world, client):
    """Signed in as scrutiny, with the session last slid long ago: any request that counts as
    activity would save it now."""
    client.force_login(get_user_model().objects.get(username="scrutiny"))
    session = client.session
    session[REFRESHED_AT] = 0
    session.save()
    return session.session_key


def test_the_floor_runs_no_query_and_saves_nothing_for_a_signed_in_person(client, due_for_refresh):
    user = get_user_model().objects.get(username="scrutiny")
    before = Session.objects.get(pk=due_for_refresh)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/perf/floor/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert [q["sql"] for q in captured.captured_queries] == []
    after = Session.objects.get(pk=due_for_refresh)
    assert (after.expire_date, after.session_data) == (before.expire_date, before.session_data)
    assert "sessionid" not in response.cookies  # neither slid nor ended
    assert get_user_model().objects.get(pk=user.pk).last_login == user.last_login


def test_a_page_on_the_same_session_is_still_activity_and_slides_it(client, due_for_refresh):
    """The floor's exemption is its own: the same request to a page refreshes the session."""
    response = client.get("/")
    assert response.status_code == 200
    assert Session.objects.get(pk=due_for_refresh).get_decoded()[REFRESHED_AT] > 0
