"""The inactivity sign-out slides with activity but writes the session at most once a minute.

Time is moved by hand (``django.utils.timezone.now`` is what the session backend, its expiry
and ``SessionRefreshMiddleware`` all read), so these tests cover an hour in milliseconds.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from childrens_services.sessions import REFRESH_EVERY_SECONDS

PASSWORD = "correct horse battery staple"
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def at(self, seconds: float) -> None:
        self.now = START + dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def session_writes(queries) -> list[str]:
    writes = ("UPDATE", "INSERT")
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(writes)
    ]


def sign_in(client, username="scrutiny"):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200 and b"signed in as" in response.content


def test_reading_pages_writes_the_session_at_most_once_a_minute(world, client, clock):
    sign_in(client)
    writes = []
    for second in range(5, REFRESH_EVERY_SECONDS, 5):
        clock.at(second)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        writes += session_writes(queries.captured_queries)
    assert writes == [], "pages read within a minute of the last refresh wrote the session"

    clock.at(REFRESH_EVERY_SECONDS + 1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(session_writes(queries.captured_queries)) == 1
    session = Session.objects.get()
    expected = clock.now + dt.timedelta(seconds=client.session.get_expiry_age())
    assert abs((session.expire_date - expected).total_seconds()) < 2


def test_activity_keeps_a_session_alive_past_the_inactivity_limit(world, client, clock, settings):
    settings.SESSION_COOKIE_AGE = 600
    sign_in(client)
    for second in range(50, 3 * 600, 50):
        clock.at(second)
        assert signed_in(client), f"signed out at {second} s despite a request every 50 s"


@pytest.mark.parametrize("last_refresh_lag", [0, REFRESH_EVERY_SECONDS - 1])
def test_an_idle_session_ends_within_a_minute_of_the_inactivity_limit(
    world, client, clock, settings, last_refresh_lag
):
    """Never later than the limit after the last activity, and at most a minute earlier."""
    settings.SESSION_COOKIE_AGE = 600
    sign_in(client)  # refreshes at 0
    clock.at(last_refresh_lag)  # the last activity, which may not have refreshed the session
    assert signed_in(client)
    last_activity = last_refresh_lag

    clock.at(last_activity + 600 - REFRESH_EVERY_SECONDS)
    still = client.session.session_key
    assert Session.objects.filter(session_key=still, expire_date__gt=clock.now).exists()

    clock.at(last_activity + 600 + 1)
    assert not signed_in(client)
    assert client.get("/").status_code == 302


def test_stay_signed_in_refreshes_at_once(world, client, clock):
    sign_in(client)
    clock.at(10)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/accounts/keep-alive/", {"next": "/"})
    assert response.status_code == 302
    assert len(session_writes(queries.captured_queries)) == 1
    session = Session.objects.get()
    expected = clock.now + dt.timedelta(seconds=client.session.get_expiry_age())
    assert abs((session.expire_date - expected).total_seconds()) < 2


def test_anonymous_and_api_token_requests_create_no_session(world, client, clock):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["scrutiny"])
    client.get("/accounts/login/")
    client.get("/healthz")
    client.get("/api/v1/contracts/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert Session.objects.count() == 0


def test_signing_out_ends_the_session_and_it_is_not_recreated(world, client, clock):
    sign_in(client)
    clock.at(REFRESH_EVERY_SECONDS * 2)
    assert client.post("/accounts/logout/").status_code in (200, 302)
    assert Session.objects.count() == 0
    assert not signed_in(client)
    assert Session.objects.count() == 0
