"""Small builders for committee reports in tests, and PDF text extraction."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from governance.models import (
    AgendaItem,
    Appendix,
    Committee,
    CommitteeMembership,
    CommitteeReport,
    Meeting,
    Person,
    Recommendation,
    ReportSection,
)


def make_meeting(
    authority, name="Education Select Committee", date=dt.date(2012, 1, 17)
) -> Meeting:
    committee, _ = Committee.objects.get_or_create(
        authority=authority, name=name, defaults={"kind": "select"}
    )
    meeting, _ = Meeting.objects.get_or_create(committee=committee, date=date)
    return meeting


def make_report(
    authority, *, number=1, title="Briefing on Tri-Borough Progress", meeting=None, **values
):
    meeting = meeting or make_meeting(authority)
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting, number=number, defaults={"title": title}
    )
    defaults = {
        "title": title,
        "wards": "All",
        "author_name": "Andrew Christie",
        "author_role": "Tri-Borough Director of Children's Services",
        "author_telephone": "020 8753 3601",
        "synopsis": "This paper provides an update on the Tri-borough Programme.",
    }
    report = CommitteeReport.objects.create(
        meeting=meeting, agenda_item=item, **(defaults | values)
    )
    Recommendation.objects.create(
        report=report, position=1, text="The Committee is asked to review the activity."
    )
    ReportSection.objects.create(
        report=report,
        position=1,
        heading="Executive summary",
        body="This report offers the Committee the opportunity to review.\n\n"
        "The report also asks the Committee to consider the Mandate.",
    )
    return report


def add_membership_appendix(report, committee, people=("Binmore", "Cooney")) -> Appendix:
    for name in people:
        person, _ = Person.objects.get_or_create(
            name=name, authority=committee.authority, defaults={"kind": "councillor"}
        )
        CommitteeMembership.objects.get_or_create(committee=committee, person=person)
    return Appendix.objects.create(
        report=report,
        position=1,
        title="Membership",
        kind="committee_membership",
        params={"committee": committee.pk},
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))
