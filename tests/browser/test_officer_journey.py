"""An officer's journey, from the sign-in page, in a real browser (issue: browser journeys).

An officer of H&F edits a savings line's forecast, sees the change and who made it in the
history, is refused the second of two tabs saving the same record, and is refused an RBKC record;
and saves every section of the H&F 2011 mandate, page by page.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import models

from governance.models import Authority
from mandates.models import Mandate
from mandates.section_editor import SECTIONS
from savings.models import DeliveryRecord, SavingsLine, SavingsProgramme
from tests.browser.conftest import demo_served_once, sign_in

#: The tests share one load of the demo data (``demo_served_once``): each changes only what it
#: then reads back itself (the forecast it typed, the mandate's sections), so their order does
#: not matter. ``django_db`` (a transaction rolled back after each test) also has the test
#: databases made when this module runs alone.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.long]

PASSWORD = "a-demo-password-for-browser-tests"


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker):
    with demo_served_once(django_db_blocker, PASSWORD) as url, django_db_blocker.unblock():
        yield url, demo_records()


@pytest.fixture(scope="module")
def site(served):
    return served[0]


@pytest.fixture
def demo(served):
    """The delivery records the tests open (H&F's, RBKC's)."""
    return served[1]


def demo_records():
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
    assert "This delivery record belongs to Kensington and Chelsea" in page.content()
    page.goto("/admin/savings/deliveryrecord/")
    listing = page.locator("#content").inner_text()
    assert "RBKC line" not in listing
    assert "RBKC MTFS" not in listing


#: What the officer types into the blank row of a section the H&F paper leaves empty.
NEW_ROWS = {
    "Statutory responsibilities": {"Text": "Safeguarding children at risk"},
    "Service challenges": {"Text": "Recruit and retain social workers"},
    "Measure actuals": {"Period": "2012", "As at": "2012-08-31", "Value": "70.8"},
}


def test_an_officer_saves_every_section_of_the_hf_mandate(demo, new_page):
    """Every section of the H&F 2011 mandate, every page of it, saves from the browser: the
    page that once posted ~1,300 fields and was refused is now a task list of small pages."""
    hf_mandate = Mandate.objects.get(authority__dfe_code="205", start_year=2011)
    page = new_page()
    sign_in(page, "officer_hf", PASSWORD)
    page.get_by_role("link", name="Edit records").click()
    page.locator("tr.model-mandate th a").first.click()
    page.locator("#result_list").get_by_role("link", name=hf_mandate.title).click()
    page.locator("#mandate-sections").wait_for()
    mandate_url = page.url
    tasks = page.locator("#mandate-sections tbody th a")
    titles = tasks.all_inner_texts()
    assert titles == [section.title for section in SECTIONS]
    for title, section in zip(titles, SECTIONS, strict=True):
        page.goto(mandate_url)
        page.locator("#mandate-sections").get_by_role("link", name=title, exact=True).click()
        pages = max(1, page.locator("nav.paginator a").count() + 1)
        for number in range(1, pages + 1):
            if number > 1:
                page.get_by_role("link", name=f"Page {number}", exact=True).click()
            first = section.rows_per_page * (number - 1) + 1
            row = section.rows(hf_mandate)[first - 1 : first]
            if row:
                column = _text_column(section)
                label = f"{section.model._meta.get_field(column).verbose_name}".capitalize()
                cell = page.get_by_label(f"{label}, row {first}", exact=True)
                edited = f"{cell.input_value()} (checked)"[:60]
                cell.fill(edited)
            else:
                if title == "Measure actuals":
                    page.get_by_label("Measure, new row 1").select_option(index=1)
                for name, value in NEW_ROWS[title].items():
                    page.get_by_label(f"{name}, new row 1", exact=True).fill(value)
            page.get_by_role("button", name="Save", exact=True).click()
            message = page.locator(".messagelist").inner_text()
            assert f"{title} saved" in message, message
            if row:
                saved = section.model.objects.get(pk=row[0].pk)
                assert getattr(saved, column) == edited
                assert saved.history.first().history_user.username == "officer_hf"
            else:
                assert section.rows(hf_mandate).count() == 1
    page.goto(mandate_url)
    listing = page.locator("#mandate-sections").inner_text()
    assert "officer_hf" in listing
    assert "Never" not in listing


def _text_column(section) -> str:
    for name in section.fields:
        field = section.model._meta.get_field(name)
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            return name
    raise AssertionError(section.slug)
