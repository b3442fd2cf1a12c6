"""Mandates through the API: the lifecycle as POST actions, frozen when published (409),
no lost updates (412/428), the whole mandate in one read, filters and ordering."""

from __future__ import annotations

import pytest

from governance.models import Division
from mandates.models import KeyFact, Mandate, Milestone, Risk
from tests.api.helpers import client_for, etag_of, make_mandate

pytestmark = pytest.mark.django_db


def publish(mandate, user) -> None:
    mandate.submit(user)
    mandate.approve(user)
    mandate.publish(user)


def test_the_lifecycle_runs_through_post_actions(world):
    mandate = make_mandate(world.hf)
    client = client_for(world.users["officer_hf"])
    for step, status in (
        ("submit", "submitted"),
        ("approve", "approved"),
        ("publish", "published"),
    ):
        response = client.post(f"/api/v1/mandates/{mandate.pk}/{step}/")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    mandate.refresh_from_db()
    assert mandate.status == "published"
    assert mandate.published_by == world.users["officer_hf"]
    rolled = client.post(f"/api/v1/mandates/{mandate.pk}/roll-forward/")
    assert rolled.status_code == 201, rolled.content
    assert rolled.json()["start_year"] == 2012
    assert rolled.json()["previous_mandate"] == mandate.pk


def test_a_step_out_of_order_is_409_with_the_reason_and_changes_nothing(world):
    mandate = make_mandate(world.hf)
    response = client_for(world.users["officer_hf"]).post(f"/api/v1/mandates/{mandate.pk}/publish/")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "Only an approved mandate can be published" in response.json()["detail"]
    mandate.refresh_from_db()
    assert mandate.status == "draft"


def test_only_the_owning_officers_take_steps(world):
    mandate = make_mandate(world.hf)
    url = f"/api/v1/mandates/{mandate.pk}/submit/"
    assert client_for(world.users["scrutiny"]).post(url).status_code == 403
    assert client_for(world.users["officer_rbkc"]).post(url).status_code == 404
    mandate.refresh_from_db()
    assert mandate.status == "draft"


def test_the_status_is_read_only_so_writing_it_publishes_nothing(world):
    mandate = make_mandate(world.hf)
    response = client_for(world.users["officer_hf"]).patch(
        f"/api/v1/mandates/{mandate.pk}/",
        {"status": "published", "vision": "Safe"},
        format="json",
        HTTP_IF_MATCH=etag_of(mandate),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    mandate.refresh_from_db()
    assert (mandate.status, mandate.vision) == ("draft", "Safe")


def test_a_published_mandate_and_its_sections_refuse_writes_with_409(world):
    mandate = make_mandate(world.hf)
    fact = KeyFact.objects.create(mandate=mandate, label="Children in care", value=235)
    officer = world.users["officer_hf"]
    publish(mandate, officer)
    client = client_for(officer)
    attempts = [
        client.patch(
            f"/api/v1/mandates/{mandate.pk}/",
            {"vision": "Changed"},
            format="json",
            HTTP_IF_MATCH=etag_of(mandate),
        ),
        client.delete(f"/api/v1/mandates/{mandate.pk}/", HTTP_IF_MATCH=etag_of(mandate)),
        client.patch(
            f"/api/v1/key-facts/{fact.pk}/",
            {"label": "Changed"},
            format="json",
            HTTP_IF_MATCH=etag_of(fact),
        ),
        client.delete(f"/api/v1/key-facts/{fact.pk}/", HTTP_IF_MATCH=etag_of(fact)),
        client.post(f"/api/v1/mandates/{mandate.pk}/submit/"),
    ]
    for response in attempts:
        assert response.status_code == 409, response.content
        assert "is published" in response.json()["detail"]
    added = client.post(
        "/api/v1/key-facts/", {"mandate": mandate.pk, "label": "New", "value": "1"}, format="json"
    )
    assert added.status_code == 409, added.content
    fact.refresh_from_db()
    assert fact.label == "Children in care"
    assert KeyFact.objects.filter(mandate=mandate).count() == 1
    assert Mandate.objects.get(pk=mandate.pk).vision == ""


def test_scrutiny_is_refused_a_published_mandate_with_403_not_told_why(world):
    mandate = make_mandate(world.hf)
    publish(mandate, world.users["officer_hf"])
    response = client_for(world.users["scrutiny"]).patch(
        f"/api/v1/mandates/{mandate.pk}/", {"vision": "X"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 403


def test_a_stale_if_match_is_412_and_the_first_edit_survives(world):
    mandate = make_mandate(world.hf)
    client = client_for(world.users["officer_hf"])
    url = f"/api/v1/mandates/{mandate.pk}/"
    seen = client.get(url)["ETag"]
    first = client.patch(url, {"vision": "First"}, format="json", HTTP_IF_MATCH=seen)
    assert first.status_code == 200
    whole = {"authority": world.hf.pk, "title": mandate.title, "start_year": 2011}
    second = client.put(url, whole | {"end_year": 2014}, format="json", HTTP_IF_MATCH=seen)
    assert second.status_code == 412
    assert "version 2" in second.json()["detail"]
    mandate.refresh_from_db()
    assert mandate.vision == "First"
    missing = client.delete(url)
    assert missing.status_code == 428
    assert Mandate.objects.filter(pk=mandate.pk).exists()


def test_the_whole_mandate_reads_in_one_request_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    mandate = make_mandate(world.hf)
    for n in range(5):
        KeyFact.objects.create(mandate=mandate, label=f"Fact {n}", value=n, position=n)
        Risk.objects.create(mandate=mandate, description=f"Risk {n}", position=n)
    client = client_for(world.users["scrutiny"])
    with django_assert_max_num_queries(20):
        response = client.get(f"/api/v1/mandates/{mandate.pk}/full/")
    assert response.status_code == 200
    body = response.json()
    assert [f["label"] for f in body["key_facts"]] == [f"Fact {n}" for n in range(5)]
    assert len(body["risks"]) == 5
    assert body["milestones"] == []
    assert response["ETag"] == etag_of(mandate)
    other = make_mandate(world.rbkc)
    assert (
        client_for(world.users["officer_hf"]).get(f"/api/v1/mandates/{other.pk}/full/").status_code
        == 404
    )


def test_mandates_and_milestones_filter_and_order(world):
    make_mandate(world.hf, 2011)
    later = make_mandate(world.hf, 2015, title="H&F later")
    make_mandate(world.rbkc, 2011)
    client = client_for(world.users["scrutiny"])
    by_authority = client.get(f"/api/v1/mandates/?authority={world.rbkc.pk}").json()
    assert [m["authority"] for m in by_authority["results"]] == [world.rbkc.pk]
    ordered = client.get(f"/api/v1/mandates/?authority={world.hf.pk}&ordering=-start_year").json()
    assert [m["start_year"] for m in ordered["results"]] == [2015, 2011]
    assert client.get("/api/v1/mandates/?status=draft").json()["count"] == 3
    assert client.get("/api/v1/mandates/?status=bogus").status_code == 400
    division = Division.objects.create(authority=world.hf, name="Education")
    for quarter, status in ((3, "on_track"), (1, "at_risk"), (2, "on_track")):
        Milestone.objects.create(
            mandate=later,
            division=division,
            year=2015,
            quarter=quarter,
            text=f"Q{quarter}",
            status=status,
        )
    milestones = client.get(
        f"/api/v1/milestones/?mandate={later.pk}&status=on_track&ordering=quarter"
    ).json()
    assert [m["quarter"] for m in milestones["results"]] == [2, 3]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "X", "start_year": "twenty", "end_year": 2012}, "start_year"),
        ({"title": "X", "start_year": 2012, "end_year": 2011}, "end_year"),
        ({"title": "X", "start_year": 2012, "end_year": 2013, "colour": "red"}, "colour"),
        ({"title": "X" * 201, "start_year": 2012, "end_year": 2013}, "title"),
        ({"start_year": 2012, "end_year": 2013}, "title"),
    ],
)
def test_bad_mandates_are_400_with_the_field_named_and_nothing_written(world, body, field):
    response = client_for(world.users["officer_hf"]).post(
        "/api/v1/mandates/", {"authority": world.hf.pk, **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Mandate.objects.exists()


def test_an_invalid_enum_and_negative_receipts_are_refused(world):
    mandate = make_mandate(world.hf)
    client = client_for(world.users["officer_hf"])
    response = client.post(
        "/api/v1/milestones/",
        {"mandate": mandate.pk, "year": 2012, "quarter": 5, "text": "X", "status": "finished"},
        format="json",
    )
    assert response.status_code == 400
    assert {"quarter", "status"} <= set(response.json()["errors"])
    assert not Milestone.objects.exists()
    fact = client.post(
        "/api/v1/key-facts/",
        {"mandate": mandate.pk, "label": "X", "value": "not money"},
        format="json",
    )
    assert fact.status_code == 400
    assert "value" in fact.json()["errors"]
    assert KeyFact.objects.count() == 0
