"""The seed papers as demo reports, and the clerks' compose screens in the admin."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from governance import demo
from governance.models import CommitteeReport
from governance.reports.document import build_document
from governance.reports.pdf import render_report_pdf
from governance.reports.publishing import publish_report
from tests.governance.reports_factory import make_report, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_reports():
    demo.load(io.StringIO())
    return {
        report.meeting.committee.authority.dfe_code + str(report.meeting.date): report
        for report in CommitteeReport.objects.select_related("meeting__committee__authority")
    }


def test_the_seed_papers_are_reports_of_their_meetings_numbered_as_the_papers_are(seed_reports):
    assert len(seed_reports) == 5
    for report in seed_reports.values():
        assert report.agenda_item.meeting_id == report.meeting_id
    # Recommendations stand where each paper puts them, once: on the front page (000, 004),
    # as the paper's own section 2 (001) or Section 1 (002); the Tri-borough appendix has none.
    fronted = {key for key, report in seed_reports.items() if report.recommendations.exists()}
    assert fronted == {"2052012-01-17", "3152016-06-29"}

    update = seed_reports["2052016-06-13"]
    assert (update.purpose, update.key_decision) == ("information", False)
    assert update.lead_officer_label == "Accountable Executive Director"
    # A draft until the Ofsted judgements are loaded (``load_demo`` loads them, then publishes).
    text = pdf_text(render_report_pdf(build_document(update)))
    assert "Clare Chamberlain" in text and "22 apprenticeships" in text
    # The number hangs in its gutter: the text extracted has a wider gap after it.
    assert re.search(r"^2\.1\s+The Committee is asked to review", text, re.M)
    assert re.search(r"^5\.3\s+A summary of social care activity", text, re.M), "as the paper's 5.3"
    assert re.search(r"^6\.6\s", text, re.M)

    harrow = seed_reports["3102011-07-05"]
    assert harrow.key_decision is None and harrow.wards == "" and harrow.author_name == ""
    assert [s.heading for s in harrow.sections.all()] == [
        "Summary and Recommendations",
        "Report",
        "Statutory Officer Clearance",
        "Contact Details and Background Papers",
    ]
    document = build_document(harrow)
    numbered = [
        re.findall(r'<span class="number">(\d+)</span>', piece.get("html", ""))
        for section in document["sections"]
        for piece in section["pieces"]
    ]
    assert sum(numbered, []) == [str(n) for n in range(1, 36)], "paragraphs 1-35, as Harrow's"
    text = pdf_text(render_report_pdf(document))
    assert "£40.8m" in text and "CIPFA Benchmarking local authority report 2010" in text
    assert "Emma Stabler / on behalf of the Chief Financial Officer" in text

    triborough = seed_reports["2052011-06-20"]
    assert (triborough.key_decision, triborough.purpose, triborough.author_name) == (None, "", "")
    assert triborough.numbering == "none"


def test_loading_the_reports_twice_changes_nothing(seed_reports):
    before = {
        report.pk: (report.version, report.pdf_sha256) for report in CommitteeReport.objects.all()
    }
    history = CommitteeReport.history.count()
    demo.load_reports(io.StringIO())
    after = {
        report.pk: (report.version, report.pdf_sha256) for report in CommitteeReport.objects.all()
    }
    assert after == before
    assert CommitteeReport.history.count() == history


def test_a_clerk_composes_a_report_in_the_admin_and_a_published_one_is_read_only(world, login):
    report = make_report(world.hf)
    client = login(world.users["clerk"])
    url = reverse("admin:governance_committeereport_change", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="recommendations-0-text"' in page.content.decode()
    for field in ("contact_name", "lead_officer_label", "forward_plan_reference", "next_steps"):
        assert f'name="{field}"' in page.content.decode(), f"the admin asks for {field} too"
    publish_report(report, world.users["clerk"])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="recommendations-0-text"' not in page.content.decode()
    assert "can no longer be edited" in page.content.decode()
