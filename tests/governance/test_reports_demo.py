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
        assert report.recommendations.exists()
        assert report.agenda_item.meeting_id == report.meeting_id

    update = seed_reports["2052016-06-13"]
    assert update.is_published, "its only appendix is text, so the loader publishes it"
    text = pdf_text(bytes(update.pdf))
    assert "Clare Chamberlain" in text and "22 apprenticeships" in text
    assert re.search(r"^6\.6\s", text, re.M)

    harrow = seed_reports["3102011-07-05"]
    assert [c.name for c in harrow.clearances.all()] == ["Emma Stabler", "Sarah Wilson"]
    text = pdf_text(render_report_pdf(build_document(harrow)))
    assert "£40.8m" in text
    assert "Emma Stabler" in text and "13 June 2011" in text
    numbered = [p for p in harrow.sections.get().body.split("\n\n") if p[:1] not in "#->"]
    assert len(re.findall(r"^1\.\d+\s", text, re.M)) == len(numbered)


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
    publish_report(report, world.users["clerk"])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="recommendations-0-text"' not in page.content.decode()
    assert "can no longer be edited" in page.content.decode()
