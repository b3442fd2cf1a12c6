"""Frozen is frozen for everyone (issue 15, item 3), each finding reproduced as it was found.

Published reports and mandates, and every part of them, refuse to change or go for the
superuser too: through the admin's bulk "Delete selected" and its delete view, querysets,
cascades from a parent, the API and the shell. A delete that other records protect answers
409 with the reason in the API and a message in the admin, never a 500.
"""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.db.models.signals import pre_delete
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childrens_services.models import FrozenRecordError, refuse_frozen_delete
from governance.models import CommitteeReport, Division, ReportSection
from governance.reports.publishing import publish_report
from mandates.models import Mandate, MeasureActual, Milestone, Risk, SuccessMeasure
from tests.api.helpers import client_for, etag_of
from tests.governance.reports_factory import make_report
from tests.mandates.conftest import make_mandate


@pytest.fixture
def superuser(world):
    return world.users["admin"]


@pytest.fixture
def published_mandate(world) -> Mandate:
    mandate = make_mandate(world.hf)
    officer = world.users["officer_hf"]
    mandate.submit(officer)
    mandate.approve(officer)
    mandate.publish(officer)
    return mandate


@pytest.fixture
def published_report(world) -> CommitteeReport:
    report = make_report(world.hf)
    publish_report(report, world.users["clerk"])
    return report


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def section_counts(mandate: Mandate) -> dict[str, int]:
    return {
        "risks": mandate.risks.count(),
        "milestones": mandate.milestones.count(),
        "success_measures": mandate.success_measures.count(),
        "actuals": MeasureActual.objects.filter(measure__mandate=mandate).count(),
    }


# The admin, as the superuser -------------------------------------------------------------


def test_superuser_bulk_delete_of_a_published_report_is_refused_whole(
    world, published_report, superuser, client
):
    draft = make_report(world.hf, number=2, title="A draft paper")
    sha = published_report.pdf_sha256
    client.force_login(superuser)
    url = reverse("admin:governance_committeereport_changelist")
    for step in ({}, {"post": "yes"}):
        response = client.post(
            url,
            {"action": "delete_selected", "_selected_action": [published_report.pk, draft.pk]}
            | step,
        )
        assert response.status_code == 302
        message = messages_of(response)[-1]
        assert "Nothing was deleted" in message
        assert f"“{published_report.title}”" in message
        assert draft.title not in message
    stored = CommitteeReport.objects.get(pk=published_report.pk)
    assert hashlib.sha256(bytes(stored.pdf)).hexdigest() == sha
    assert stored.recommendations.exists() and stored.sections.exists()
    assert CommitteeReport.objects.filter(pk=draft.pk).exists(), "all or nothing: draft kept"


def test_superuser_bulk_delete_of_a_published_mandate_keeps_it_and_its_sections(
    published_mandate, superuser, client
):
    before = section_counts(published_mandate)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:mandates_mandate_changelist"),
        {"action": "delete_selected", "_selected_action": [published_mandate.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert any(published_mandate.title in m for m in messages_of(response))
    assert Mandate.objects.filter(pk=published_mandate.pk).exists()
    assert section_counts(published_mandate) == before


def test_bulk_delete_of_drafts_alone_still_works(world, superuser, client):
    draft = make_mandate(world.hf)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:mandates_mandate_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Mandate.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_superuser_single_delete_view_refuses_with_the_reason(
    published_mandate, published_report, superuser, client, method
):
    client.force_login(superuser)
    for record, name in ((published_mandate, "mandates_mandate"), (published_report, None)):
        name = name or "governance_committeereport"
        url = reverse(f"admin:{name}_delete", args=[record.pk])
        response = getattr(client, method)(url, {"post": "yes"} if method == "post" else {})
        assert response.status_code == 302
        assert response.url == reverse(f"admin:{name}_change", args=[record.pk])
        message = messages_of(response)[-1]
        assert message.startswith("Nothing was deleted.") and "published" in message
        assert type(record).objects.filter(pk=record.pk).exists()


def test_superuser_sees_a_published_mandate_read_only_and_cannot_post_it(
    published_mandate, superuser, client
):
    client.force_login(superuser)
    url = reverse("admin:mandates_mandate_change", args=[published_mandate.pk])
    page = client.get(url).content.decode()
    assert "shown read-only" in page
    assert 'name="title"' not in page
    risk = published_mandate.risks.first()
    response = client.post(url, {"title": "Rewritten", "seen_version": published_mandate.version})
    assert response.status_code == 302
    assert any(m.startswith("Nothing was changed.") for m in messages_of(response))
    assert Mandate.objects.get(pk=published_mandate.pk).title == published_mandate.title
    assert Risk.objects.get(pk=risk.pk).description == risk.description


def test_admin_delete_of_a_division_in_use_shows_what_protects_it(world, superuser, client):
    make_mandate(world.hf)
    division = Division.objects.get(authority=world.hf, name="Education")
    client.force_login(superuser)
    single = client.post(reverse("admin:governance_division_delete", args=[division.pk]))
    bulk = client.post(
        reverse("admin:governance_division_changelist"),
        {"action": "delete_selected", "_selected_action": [division.pk], "post": "yes"},
    )
    for response in (single, bulk):
        assert response.status_code == 200
        assert "protected related objects" in response.content.decode()
    assert Division.objects.filter(pk=division.pk).exists()


# Querysets, cascades and the shell -------------------------------------------------------


def test_queryset_delete_and_update_of_published_mandates_raise(published_mandate, world):
    draft = make_mandate(world.rbkc)
    before = section_counts(published_mandate)
    everything = Mandate.objects.filter(pk__in=[published_mandate.pk, draft.pk])
    with pytest.raises(FrozenRecordError, match=published_mandate.title):
        Mandate.objects.filter(status=Mandate.Status.PUBLISHED).delete()
    with pytest.raises(FrozenRecordError, match="Nothing was changed"):
        Mandate.objects.filter(status=Mandate.Status.PUBLISHED).update(title="Rewritten")
    with pytest.raises(FrozenRecordError):
        everything.delete()
    with pytest.raises(FrozenRecordError):
        everything.update(vision="Rewritten")
    assert Mandate.objects.filter(pk=draft.pk).exists(), "a mixed queryset deletes nothing"
    assert set(Mandate.objects.values_list("vision", flat=True)) == {"A ladder of opportunity."}
    assert section_counts(published_mandate) == before


def test_queryset_writes_to_frozen_parts_raise(published_mandate, published_report):
    parts = (
        published_mandate.risks.all(),
        Milestone.objects.filter(mandate=published_mandate),
        MeasureActual.objects.filter(measure__mandate=published_mandate),
        published_report.recommendations.all(),
        ReportSection.objects.filter(report=published_report),
    )
    for queryset in parts:
        with pytest.raises(FrozenRecordError):
            queryset.delete()
        with pytest.raises(FrozenRecordError):
            queryset.update(version=99)
        assert not queryset.filter(version=99).exists()


def test_draft_querysets_are_not_held_back(world):
    draft = make_mandate(world.hf)
    assert Mandate.objects.filter(pk=draft.pk).update(vision="Renewed") == 1
    assert draft.risks.all().delete()[0] == 1


def test_cascades_and_the_base_manager_cannot_reach_frozen_rows(published_mandate):
    """Django's Collector deletes cascaded rows with its own SQL; the pre_delete guard holds."""
    before = section_counts(published_mandate)
    collector = Collector(using="default")
    collector.collect([published_mandate.milestones.first()])
    for delete in (
        Mandate._base_manager.filter(pk=published_mandate.pk).delete,
        SuccessMeasure._base_manager.filter(mandate=published_mandate).delete,
        collector.delete,
    ):
        with pytest.raises(FrozenRecordError, match="is published"), transaction.atomic():
            delete()
    assert section_counts(published_mandate) == before


def test_the_stored_state_decides_and_a_refusal_leaves_the_transaction_usable(published_report):
    """A copy edited in memory to look like a draft still cannot be deleted: the guard reads
    the database. The refused delete rolls back to its savepoint, so the caller can go on."""
    published_report.status = CommitteeReport.Status.DRAFT
    assert published_report.frozen_reason() is None
    with pytest.raises(FrozenRecordError, match="is frozen"):
        published_report.delete()
    assert CommitteeReport.objects.get(pk=published_report.pk).recommendations.exists()


def test_the_cascade_guard_asks_once_per_parent_not_once_per_row(world):
    """Deleting a draft with 40 extra risks, the guard adds two queries (its mandate, its
    success measure's mandate), not one per row: each row's frozen state is its parent's."""

    def queries_to_delete(mandate) -> int:
        Risk.objects.bulk_create(Risk(mandate=mandate, description=f"Risk {n}") for n in range(40))
        with CaptureQueriesContext(connection) as captured:
            mandate.delete()
        return len(captured.captured_queries)

    guarded = queries_to_delete(make_mandate(world.hf, 2011))
    pre_delete.disconnect(dispatch_uid="frozen-records-stay")
    try:
        unguarded = queries_to_delete(make_mandate(world.rbkc, 2011))
    finally:
        pre_delete.connect(refuse_frozen_delete, dispatch_uid="frozen-records-stay")
    assert guarded - unguarded == 2
    assert not Mandate.objects.exists()


def test_a_supersede_then_delete_of_the_draft_leaves_the_published_report(published_report, world):
    draft = published_report.supersede(world.users["clerk"])
    draft.delete()
    assert CommitteeReport.objects.filter(pk=published_report.pk, status="published").exists()


def test_the_shell_cannot_delete_or_change_published_records(published_mandate, published_report):
    for command in (
        "from mandates.models import Mandate; Mandate.objects.filter(status='published').delete()",
        "from mandates.models import Mandate; Mandate.objects.all().update(title='x')",
        "from governance.models import CommitteeReport as R; R.objects.all().delete()",
        "from governance.models import CommitteeReport as R; [r.delete() for r in R.objects.all()]",
    ):
        with pytest.raises(FrozenRecordError):
            call_command("shell", command=command)
    assert Mandate.objects.get(pk=published_mandate.pk).title == published_mandate.title
    assert CommitteeReport.objects.get(pk=published_report.pk).pdf_sha256


# The API ---------------------------------------------------------------------------------


def test_api_delete_of_a_division_in_use_is_a_409_with_the_reason(world):
    make_mandate(world.hf)
    division = Division.objects.get(authority=world.hf, name="Education")
    for user in (world.users["officer_hf"], world.users["admin"]):
        response = client_for(user).delete(
            f"/api/v1/divisions/{division.pk}/", HTTP_IF_MATCH=etag_of(division)
        )
        assert response.status_code == 409
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == 409
        assert "2 milestones" in body["detail"]
    assert Division.objects.filter(pk=division.pk).exists()


def test_api_delete_of_a_draft_rolled_into_another_is_a_409_not_a_500(world):
    earlier = make_mandate(world.hf, 2011)
    later = make_mandate(world.hf, 2012, previous_mandate=earlier)
    response = client_for(world.users["officer_hf"]).delete(
        f"/api/v1/mandates/{earlier.pk}/", HTTP_IF_MATCH=etag_of(earlier)
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "1 mandate" in response.json()["detail"]
    assert later.title not in response.json()["detail"], "never quotes the referring record"
    assert Mandate.objects.filter(pk=earlier.pk).exists()


def test_api_superuser_cannot_delete_or_change_a_published_mandate(published_mandate, world):
    client = client_for(world.users["admin"])
    url = f"/api/v1/mandates/{published_mandate.pk}/"
    etag = etag_of(published_mandate)
    deleted = client.delete(url, HTTP_IF_MATCH=etag)
    changed = client.patch(url, {"title": "Rewritten"}, format="json", HTTP_IF_MATCH=etag)
    for response in (deleted, changed):
        assert response.status_code == 409
        assert "is published" in response.json()["detail"]
    assert Mandate.objects.get(pk=published_mandate.pk).title == published_mandate.title


# Users who took a frozen record's steps ---------------------------------------------------


def test_the_user_who_published_a_mandate_cannot_be_deleted(published_mandate, world, client):
    """Deleting them would blank ``published_by`` (SET_NULL), an UPDATE no queryset sees."""
    officer = world.users["officer_hf"]
    with pytest.raises(FrozenRecordError, match="Deactivate"), transaction.atomic():
        officer.delete()
    client.force_login(world.users["admin"])
    single = client.post(reverse("admin:auth_user_delete", args=[officer.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [officer.pk], "post": "yes"},
    )
    for response in (single, bulk):
        assert response.status_code == 302
        assert "Deactivate" in messages_of(response)[-1]
    stored = Mandate.objects.get(pk=published_mandate.pk)
    assert stored.published_by == officer and stored.approved_by == officer
    assert LogEntry.objects.filter(action_flag=DELETION).count() == 0


def test_a_user_with_only_draft_steps_can_be_deleted(world):
    draft = make_mandate(world.hf)
    draft.submit(world.users["officer_hf"])
    world.users["officer_hf"].delete()
    draft.refresh_from_db()
    assert draft.submitted_by is None


def test_a_refusal_names_at_most_five_frozen_rows_and_counts_the_rest(published_mandate):
    with pytest.raises(FrozenRecordError) as refused:
        Risk.objects.filter(mandate=published_mandate).update(owner="x")
    assert str(refused.value).startswith(
        f"Nothing was changed: risk “{published_mandate.risks.get()}” is frozen. “"
    )
    KeyFact = published_mandate.key_facts.model
    KeyFact._base_manager.bulk_create(
        KeyFact(mandate=published_mandate, label=f"Fact {n}") for n in range(6)
    )
    with pytest.raises(FrozenRecordError, match=r"” and 2 more are frozen\.") as refused:
        published_mandate.key_facts.all().delete()
    assert published_mandate.key_facts.count() == 7
