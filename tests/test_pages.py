"""Site-wide pages: sign-in, home, health check, and the compiled front end."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_signed_in_officer_sees_their_authority_on_the_home_page(world, client):
    client.force_login(world.users["officer_hf"])
    page = client.get("/").content.decode()
    assert "Hammersmith and Fulham" in page
    assert "officer" in page
    assert 'href="/admin/"' in page


def test_scrutiny_members_get_no_edit_link(world, client):
    client.force_login(world.users["scrutiny"])
    page = client.get("/").content.decode()
    assert "scrutiny member" in page
    assert 'href="/admin/"' not in page


def test_sign_in_with_a_wrong_password_says_so_without_revealing_which(world, client):
    response = client.post("/accounts/login/", {"username": "officer_hf", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_health_check_reaches_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_the_stylesheet_uses_arial_not_the_gov_uk_font():
    css = Path(settings.BASE_DIR, "static", "build", "css", "app.css")
    assert css.exists(), "the front end is not built: run `make frontend`"
    text = css.read_text()
    assert "arial,sans-serif" in text
    assert "GDS Transport" not in text


def test_stay_signed_in_renews_the_session_and_returns_to_the_page(world, client):
    client.force_login(world.users["scrutiny"])
    response = client.post("/accounts/keep-alive/", {"next": "/?x=1"})
    assert response.status_code == 302
    assert response.url == "/?x=1"
    assert client.get("/").status_code == 200


def test_stay_signed_in_never_redirects_off_site(world, client):
    client.force_login(world.users["scrutiny"])
    response = client.post("/accounts/keep-alive/", {"next": "https://evil.example/"})
    assert response.url == "/"


def test_every_signed_in_page_states_the_inactivity_limit(world, client):
    client.force_login(world.users["scrutiny"])
    page = client.get("/").content.decode()
    assert "signed out after 60 minutes without activity" in page
    assert 'action="/accounts/keep-alive/"' in page
