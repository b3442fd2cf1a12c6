"""Signing in: no stranger can lock a user out, the address counted is the client's, password
reset by e-mail, and the API schema for signed-in users only."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.wsgi import get_wsgi_application
from django.test import Client
from werkzeug.test import Client as WsgiClient

from childrens_services.wsgi import behind_trusted_proxies

PASSWORD = "correct horse battery staple"
STRANGER = "198.51.100.66"
USER_DESK = "203.0.113.10"


def sign_in(client: Client, username: str, password: str, address: str):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_a_strangers_wrong_passwords_do_not_lock_the_user_out_elsewhere(world):
    stranger, admin = Client(), Client()
    for _ in range(12):
        sign_in(stranger, "admin", "guess", STRANGER)
    assert sign_in(stranger, "admin", PASSWORD, STRANGER).status_code == 429

    response = sign_in(admin, "admin", PASSWORD, USER_DESK)
    assert response.status_code == 302
    assert admin.session["_auth_user_id"] == str(world.users["admin"].pk)


@pytest.mark.django_db
def test_one_address_guessing_many_usernames_is_locked_and_no_one_else(world, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 8
    stranger = Client()
    for n in range(7):
        assert sign_in(stranger, f"guess{n}", "guess", STRANGER).status_code == 200
    # Below the per-username limit (5) for every name, but the eighth failure overall locks.
    eighth = sign_in(stranger, "officer_hf", "guess", STRANGER)
    assert eighth.status_code == 429
    assert "Sign-in locked" in eighth.content.decode()
    assert sign_in(stranger, "scrutiny", PASSWORD, STRANGER).status_code == 429

    assert sign_in(Client(), "officer_hf", PASSWORD, USER_DESK).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_behind_one_proxy_the_client_address_is_counted_and_a_forged_entry_is_ignored(world):
    """Through the real WSGI application, as gunicorn serves it behind the load balancer."""
    app = behind_trusted_proxies(get_wsgi_application(), 1)
    browser = WsgiClient(app)
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    browser.get("/accounts/login/", environ_base=balancer)
    token = browser.get_cookie("csrftoken").value

    def fail(forwarded_for: str) -> None:
        response = browser.post(
            "/accounts/login/",
            data={"username": "clerk", "password": "guess", "csrfmiddlewaretoken": token},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base=balancer,
        )
        assert response.status_code == 200

    fail(USER_DESK)
    # The client writes its own X-Forwarded-For; the balancer appends the real address.
    fail(f"{STRANGER}, {USER_DESK}")
    fail(f"10.0.0.99, {STRANGER}, {USER_DESK}")
    attempts = AccessAttempt.objects.filter(username="clerk")
    assert list(attempts.values_list("ip_address", "failures_since_start")) == [(USER_DESK, 3)]


@pytest.mark.django_db
def test_with_no_proxy_configured_x_forwarded_for_is_not_read(world):
    sign_in(Client(HTTP_X_FORWARDED_FOR=STRANGER), "clerk", "guess", USER_DESK)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [USER_DESK]


def _reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_password_reset_by_email_from_request_to_signing_in_with_the_new_password(world):
    officer = world.users["officer_hf"]
    officer.email = "officer@lbhf.example.gov.uk"
    officer.save()
    client = Client()
    for _ in range(5):  # forgotten, tried, and locked out on this device
        sign_in(client, "officer_hf", "what was it", USER_DESK)
    assert sign_in(client, "officer_hf", PASSWORD, USER_DESK).status_code == 429

    response = client.post("/accounts/password-reset/", {"email": "Officer@lbhf.example.gov.uk"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@lbhf.example.gov.uk"]
    assert "officer_hf" in mail.outbox[0].body

    form = client.get(_reset_link(mail.outbox[0]), follow=True)
    assert "Set a new password" in form.content.decode()
    new_password = "a brand new passphrase 2026"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        REMOTE_ADDR=USER_DESK,
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password-reset/done/"
    assert "Password changed" in client.get(done["Location"]).content.decode()

    assert sign_in(Client(), "officer_hf", PASSWORD, USER_DESK).status_code == 200
    signed_in = Client()
    assert sign_in(signed_in, "officer_hf", new_password, USER_DESK).status_code == 302
    assert signed_in.session["_auth_user_id"] == str(officer.pk)
    used_again = client.get(_reset_link(mail.outbox[0]), follow=True)
    assert "This link no longer works" in used_again.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_one_is_mailed(world):
    world.users["clerk"].email = "clerk@example.gov.uk"
    world.users["clerk"].save()
    known = Client().post("/accounts/password-reset/", {"email": "clerk@example.gov.uk"})
    unknown = Client().post("/accounts/password-reset/", {"email": "nobody@example.gov.uk"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["clerk@example.gov.uk"]]


@pytest.mark.django_db
def test_one_address_is_sent_one_link_an_hour_whatever_is_asked(world):
    world.users["clerk"].email = "clerk@example.gov.uk"
    world.users["clerk"].save()
    for _ in range(4):
        response = Client().post("/accounts/password-reset/", {"email": "clerk@example.gov.uk"})
        assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1


def test_the_sign_in_page_links_to_password_reset(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/">Forgotten your password?</a>' in page


@pytest.mark.django_db
def test_the_api_schema_and_docs_need_sign_in_and_the_schema_is_built_once(world, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from childrens_services.api import schema_view

    anonymous = Client()
    assert anonymous.get("/api/v1/schema/").status_code in (401, 403)
    assert anonymous.get("/api/v1/docs/").status_code in (401, 403)

    monkeypatch.setattr(schema_view, "_built", {})
    builds = []
    generate = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        builds.append(1)
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    member = Client()
    member.force_login(world.users["scrutiny"])
    first = member.get("/api/v1/schema/?format=json")
    second = member.get("/api/v1/schema/?format=json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert "/api/v1/mandates/" in first.json()["paths"]
    assert len(builds) == 1
    assert member.get("/api/v1/docs/").status_code == 200
