"""A scrutiny member's journey through the dashboards, in a real browser, on the demo data.

From the home page, without typing a URL: every dashboard page, a table sorted and
downloaded, and H&F compared with RBKC and WCC. Then axe-core on every page: no violations.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, demo_served_once, sign_in
from tests.downloads import read_csv

#: The tests only read, so they share one load of the demo data (``demo_served_once``);
#: ``django_db`` has the test databases made when this module runs alone.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.long]

PASSWORD = "a-demo-password-for-browser-tests"

#: Every dashboard page's sub-navigation label, and a heading the page shows.
PAGES = [
    ("Overview", "Dashboards overview"),
    ("Savings", "Savings"),
    ("Budgets and capital", "Budgets and capital"),
    ("Contracts register", "Contracts register"),
    ("Renewals timeline", "Renewals timeline"),
    ("Commissioning plan", "Commissioning plan"),
    ("Assets", "Assets pipeline"),
    ("Milestones", "Milestones"),
    ("Success measures", "Success measures"),
    ("Scrutiny recommendations", "Scrutiny recommendations"),
    ("Compare authorities", "Compare authorities"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_served_once(django_db_blocker, PASSWORD) as url:
        yield url


@pytest.fixture(scope="module")
def site(demo):
    return demo


def subnav(page, label: str):
    return page.get_by_role("navigation", name="Dashboards").get_by_role(
        "link", name=label, exact=True
    )


def test_a_scrutiny_member_reaches_every_page_sorts_downloads_and_compares(demo, new_page):
    page = new_page(accept_downloads=True)
    sign_in(page, "scrutiny", PASSWORD)
    page.get_by_role("link", name="Overview").first.click()
    page.get_by_label("Authority or partnership").select_option(label="Hammersmith and Fulham")
    page.get_by_label("Financial year").select_option(label="2012/13")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "Hammersmith and Fulham" in page.locator(".app-scope-summary").inner_text()

    for label, heading in PAGES:
        subnav(page, label).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        if label != "Compare authorities":
            assert "scope=205" in page.url and "2012" in page.url

    subnav(page, "Contracts register").click()
    page.get_by_role("link", name="Title").click()
    page.wait_for_load_state()
    assert page.locator("th[aria-sort]").count() == 1
    titles = page.locator("tbody tr td:nth-of-type(1)").all_inner_texts()
    assert len(titles) > 1
    assert titles == sorted(titles, key=str.lower) or titles == sorted(titles)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    with open(download_info.value.path(), "rb") as downloaded:
        download = read_csv(downloaded.read())
    assert download.headings[:2] == ["Reference", "Title"]
    assert download.about["Scope"] == "Hammersmith and Fulham"
    assert len(download.rows) == page.locator("tbody tr").count()

    subnav(page, "Compare authorities").click()
    for name in ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"):
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    caption = page.locator("caption").first.inner_text()
    assert caption.startswith("H&F, RBKC, WCC side by side")
    assert page.locator("svg[role=img]").count() == 1


@pytest.mark.parametrize(("label", "heading"), PAGES)
def test_every_dashboard_page_has_no_accessibility_violations(demo, new_page, label, heading):
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto("/dashboards/?scope=205&year=2012/13")
    subnav(page, label).click()
    page.wait_for_load_state()
    if label == "Compare authorities":
        for name in ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"):
            page.get_by_label(name, exact=True).check()
        page.get_by_role("button", name="Compare").click()
        page.wait_for_load_state()
    assert axe_violations(page) == []


def test_the_overview_has_no_violations_for_all_authorities_and_an_officer(demo, new_page):
    page = new_page()
    sign_in(page, "officer_hf", PASSWORD)
    page.goto("/dashboards/")
    assert axe_violations(page) == []
    page.goto("/dashboards/milestones/?year=2012/13")
    assert page.get_by_role("link", name="Edit").count() > 0
    assert axe_violations(page) == []
