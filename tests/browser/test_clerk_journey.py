"""A clerk's journey, from the sign-in page, in a real browser (issue: browser journeys).

The clerk composes a report for a meeting with a live savings appendix, previews it, publishes
it, downloads the PDF and finds the figures in it; then builds the meeting's agenda pack and
watches its progress until the download appears.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from governance.models import CommitteeReport, Meeting
from savings.models import SavingsProgramme
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-demo-password-for-browser-tests"


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", with_users=True, stdout=io.StringIO())
    meeting = Meeting.objects.get(committee__name="Education Select Committee", date="2012-01-17")
    programme = SavingsProgramme.objects.get(authority__dfe_code="205")
    return meeting, programme


def choose_autocomplete(page, field: str, search: str) -> None:
    """Pick a value in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#id_{field}").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=search).first.click()


def download_pdf_text(page, link) -> str:
    """Follow a download link with the browser's own session and read the PDF's text."""
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    return "\n".join(pdf_page.extract_text() for pdf_page in pages)


def test_a_clerk_composes_publishes_and_packs_a_report(demo, new_page):
    meeting, programme = demo
    page = new_page()
    sign_in(page, "clerk", PASSWORD)

    page.get_by_role("link", name="Edit records").click()
    page.get_by_role("link", name="Committee reports").click()
    page.get_by_role("link", name="Add committee report").click()
    choose_autocomplete(page, "meeting", "Education Select Committee")
    page.locator("#id_title").fill("Savings update for scrutiny")
    page.locator("#id_author_name").fill("Steve Bywater")
    page.locator("#id_synopsis").fill(
        "The savings programme as it stands <script>alert(1)</script>"
    )
    page.get_by_role("button", name="Add another Recommendation").click()
    page.locator("#id_recommendations-0-text").fill("The committee notes the savings.")
    page.get_by_role("button", name="Add another Appendix").click()
    page.locator("#id_appendices-0-title").fill("H&F savings 2011/12 to 2014/15")
    page.locator("#id_appendices-0-kind").select_option("savings_table")
    params = {"programme": programme.name, "authority": "205", "years": [2011, 2012, 2013, 2014]}
    page.locator("#id_appendices-0-params").fill(json.dumps(params))
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    report = CommitteeReport.objects.get(title="Savings update for scrutiny")
    page.goto(f"/reports/{report.pk}/")
    preview = page.locator("main").inner_text()
    assert "5,297" in preview
    assert "<script>alert(1)</script>" in preview  # shown as text, never run

    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.PUBLISHED
    text = download_pdf_text(page, page.get_by_role("link", name="Download PDF"))
    for figure in ("1,075", "1,550", "4,283", "5,297"):
        assert figure in text
    assert "<script>alert(1)</script>" in text

    page.get_by_role("link", name=str(meeting)).click()
    page.get_by_role("button", name="Build the agenda pack").click()
    assert "refreshes itself" in page.locator("main").inner_text()
    call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())
    download_link = page.get_by_role("link", name="Download the agenda pack (PDF)")
    download_link.wait_for(timeout=30_000)  # the status page refreshes itself until done
    pack_text = download_pdf_text(page, download_link)
    assert "Savings update for scrutiny" in pack_text
    assert "5,297" in pack_text
