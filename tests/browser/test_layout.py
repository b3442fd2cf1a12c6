"""The member pages on a councillor's laptop (1,280 x 800) and phone (375 x 812), on the demo.

No page scrolls sideways as a whole: a table wider than its column scrolls inside its own
region, which the keyboard reaches and scrolls and whose name is the table's caption, with the
first column kept in view. The service navigation collapses behind a "Menu" button on a phone
and is a plain list of links without JavaScript. axe-core (WCAG 2.2 AA) stays clean at both
sizes.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, demo_served_once, sign_in

#: ``django_db`` so that the test database is made even when this module runs alone (pytest-django
#: makes it only for marked tests); the demo itself is committed once by ``demo_served_once``.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.long]

PASSWORD = "a-demo-password-for-layout-tests"

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SIZES = {"laptop": LAPTOP, "phone": PHONE}

SCOPE = "?scope=205&year=2012/13"

#: The pages a scrutiny member reads, by the name the test gives them; each is opened by URL
#: (the dashboards' journey test already reaches them through the links).
PAGES = {
    # 2014/15: the year the savings counted as first agreed (the Tri-borough business case)
    # cover, so the overview draws its savings table.
    "overview": "/dashboards/?scope=205&year=2014/15",
    "savings": f"/dashboards/savings/{SCOPE}",
    "budgets": f"/dashboards/budgets/{SCOPE}",
    "contracts register": f"/dashboards/contracts/{SCOPE}",
    "renewals": f"/dashboards/contracts/renewals/{SCOPE}",
    "commissioning": f"/dashboards/commissioning/{SCOPE}",
    "assets": f"/dashboards/assets/{SCOPE}",
    "milestones": f"/dashboards/milestones/{SCOPE}",
    "measures": f"/dashboards/measures/{SCOPE}",
    "compare": "/dashboards/compare/?authority=205&authority=207&authority=213&year=2012/13",
    "benchmarks": "/benchmarks/",
    "benchmarks for H&F": "/benchmarks/?area=205",
    "reports list": "/reports/",
    "savings programmes": "/savings/",
    "mandates": "/mandates/",
    "recommendations tracker": "/scrutiny/recommendations/",
}

#: The widths the page, each table and each table's region take, from the browser's layout.
MEASURE = """() => ({
    viewport: window.innerWidth,
    page: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll('main table')].map(table => {
        const region = table.closest('.app-table-wrapper');
        return {
            caption: table.caption ? table.caption.textContent.trim() : null,
            width: table.getBoundingClientRect().width,
            region: region && {
                role: region.getAttribute('role'),
                tabindex: region.getAttribute('tabindex'),
                labelledBy: region.getAttribute('aria-labelledby'),
                captionId: table.caption && table.caption.id,
                scrollWidth: region.scrollWidth,
                clientWidth: region.clientWidth,
            },
        };
    }),
})"""


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_served_once(django_db_blocker, PASSWORD) as url:
        yield url


@pytest.fixture(scope="module")
def site(demo):
    return demo


@pytest.fixture(scope="module")
def signed_in(browser, demo):
    """The scrutiny member's cookies after signing in once through the login page; each test
    opens its pages in a context of its own holding them (the module's pages only read)."""
    context = browser.new_context(base_url=demo)
    try:
        sign_in(context.new_page(), "scrutiny", PASSWORD)
        yield context.storage_state()
    finally:
        context.close()


@pytest.fixture
def member(new_page, signed_in):
    def _member(viewport, **options):
        return new_page(viewport=viewport, storage_state=signed_in, **options)

    return _member


def check_fits(page) -> dict:
    """Assert the page fits its viewport and every table fits or scrolls in its own region."""
    layout = page.evaluate(MEASURE)
    assert layout["page"] <= layout["viewport"], f"{page.url} is {layout['page']} px wide"
    for table in layout["tables"]:
        region = table["region"]
        assert region, f"{table['caption']!r} on {page.url} is not in a scrolling region"
        assert region["role"] == "region" and region["tabindex"] == "0", table
        assert region["labelledBy"] and region["labelledBy"] == region["captionId"], table
        assert region["clientWidth"] <= layout["viewport"], table
    return layout


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_no_member_page_scrolls_sideways_and_each_stays_accessible(demo, member, name, size):
    page = member(SIZES[size])
    page.goto(PAGES[name])
    layout = check_fits(page)
    if name != "benchmarks":
        assert layout["tables"], f"{name} shows no table to measure"
    assert axe_violations(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_a_wide_table_scrolls_in_its_region_by_keyboard_with_its_first_column_kept(
    demo, member, size
):
    page = member(SIZES[size])
    page.goto(PAGES["contracts register"])
    region = page.get_by_role("region", name="Contracts", exact=True)
    scroll_width, client_width = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert scroll_width > client_width, "the register is wider than its column at this size"

    first_cell = region.locator("tbody tr").first.locator("> :first-child")
    left_before = first_cell.bounding_box()["x"]
    region.focus()
    assert region.evaluate("r => r === document.activeElement")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    assert first_cell.bounding_box()["x"] == pytest.approx(left_before, abs=1), (
        "the first column stays in view while the others scroll"
    )
    last_header = region.locator("thead th").last
    page.keyboard.press("End")
    region.evaluate("r => r.scrollLeft = r.scrollWidth")
    box, region_box = last_header.bounding_box(), region.bounding_box()
    assert box["x"] + box["width"] <= region_box["x"] + region_box["width"] + 1


def test_on_a_phone_the_navigation_collapses_behind_a_menu_button(demo, member):
    page = member(PHONE)
    page.goto(PAGES["savings"])
    menu = page.get_by_role("button", name="Menu")
    links = page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contracts")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not links.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    links.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Contracts register"


def test_on_a_laptop_the_navigation_is_open_with_no_menu_button(demo, member):
    page = member(LAPTOP)
    page.goto(PAGES["savings"])
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Contracts").is_visible()


def test_without_javascript_the_navigation_is_a_list_of_links_and_tables_still_scroll(demo, member):
    page = member(PHONE, java_script_enabled=False)
    page.goto(PAGES["contracts register"])
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Savings").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    check_fits(page)
