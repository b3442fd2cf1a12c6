"""In a real browser: sign-in works without JavaScript, and pages pass axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest

from governance.models import Division
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sign_in_and_home_pages_have_no_accessibility_violations(world, new_page):
    page = new_page()
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    sign_in(page, "scrutiny")
    assert page.get_by_role("heading", name="Children's services").is_visible()
    assert axe_violations(page) == []


def test_sign_in_works_with_javascript_switched_off(world, new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, "officer_hf")
    assert "Hammersmith and Fulham" in page.content()


def test_an_officer_edits_a_record_and_sees_who_changed_it_in_the_history(world, new_page):
    division = Division.objects.create(authority=world.hf, name="Education", head="Ian Heggs")
    page = new_page()
    sign_in(page, "officer_hf")
    page.goto(f"/admin/governance/division/{division.pk}/change/")
    page.get_by_label("Head").fill("Steve Miley")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.goto(f"/admin/governance/division/{division.pk}/history/")
    history = page.locator("#change-history").inner_text()
    assert "officer_hf" in history
    assert "Steve Miley" in history


def test_the_second_of_two_tabs_saving_the_same_record_is_refused(world, new_page):
    division = Division.objects.create(authority=world.hf, name="Education")
    page = new_page()
    sign_in(page, "officer_hf")
    url = f"/admin/governance/division/{division.pk}/change/"
    first_tab = page
    second_tab = page.context.new_page()
    first_tab.goto(url)
    second_tab.goto(url)
    first_tab.get_by_label("Head").fill("From the first tab")
    first_tab.get_by_role("button", name="Save", exact=True).click()
    first_tab.wait_for_load_state()
    second_tab.get_by_label("Description").fill("From the second tab")
    second_tab.get_by_role("button", name="Save", exact=True).click()
    second_tab.wait_for_load_state()
    assert "changed by officer_hf after you opened it" in second_tab.content()
    division.refresh_from_db()
    assert (division.head, division.description) == ("From the first tab", "")


def test_an_officer_is_refused_another_authoritys_record(world, new_page):
    division = Division.objects.create(authority=world.rbkc, name="Family Services")
    page = new_page()
    sign_in(page, "officer_hf")
    page.goto(f"/admin/governance/division/{division.pk}/change/")
    assert "This division belongs to Kensington and Chelsea" in page.content()
    assert "Family Services" not in page.locator("#content").inner_text()


def test_the_axe_harness_reports_a_real_violation(world, new_page):
    page = new_page()
    page.set_content('<html lang="en"><body><main><img src="chart.png"></main></body></html>')
    assert "image-alt" in [violation["id"] for violation in axe_violations(page)]


def test_the_timeout_warning_appears_before_sign_out_and_extends_the_session(
    world, new_page, settings
):
    settings.SESSION_COOKIE_AGE = 180  # warn after one minute
    page = new_page()
    page.clock.install()
    sign_in(page, "scrutiny")
    warning = page.locator(".app-session-warning")
    assert warning.is_hidden()
    page.clock.run_for(61_000)
    assert warning.is_visible()
    page.get_by_role("button", name="Stay signed in").click()
    page.wait_for_timeout(500)
    assert warning.is_hidden()
    assert "signed in as scrutiny" in page.content()


def test_the_password_reset_pages_have_no_accessibility_violations_and_work(world, new_page):
    import re

    from django.core import mail

    officer = world.users["officer_hf"]
    officer.email = "officer@lbhf.example.gov.uk"
    officer.save()
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert page.get_by_role("heading", name="Reset your password").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("E-mail address").fill("officer@lbhf.example.gov.uk")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()
    assert axe_violations(page) == []

    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mail.outbox[-1].body)
    page.goto(link.group(1))
    assert page.get_by_role("heading", name="Set a new password").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password again").fill("different")
    page.get_by_role("button", name="Set the new password").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("New password", exact=True).fill("a brand new passphrase 2026")
    page.get_by_label("New password again").fill("a brand new passphrase 2026")
    page.get_by_role("button", name="Set the new password").click()
    assert page.get_by_role("heading", name="Password changed").is_visible()
    assert axe_violations(page) == []

    page.goto(link.group(1))
    assert page.get_by_role("heading", name="This link no longer works").is_visible()
    assert axe_violations(page) == []
    sign_in(page, "officer_hf", "a brand new passphrase 2026")
    assert "signed in as officer_hf" in page.content() or "Sign out officer_hf" in page.content()


def test_the_locked_out_page_has_no_accessibility_violations(world, new_page):
    page = new_page()
    for _ in range(5):
        sign_in(page, "clerk", "not the password")
    assert page.get_by_role("heading", name="Sign-in locked for 30 minutes").is_visible()
    assert axe_violations(page) == []
