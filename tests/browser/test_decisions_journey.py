"""In a real browser, without JavaScript: a scrutiny member reads the forward plan, opens a
decision still open to call-in and calls it in; every decisions page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from decisions.models import DecisionNotice
from tests.browser.conftest import axe_violations, follow, sign_in
from tests.decisions.conftest import make_entry, make_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_notice(world):
    from governance.models import Committee

    cabinet = Committee.objects.create(name="Cabinet", kind="cabinet", authority=world.hf)
    today = timezone.localdate()
    entry = make_entry(world, cabinet, reference="KD7", decision_date=today)
    entry.publish(None, on=today - dt.timedelta(days=40))
    notice = make_notice(world, cabinet, entry, decided_on=today, meeting=None, title="Open one")
    notice.publish(None, on=today)
    return notice


def test_a_scrutiny_member_calls_a_decision_in_without_javascript(open_notice, new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, "scrutiny")
    menu = page.get_by_role("navigation", name="Menu")
    follow(page, menu.get_by_role("link", name="Decisions", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Forward plan of key decisions"
    assert axe_violations(page) == []
    follow(page, page.get_by_role("link", name="KD7"))
    assert axe_violations(page) == []
    follow(page, page.get_by_role("link", name="Open one"))
    assert "Open to call-in" in page.content()
    assert axe_violations(page) == []
    follow(page, page.get_by_role("button", name="Call in the decision"))
    assert page.locator(".govuk-error-message").count() == 2  # nothing filled in
    assert axe_violations(page) == []
    page.get_by_label("Members calling the decision in").fill("Cllr A, Cllr B")
    page.get_by_label("Reasons for the call-in").fill("The savings are not assured.")
    follow(page, page.get_by_role("button", name="Call in the decision"))
    assert "Called in: it may not be implemented" in page.content()
    open_notice.refresh_from_db()
    assert open_notice.status == DecisionNotice.Status.CALLED_IN
    page.goto("/decisions/")
    assert "Called in" in page.locator("table").inner_text()
    assert axe_violations(page) == []
