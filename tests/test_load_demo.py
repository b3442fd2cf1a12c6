"""``load_demo`` loads the seed papers' records and users, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from governance.models import Authority, Committee, Partnership

pytestmark = pytest.mark.long


def row_counts() -> dict[str, int]:
    """Rows of every model (history included) in the domain apps, and of users."""
    domain = [config for config in apps.get_app_configs() if getattr(config, "feeds_figures", 0)]
    assert {config.label for config in domain} >= {"governance", "savings", "benchmarks"}
    models = [m for config in domain for m in config.get_models()]
    counts = {m._meta.label: m._default_manager.count() for m in models}
    counts["auth.User"] = apps.get_model("auth", "User").objects.count()
    return counts


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_rows(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    out = io.StringIO()
    call_command("load_demo", with_users=True, stdout=out)
    first = row_counts()
    assert_reads_cleanly(out.getvalue(), first)
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


def assert_reads_cleanly(output: str, counts: dict[str, int]) -> None:
    """What a new user reads: a heading, one line of counts per app, the users; nothing else."""
    loaded, users = output.split("\n\nDemo users (sign in at /accounts/login/):\n")
    heading, *lines = loaded.splitlines()
    assert heading == "Loaded (running this again changes nothing):"
    assert [line.split(":")[0].strip() for line in lines] == [
        "governance", "mandates", "mandates", "mandates", "savings", "commissioning",
        "benchmarks", "scrutiny", "decisions", "reports",
    ]  # fmt: skip
    assert f"{counts['governance.Authority']} authorities" in lines[0]
    assert f"{counts['commissioning.Contract']} contracts" in output
    assert f"{counts['decisions.DecisionNotice']} decision notices" in output
    assert lines[-1] == "  reports: 5 published, 0 drafts"
    assert "Not loaded" not in output and "left out" not in output and "[" not in output
    rows = users.splitlines()
    assert rows[0].split() == ["username", "role", "password"]
    for username in ("officer_hf", "scrutiny", "clerk", "admin"):
        assert any(row.split()[0] == username and row.split()[-1] == "a-demo-password-for-tests"
                   for row in rows[1:9])  # fmt: skip


@pytest.mark.django_db
def test_appendices_that_cannot_be_loaded_are_listed_once_under_their_own_heading(monkeypatch):
    from childrens_services import blocks

    monkeypatch.setattr(blocks, "is_registered", lambda kind: False)
    out = io.StringIO()
    call_command("load_demo", no_users=True, stdout=out)
    text = out.getvalue()
    loaded, rest = text.split("\n\nNot loaded (")
    assert "appendix" not in loaded
    # Every seed paper has a live table now (001 its Ofsted judgements), so none is published.
    assert "  reports: 0 published, 5 drafts" in loaded
    count, *reasons = rest.split("\n\n")[0].splitlines()
    assert count == f"{len(reasons)}; everything else was):"
    assert len(reasons) >= 4
    for reason in reasons:
        assert reason.startswith('  appendix "') and "no app provides its kind" in reason
    assert text.count("Not loaded") == 1
    assert text.rstrip().endswith("No demo users created (--no-users).")
