"""An officer's journey, from the sign-in page, in a real browser (issue: browser journeys).

An officer of H&F edits a savings line's forecast, sees the change and who made it in the
history, is refused the second of two tabs saving the same record, and is refused an RBKC record.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from governance.models import Authority
from savings.models import DeliveryRecord, SavingsLine, SavingsProgramme
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-demo-password-for-browser-tests"


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", with_users=True, stdout=io.StringIO())
    hf = Authority.objects.get(dfe_code="205")
    line = SavingsLine.objects.filter(programme__authority=hf).order_by("position").first()
    year = line.programme.first_year
    record = DeliveryRecord.objects.create(
        line=line, authority=hf, year=year, forecast=Decimal("1000")
    )
    rbkc = Authority.objects.get(dfe_code="207")
    rbkc_programme = SavingsProgramme.objects.create(
        authority=rbkc, name="RBKC MTFS", first_year=2011, last_year=2014
    )
    rbkc_line = SavingsLine.objects.create(
        programme=rbkc_programme, position=1, description="RBKC line"
    )
    rbkc_record = DeliveryRecord.objects.create(line=rbkc_line, authority=rbkc, year=2011)
    return record, rbkc_record


def open_record(page, record) -> None:
    """From the home page, through the admin's own links, to the delivery record."""
    page.get_by_role("link", name="Edit records").click()
    page.get_by_role("link", name="Delivery records").click()
    page.locator("#result_list").get_by_role("link", name=str(record.line)).click()


def test_an_officer_edits_a_forecast_and_finds_it_in_the_history(demo, new_page):
    record, _ = demo
    page = new_page()
    sign_in(page, "officer_hf", PASSWORD)
    open_record(page, record)
    page.get_by_label("Forecast").fill("1250.00")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    record.refresh_from_db()
    assert record.forecast == Decimal("1250.00")
    page.goto(f"/admin/savings/deliveryrecord/{record.pk}/change/")
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history").inner_text()
    assert "officer_hf" in history
    assert "1250" in history


def test_the_second_of_two_tabs_is_refused_with_a_clear_message(demo, new_page):
    record, _ = demo
    first = new_page()
    sign_in(first, "officer_hf", PASSWORD)
    open_record(first, record)
    second = first.context.new_page()
    second.goto(first.url)
    first.get_by_label("Forecast").fill("1100.00")
    first.get_by_role("button", name="Save", exact=True).click()
    second.get_by_label("Forecast").fill("900.00")
    first.locator(".messagelist").wait_for()
    second.get_by_role("button", name="Save", exact=True).click()
    message = second.locator(".errorlist").first.inner_text()
    assert "changed by officer_hf after you opened it" in message
    assert "Forecast" in message
    record.refresh_from_db()
    assert record.forecast == Decimal("1100.00")


def test_an_officer_is_refused_an_rbkc_record(demo, new_page):
    _, rbkc_record = demo
    page = new_page()
    sign_in(page, "officer_hf", PASSWORD)
    page.goto(f"/admin/savings/deliveryrecord/{rbkc_record.pk}/change/")
    assert "doesn’t exist" in page.content() or "doesn't exist" in page.content()
    page.goto("/admin/savings/deliveryrecord/")
    listing = page.locator("#content").inner_text()
    assert "RBKC line" not in listing
    assert "RBKC MTFS" not in listing
