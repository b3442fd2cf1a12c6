"""The tracker and a recommendation's page, the meeting's attendance, the API's steps, and the
tracker appendix printed in a paper's PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from governance.models import AgendaItem, Appendix, Attendance, InterestDeclaration, Person
from governance.reports.document import build_document
from governance.reports.pdf import render_report_pdf
from scrutiny.models import RecommendationAction
from tests.api.helpers import client_for, etag_of
from tests.governance.reports_factory import make_report, pdf_text

D = dt.date
pytestmark = pytest.mark.django_db


def test_the_tracker_shows_late_responses_and_actions_and_filters(scrutiny, login):
    scrutiny.hf.send(None, D(2012, 1, 24))
    scrutiny.harrow.send(None, D(2011, 7, 12))
    scrutiny.harrow.respond(None, "accepted", "", D(2011, 8, 1))
    RecommendationAction.objects.create(
        recommendation=scrutiny.harrow, description="Report the costs", owner="Director",
        due=D(2011, 12, 31),
    )  # fmt: skip
    client = login(scrutiny.world.users["scrutiny"])
    page = client.get(reverse("scrutiny:recommendations")).content.decode()
    assert "Overdue responses" in page and "ESC/1" in page
    assert "Report the costs (Director)" in page
    late = client.get(reverse("scrutiny:recommendations"), {"response_late": "true"})
    assert "ESC/1" in late.content.decode() and "OSC/1: That" not in late.content.decode()
    assert (
        client.get(reverse("scrutiny:recommendations"), {"status": "nonsense"}).status_code == 400
    )
    detail = client.get(reverse("scrutiny:recommendation", args=[scrutiny.harrow.pk]))
    text = detail.content.decode()
    assert "Accepted" in text and "Report the costs" in text and "agreed → sent" in text
    nobody = login(scrutiny.world.users["nobody"])
    assert nobody.get(reverse("scrutiny:recommendation", args=[scrutiny.hf.pk])).status_code == 403


def test_the_trackers_late_panels_are_read_once_and_follow_a_response(
    scrutiny, login, django_assert_max_num_queries
):
    """The late panels are kept for the day until a record changes: asked again, the page
    runs neither search; a response recorded takes its recommendation off at once."""
    scrutiny.hf.send(None, D(2012, 1, 24))
    client = login(scrutiny.world.users["scrutiny"])
    tracker = reverse("scrutiny:recommendations")
    assert "ESC/1" in client.get(tracker).content.decode().split("Overdue responses", 1)[1]
    with django_assert_max_num_queries(6) as asked:
        client.get(tracker)
    assert not [q for q in asked.captured_queries if "recommendationaction" in q["sql"]]
    scrutiny.hf.refresh_from_db()
    scrutiny.hf.respond(None, "accepted", "", D(2012, 3, 1))
    panel = client.get(tracker).content.decode().split("Overdue responses", 1)[1]
    assert "No response is overdue" in panel.split("Overdue actions", 1)[0]


def test_the_meeting_page_shows_attendance_and_declarations(scrutiny, login):
    meeting = scrutiny.hf_meeting
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Tri-borough progress")
    binmore = Person.objects.create(name="Binmore", kind="councillor", authority=scrutiny.world.hf)
    cooney = Person.objects.create(name="Cooney", kind="councillor", authority=scrutiny.world.hf)
    Attendance.objects.create(meeting=meeting, person=binmore, kind="present", capacity="Chair")
    Attendance.objects.create(meeting=meeting, person=cooney, kind="apologies")
    InterestDeclaration.objects.create(
        meeting=meeting, agenda_item=item, person=binmore, kind="registrable",
        nature="Governor of a school named in the paper", action="took_part",
    )  # fmt: skip
    page = login(scrutiny.world.users["scrutiny"]).get(
        reverse("reports:meeting", args=[meeting.pk])
    )
    text = page.content.decode()
    assert "Binmore (Chair)" in text and "Apologies" in text and "Cooney" in text
    assert "Other registrable interest: Governor of a school" in text


def test_a_pecuniary_interest_cannot_be_recorded_as_taking_part(scrutiny):
    from django.core.exceptions import ValidationError

    item = AgendaItem.objects.create(meeting=scrutiny.hf_meeting, number=1, title="x")
    person = Person.objects.create(name="Aiken", kind="councillor")
    declaration = InterestDeclaration(
        meeting=scrutiny.hf_meeting, agenda_item=item, person=person, kind="pecuniary",
        nature="Owns the site", action="took_part",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="dispensation"):
        declaration.full_clean()


def test_the_api_takes_steps_for_the_owning_borough_only(scrutiny):
    users = scrutiny.world.users
    url = f"/api/v1/scrutiny-recommendations/{scrutiny.hf.pk}/"
    refused = client_for(users["officer_rbkc"]).post(
        url + "send/", {"on": "2012-01-24"}, format="json"
    )
    assert refused.status_code in (403, 404)
    member = client_for(users["scrutiny"])
    assert member.get(url).status_code == 200
    assert member.post(url + "send/", {}, format="json").status_code == 403
    officer = client_for(users["officer_hf"])
    sent = officer.post(url + "send/", {"on": "2012-01-24"}, format="json")
    assert sent.status_code == 200, sent.content
    assert (sent.json()["status"], sent.json()["response_due"]) == ("sent", "2012-03-24")
    again = officer.post(url + "send/", {}, format="json")
    assert again.status_code == 409
    answered = officer.post(
        url + "respond/", {"response": "rejected", "reasons": "", "on": "2012-02-01"}, format="json"
    )
    assert answered.status_code == 409 and "reasons" in answered.content.decode()
    # The status changes only through a step: a PATCH naming it is not taken.
    scrutiny.hf.refresh_from_db()
    patched = officer.patch(
        url, {"status": "implemented"}, format="json", HTTP_IF_MATCH=etag_of(scrutiny.hf)
    )
    assert patched.status_code in (200, 400)
    scrutiny.hf.refresh_from_db()
    assert scrutiny.hf.status == "sent"
    listed = member.get("/api/v1/scrutiny-recommendations/", {"response_late": "true"}).json()
    assert [row["id"] for row in listed["results"]] == [scrutiny.hf.pk]


def test_the_tracker_appendix_prints_in_the_papers_pdf(scrutiny):
    scrutiny.hf.send(None, D(2012, 1, 24))
    scrutiny.hf.respond(None, "partly", "Later than asked.", D(2012, 3, 1))
    RecommendationAction.objects.create(
        recommendation=scrutiny.hf, description="Report the savings achieved",
        owner="Director of Children's Services", due=D(2012, 7, 31),
    )  # fmt: skip
    report = make_report(scrutiny.world.hf, meeting=scrutiny.hf_later)
    Appendix.objects.create(
        report=report, position=1, title="Recommendations tracker",
        kind="recommendations_tracker", params={"committee": scrutiny.hf_committee.pk},
    )  # fmt: skip
    text = " ".join(pdf_text(render_report_pdf(build_document(report))).split())
    assert "Recommendations of the Education Select Committee" in text
    assert "Partly accepted" in text and "Report the savings achieved" in text
    assert "24 March 2012" in text


def test_the_minutes_block_prints_attendance_and_declarations_in_the_pdf(scrutiny):
    meeting = scrutiny.hf_meeting
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Tri-borough progress")
    binmore = Person.objects.create(name="Binmore", kind="councillor", authority=scrutiny.world.hf)
    adams = Person.objects.create(name="Adams", kind="councillor", authority=scrutiny.world.hf)
    cooney = Person.objects.create(name="Cooney", kind="councillor", authority=scrutiny.world.hf)
    Attendance.objects.create(meeting=meeting, person=binmore, kind="present", capacity="Chair")
    Attendance.objects.create(
        meeting=meeting, person=adams, kind="substitute", substitute_for=cooney
    )
    InterestDeclaration.objects.create(
        meeting=meeting, agenda_item=item, person=binmore, kind="pecuniary",
        nature="Owns a property on the site", action="left",
    )  # fmt: skip
    report = make_report(scrutiny.world.hf, meeting=scrutiny.hf_later, title="Minutes")
    Appendix.objects.create(
        report=report, position=1, title="Attendance", kind="meeting_attendance",
        params={"meeting": meeting.pk},
    )  # fmt: skip
    text = " ".join(pdf_text(render_report_pdf(build_document(report))).split())
    assert "Binmore (Chair)" in text
    assert "Adams, substituting for Cooney" in text
    assert "Disclosable pecuniary interest: Owns a property on the site" in text
    assert "Left the meeting for the item" in text


def test_a_draft_papers_recommendation_is_named_only_to_its_authoritys_readers(scrutiny, login):
    report = make_report(scrutiny.world.hf, meeting=scrutiny.hf_meeting, title="Draft briefing")
    scrutiny.hf.report_recommendation = report.recommendations.get()
    scrutiny.hf.save()
    url = reverse("scrutiny:recommendation", args=[scrutiny.hf.pk])
    member = login(scrutiny.world.users["scrutiny"]).get(url).content.decode()
    assert "Draft briefing" not in member and "ESC/1" in member
    clerk = login(scrutiny.world.users["clerk"]).get(url).content.decode()
    assert "Draft briefing" in clerk
