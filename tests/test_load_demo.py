"""``load_demo`` loads the seed papers' records and users, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from governance.models import Authority, Committee, Partnership

DOMAIN_APPS = ("governance", "mandates", "savings", "commissioning", "benchmarks")


def row_counts() -> dict[str, int]:
    """Rows of every model (history included) in the domain apps, and of users."""
    models = [m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models()]
    counts = {m._meta.label: m._default_manager.count() for m in models}
    counts["auth.User"] = apps.get_model("auth", "User").objects.count()
    return counts


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_rows(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("load_demo", with_users=True, stdout=io.StringIO())
    first = row_counts()
    versions = list(Authority.objects.order_by("pk").values_list("version", flat=True))
    call_command("load_demo", with_users=True, stdout=io.StringIO())
    assert row_counts() == first
    assert list(Authority.objects.order_by("pk").values_list("version", flat=True)) == versions

    assert first["governance.Authority"] >= 153
    hf = Authority.objects.get(dfe_code="205")
    assert (hf.short_name, hf.gss_code) == ("H&F", "E09000013")
    tri = Partnership.objects.get(short_name="Tri-borough")
    assert sorted(tri.members.values_list("short_name", flat=True)) == ["H&F", "RBKC", "WCC"]
    assert Committee.objects.filter(authority__short_name="Merton").exists()
    officer = apps.get_model("auth", "User").objects.get(username="officer_hf")
    assert officer.check_password("a-demo-password-for-tests")
    assert officer.profile.authorities.get() == hf


@pytest.mark.django_db
def test_load_demo_creates_no_users_with_production_settings(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert apps.get_model("auth", "User").objects.count() == 0
    assert "no demo users created" in out.getvalue()
