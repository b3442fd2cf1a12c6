"""Committee reports through the API: exempt ones never leak (404, with their parts), clerks
of the authority write, publishing freezes (409 with the reason) and the PDF is kept."""

from __future__ import annotations

import hashlib

import pytest

from governance.models import CommitteeReport, Recommendation
from tests.api.helpers import client_for, etag_of
from tests.governance.reports_factory import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def exempt(world):
    return make_report(
        world.hf,
        number=2,
        title="Contract award",
        classification="exempt",
        exemption_paragraph="Paragraph 3 (financial or business affairs)",
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("scrutiny", 404),
        ("officer_rbkc", 404),
        ("clerk_rbkc", 404),
        ("clerk", 200),
        ("officer_hf", 200),
        ("admin", 200),
        ("nobody", 403),
    ],
)
def test_an_exempt_report_and_its_parts_are_seen_only_by_its_authority(world, exempt, role, status):
    client = client_for(world.users[role])
    recommendation = exempt.recommendations.get()
    assert client.get(f"/api/v1/committee-reports/{exempt.pk}/").status_code == status
    assert client.get(f"/api/v1/recommendations/{recommendation.pk}/").status_code == status
    if status == 200:
        return
    listed = client.get("/api/v1/committee-reports/")
    if listed.status_code == 200:
        assert exempt.pk not in [r["id"] for r in listed.json()["results"]]
        # Filtering by a hidden report answers as by one that does not exist.
        parts = client.get(f"/api/v1/report-sections/?report={exempt.pk}")
        missing = client.get("/api/v1/report-sections/?report=999999")
        assert parts.status_code == missing.status_code == 400
        assert "Contract award" not in parts.content.decode()
        assert "Contract award" not in listed.content.decode()


def test_a_part_cannot_be_added_to_an_exempt_report_one_may_not_see(world, exempt):
    body = {"report": exempt.pk, "position": 2, "text": "Probe"}
    response = client_for(world.users["clerk_rbkc"]).post(
        "/api/v1/recommendations/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["report"] == [f'No record "{exempt.pk}" that you may link to.']
    assert (
        client_for(world.users["clerk"])
        .post("/api/v1/recommendations/", body, format="json")
        .status_code
        == 201
    )


def test_a_draft_is_read_by_its_authority_and_written_by_its_clerks(world):
    """Drafts are private until published (issue 15 finding 7): scrutiny members and other
    boroughs do not see them; the authority's clerks write them, its officers read them."""
    report = make_report(world.hf)
    url = f"/api/v1/committee-reports/{report.pk}/"
    assert client_for(world.users["scrutiny"]).get(url).status_code == 404
    assert client_for(world.users["officer_hf"]).get(url).status_code == 200
    for role, status in (("scrutiny", 403), ("officer_hf", 403), ("clerk_rbkc", 404)):
        response = client_for(world.users[role]).patch(
            url, {"title": "Changed"}, format="json", HTTP_IF_MATCH=etag_of(report)
        )
        assert response.status_code == status, role
    response = client_for(world.users["clerk"]).patch(
        url, {"title": "Changed"}, format="json", HTTP_IF_MATCH=etag_of(report)
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.title == "Changed"


def test_publishing_freezes_the_report_and_its_parts_with_409(world):
    report = make_report(world.hf)
    clerk = client_for(world.users["clerk"])
    published = clerk.post(f"/api/v1/committee-reports/{report.pk}/publish/")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    report.refresh_from_db()
    assert report.is_published
    pdf = clerk.get(f"/api/v1/committee-reports/{report.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == report.pdf_sha256
    recommendation = report.recommendations.get()
    refusals = [
        clerk.patch(
            f"/api/v1/committee-reports/{report.pk}/",
            {"title": "Changed"},
            format="json",
            HTTP_IF_MATCH=etag_of(report),
        ),
        clerk.delete(
            f"/api/v1/recommendations/{recommendation.pk}/",
            HTTP_IF_MATCH=etag_of(recommendation),
        ),
        clerk.post(f"/api/v1/committee-reports/{report.pk}/publish/"),
    ]
    for response in refusals:
        assert response.status_code == 409, response.content
        assert "was published on" in response.json()["detail"]
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
    draft = clerk.post(f"/api/v1/committee-reports/{report.pk}/supersede/")
    assert draft.status_code == 201
    assert draft.json()["supersedes"] == report.pk
    assert draft.json()["status"] == "draft"


def test_a_report_that_is_not_ready_is_refused_with_every_reason(world):
    report = make_report(world.hf, purpose=CommitteeReport.Purpose.DECISION)
    report.recommendations.all().delete()
    section = report.sections.get()
    section.body += "\n\nThe savings are in the table below.\n\n{{table savings}}"
    section.save()
    response = client_for(world.users["clerk"]).post(
        f"/api/v1/committee-reports/{report.pk}/publish/"
    )
    assert response.status_code == 409
    assert "at least one recommendation" in response.json()["detail"]
    assert "no table labelled 'savings'" in response.json()["detail"]
    assert CommitteeReport.objects.get(pk=report.pk).status == "draft"
    assert (
        client_for(world.users["clerk"]).get(f"/api/v1/committee-reports/{report.pk}/pdf/")
    ).status_code == 404


def test_an_exempt_report_must_name_its_paragraph(world):
    report = make_report(world.hf)
    response = client_for(world.users["clerk"]).patch(
        f"/api/v1/committee-reports/{report.pk}/",
        {"classification": "exempt"},
        format="json",
        HTTP_IF_MATCH=etag_of(report),
    )
    assert response.status_code == 400
    assert "exemption_paragraph" in response.json()["errors"]
    report.refresh_from_db()
    assert report.classification == "open"


def test_reports_filter_by_classification_and_order_by_title(world, exempt):
    make_report(world.hf, number=3, title="Annual report")
    client = client_for(world.users["clerk"])
    exempt_only = client.get("/api/v1/committee-reports/?classification=exempt").json()
    assert [r["title"] for r in exempt_only["results"]] == ["Contract award"]
    titles = client.get("/api/v1/committee-reports/?ordering=title").json()["results"]
    assert [r["title"] for r in titles] == ["Annual report", "Contract award"]
