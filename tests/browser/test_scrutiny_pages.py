"""A scrutiny member's recommendations tracker, a recommendation's page and a meeting's
attendance, in a real browser on the demo data: reached by links, axe-clean."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.conftest import axe_violations, demo_served_once, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "a-demo-password-for-browser-tests"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_served_once(django_db_blocker, PASSWORD) as url:
        yield url


@pytest.fixture(scope="module")
def site(demo):
    return demo


def test_the_tracker_a_recommendation_and_its_meeting_have_no_violations(demo, new_page):
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto("/dashboards/recommendations/")
    assert page.get_by_role("heading", name="Overdue responses").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Every recommendation, with its response and actions").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_role("link", name="That Cabinet receive the committee's comments").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="The executive's response").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Education Select Committee, 17 January 2012").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Attendance").is_visible()
    assert axe_violations(page) == []


def test_the_hf_mandate_the_largest_real_document_reads_as_a_govuk_page(demo, new_page):
    """The 2011 H&F mandate, reached from the mandates list: GOV.UK headings, summary list and
    tables (each wide one scrolling in its own labelled region), and axe-clean."""
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto("/mandates/")
    title = "Hammersmith & Fulham Mandate for Children's Services 2011"
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1)
    assert "govuk-heading-xl" in heading.get_attribute("class")
    assert page.get_by_role("region", name="Milestones").count() == 1
    font = page.locator(".app-document p").first.evaluate("p => getComputedStyle(p).fontFamily")
    assert "arial" in font.lower()
    assert axe_violations(page) == []


def test_the_data_quality_page_reads_as_a_govuk_page(demo, new_page):
    """The figures that disagree with their papers: GOV.UK heading and table, the table
    scrolling in its own region named by its caption, and axe-clean."""
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto("/savings/data-quality/")
    heading = page.get_by_role("heading", level=1)
    assert "govuk-heading-l" in heading.get_attribute("class")
    region = page.get_by_role("region", name="Reported figures that differ from their lines")
    assert region.count() == 1
    assert region.locator("tbody tr").count() >= 17  # the seeds' papers' disagreements
    assert axe_violations(page) == []


@pytest.fixture(scope="module")
def spend_elsewhere(demo, django_db_blocker):
    """The demo records spend by delivery model for H&F only (its mandate's table); two more
    authorities' spend, so the commissioning page has authorities to compare, taken away at the
    end of the module. Module-scoped so that it is written, as the demo is, before any test's
    transaction opens: written inside one, the server's own connection would not see it on
    Postgres."""
    from commissioning.models import DeliveryModelSpend
    from governance.models import Authority

    with django_db_blocker.unblock():
        made = [
            DeliveryModelSpend.objects.create(
                authority=Authority.objects.get(dfe_code=code),
                start_year=year,
                end_year=year,
                category=category,
                amount=Decimal(amount),
            )  # fmt: skip
            for code in ("207", "213")
            for year, category, amount in [
                (2011, "commissioned", "600"),
                (2011, "direct", "400"),
                (2012, "commissioned", "650"),
                (2012, "direct", "350"),
            ]  # fmt: skip
        ]
        yield
        DeliveryModelSpend.objects.filter(pk__in=[spend.pk for spend in made]).delete()


def test_the_commissioning_comparison_leads_to_each_authoritys_chart(demo, new_page,
                                                                      spend_elsewhere):  # fmt: skip
    """Across all authorities the commissioning page compares them in one table; a row's link
    leads to that authority's chart and table by period. Both axe-clean."""
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto("/dashboards/commissioning/")
    region = page.get_by_role("region", name="Commissioned share of spend, 3 authorities")
    assert region.locator("tbody tr").count() == 3
    assert "up 5 points" in region.inner_text()
    assert page.locator("main svg").count() == 0
    assert axe_violations(page) == []
    region.get_by_role("link", name="Westminster chart and table by period").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Westminster", level=2).is_visible()
    assert page.locator("main svg").count() == 1
    assert axe_violations(page) == []


@pytest.fixture(scope="module")
def merton_measured(demo, django_db_blocker):
    """The demo's Merton mandate holds no success measures nor milestones; a copy of the H&F
    2011 mandate's, so the success measures and milestones pages have two authorities to
    compare across all authorities, taken away at the end of the module (module-scoped, as
    ``spend_elsewhere`` is, for the server's connection to see them on Postgres)."""
    from governance.models import Division
    from mandates.models import Mandate, Milestone, SuccessMeasure

    with django_db_blocker.unblock():
        merton = Mandate.objects.get(authority__name="Merton")
        division = Division.objects.create(authority=merton.authority, name="Family services")
        copied = []
        for model, extra in ((SuccessMeasure, {}), (Milestone, {"division": division})):
            for record in model.objects.filter(mandate__authority__dfe_code="205"):
                record.pk = None
                record.mandate = merton
                for name, value in extra.items():
                    setattr(record, name, value)
                record.save()
                copied.append(record)
        yield
        for record in reversed(copied):
            type(record).objects.filter(pk=record.pk).delete()
        division.delete()


@pytest.mark.parametrize(
    ("path", "caption", "link", "each"),
    [
        ("/dashboards/measures/", "Success measures by status, 2 authorities",
         "Merton success measures", "main tbody .app-rag"),
        ("/dashboards/milestones/?year=2012/13", "Milestones by status, 2012/13, 2 authorities",
         "Merton milestones of 2012/13", "main .app-milestone"),
    ],
)  # fmt: skip
def test_across_all_authorities_measures_and_milestones_are_compared(
    demo, new_page, merton_measured, path, caption, link, each
):
    """Across all authorities each authority's measures (or the year's milestones) are counted
    by status in one table, fitting the page; a row's link leads to that authority's own.
    Both axe-clean."""
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto(path)
    region = page.get_by_role("region", name=caption)
    assert region.locator("tbody tr").count() == 2
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert page.locator(each).count() == 0  # counted, not listed
    assert axe_violations(page) == []
    region.get_by_role("link", name=link).click()
    page.wait_for_load_state()
    assert page.get_by_role("region", name=caption).count() == 0
    assert page.locator(each).count() > 2  # Merton's every measure or milestone
    assert axe_violations(page) == []


def test_the_hf_measures_fit_the_page_with_each_status_beside_its_indicator(demo, new_page):
    """The H&F 2011 mandate's success measures, the largest real set: the table fits its
    region at 1,280 pixels (no scrolling sideways to reach a status), each status in the
    column after the indicator's authority."""
    page = new_page()
    sign_in(page, "scrutiny", PASSWORD)
    page.goto("/dashboards/measures/?scope=205")
    region = page.get_by_role("region", name="Success measures: baseline, latest and target")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
    headings = region.locator("thead th").all_inner_texts()
    assert headings[:3] == ["Indicator", "Authority", "Status"]
    assert region.locator("tbody tr").count() == 11
    assert region.locator("tbody tr td:nth-of-type(2) .app-rag").count() == 11
