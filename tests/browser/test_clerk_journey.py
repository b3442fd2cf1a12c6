"""A clerk's journey, from the sign-in page, in a real browser (issue 17: the composer).

The clerk starts a report from an agenda item on the meeting's page, gives its front matter
and a section, adds a live savings table by picking the programme from a list, previews it,
checks the draft PDF says DRAFT on every page, confirms publication on the page that says
what it does, downloads the published PDF and finds the figures in it; then builds the
meeting's agenda pack and watches its progress until the download appears. Nothing is typed
as JSON, and axe finds no WCAG 2.2 AA violation on any composer page.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from governance.models import CommitteeReport, Meeting
from savings.models import SavingsProgramme
from tests.browser.conftest import axe_violations, demo_served_once, follow, sign_in

#: Transactional: the task worker the test runs claims the pack in a transaction of its own.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-demo-password-for-browser-tests"
FIGURES = ("1,075", "1,550", "4,283", "5,297")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The demo data served (a copy of the run's one load, not a load of its own); the one
    test here writes to it, and the database is emptied after it."""
    with demo_served_once(django_db_blocker, PASSWORD) as url:
        yield url


@pytest.fixture
def demo(site):
    meeting = Meeting.objects.get(committee__name="Education Select Committee", date="2012-01-17")
    programme = SavingsProgramme.objects.get(authority__dfe_code="205")
    return meeting, programme


def download_pdf_pages(page, link) -> list[str]:
    """Follow a download link with the browser's own session; each page's text."""
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages]


def checked(page) -> None:
    """The page asks for no JSON and meets WCAG 2.2 AA (axe)."""
    assert page.locator("[name*=params], [name*=json]").count() == 0, page.url
    assert axe_violations(page) == [], page.url


def test_a_clerk_composes_previews_publishes_and_packs_a_report(demo, new_page):
    meeting, programme = demo
    page = new_page()
    sign_in(page, "clerk", PASSWORD)

    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports"))
    follow(page, page.get_by_role("link", name=str(meeting)).first)
    checked(page)
    follow(page, page.get_by_role("link", name="New report for item 1"))
    checked(page)
    page.get_by_label("Title").fill("Savings update for scrutiny")
    page.get_by_label("Report author").fill("Steve Bywater")
    follow(page, page.get_by_role("button", name="Create the draft"))
    assert "The draft report was created" in page.locator("main").inner_text()
    checked(page)

    follow(page, page.get_by_role("link", name="Change the front matter"))
    page.get_by_label("For information").check()
    page.get_by_label("Synopsis").fill(
        "The savings programme as it stands <script>alert(1)</script>"
    )
    checked(page)
    follow(page, page.get_by_role("button", name="Save the front matter"))

    follow(page, page.get_by_role("link", name="Add a section"))
    page.get_by_label("Heading").fill("Savings")
    page.get_by_label("Body").fill(
        "The table below sets out the savings by year.[^1]\n\n{{table savings}}\n\n"
        "[^1]: As agreed <b>in</b> the business case."
    )
    checked(page)
    follow(page, page.get_by_role("button", name="Save the section"))

    follow(page, page.get_by_role("link", name="Add an appendix or table"))
    checked(page)
    page.get_by_label("Savings table").check()
    follow(page, page.get_by_role("button", name="Continue"))
    page.get_by_label("Title").fill("H&F savings 2011/12 to 2014/15")
    page.get_by_label("In the text, where the body names its label").check()
    page.get_by_label("Label (for a table in the text)").fill("savings")
    page.get_by_label("Savings programme").select_option(label=programme.name)
    page.get_by_label("One authority's share only").select_option(label="Hammersmith and Fulham")
    for year in ("2011/12", "2012/13", "2013/14", "2014/15"):
        page.get_by_label(year, exact=True).check()
    follow(page, page.get_by_role("button", name="Preview without saving"))
    preview = page.locator(".app-report-preview").inner_text()
    for figure in FIGURES:
        assert figure in preview
    checked(page)
    follow(page, page.get_by_role("button", name="Save", exact=True))
    assert "{{table savings}}" in page.locator("main").inner_text()
    checked(page)

    report = CommitteeReport.objects.get(title="Savings update for scrutiny")
    assert report.agenda_item.number == 1
    assert report.appendices.get().params["programme"] == programme.name
    follow(page, page.get_by_role("link", name="Back to the report"))
    follow(page, page.get_by_role("link", name="Preview the report"))
    checked(page)
    drawn = page.locator("main").inner_text()
    assert "5,297" in drawn
    assert "<script>alert(1)</script>" in drawn  # shown as text, never run
    draft_pages = download_pdf_pages(page, page.get_by_role("link", name="Download PDF (draft)"))
    assert all("DRAFT" in text for text in draft_pages), [t[:80] for t in draft_pages]

    follow(page, page.get_by_role("link", name="Publish…"))
    confirmation = page.locator("main").inner_text()
    assert "cannot be undone" in confirmation and "SHA-256" in confirmation
    assert "H&F savings 2011/12 to 2014/15" in confirmation  # its data is frozen too
    checked(page)
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.DRAFT  # opening the page publishes nothing
    follow(page, page.get_by_role("button", name="Publish the report"))
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.PUBLISHED
    assert report.pdf_sha256 in page.locator("main").inner_text()
    published = download_pdf_pages(page, page.get_by_role("link", name="Download PDF"))
    text = "\n".join(published)
    for figure in FIGURES:
        assert figure in text
    assert "<script>alert(1)</script>" in text
    assert "As agreed <b>in</b> the business case." in " ".join(text.split())
    assert not any("DRAFT" in page_text for page_text in published)

    follow(page, page.get_by_role("link", name=str(meeting)))
    follow(page, page.get_by_role("button", name="Build the agenda pack"))
    assert "refreshes itself" in page.locator("main").inner_text()
    call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())
    download_link = page.get_by_role("link", name="Download the agenda pack (PDF)")
    download_link.wait_for(timeout=30_000)  # the status page refreshes itself until done
    pack_text = "\n".join(download_pdf_pages(page, download_link))
    assert "Savings update for scrutiny" in pack_text
    assert "5,297" in pack_text
