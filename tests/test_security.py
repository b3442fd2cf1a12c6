"""Security a council expects: throttled sign-in, security headers, CSRF on forms."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_sign_in_locks_after_repeated_failures_even_with_the_right_password(world, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "officer_hf", "password": "wrong"})
    response = client.post(
        "/accounts/login/",
        {"username": "officer_hf", "password": "correct horse battery staple"},
    )
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_sign_in_before_the_limit_succeeds(world, client):
    client.post("/accounts/login/", {"username": "officer_hf", "password": "wrong"})
    response = client.post(
        "/accounts/login/",
        {"username": "officer_hf", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["officer_hf"].pk)


def test_a_django_permission_stored_for_a_user_grants_nothing_beyond_the_rule_set(world):
    """The rule set is the one source of permissions: a permission ticked for a user in the
    database (Django's own ``user_permissions``) neither widens it nor is read at all."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    member = world.users["scrutiny"]
    member.user_permissions.add(Permission.objects.get(codename="add_committeereport"))
    member = get_user_model().objects.get(pk=member.pk)  # nothing remembered from before
    assert not member.has_perm("governance.add_committeereport")
    assert member.has_perm("governance.view_committeereport")


def test_pages_carry_security_headers_and_a_policy_with_no_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_forms_refuse_a_post_without_the_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/login/",
        {"username": "officer_hf", "password": "correct horse battery staple"},
    )
    assert response.status_code == 403
