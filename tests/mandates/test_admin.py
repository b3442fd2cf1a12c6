"""The mandate page: lifecycle buttons, and a published mandate refusing every edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mandates.models import Mandate

pytestmark = pytest.mark.django_db


def step_url(mandate: Mandate, step: str) -> str:
    return reverse("admin:mandates_mandate_lifecycle", args=[mandate.pk, step])


def test_the_officer_submits_from_the_mandate_page_and_is_told_so(hf_mandate, world, login):
    client = login(world.users["officer_hf"])
    response = client.post(step_url(hf_mandate, "submit"), follow=True)
    assert Mandate.objects.get(pk=hf_mandate.pk).status == Mandate.Status.SUBMITTED
    assert "is now submitted" in response.content.decode()


def test_a_refused_step_leaves_the_mandate_as_it_was_with_a_message(hf_mandate, world, login):
    client = login(world.users["officer_hf"])
    response = client.post(step_url(hf_mandate, "publish"), follow=True)
    assert Mandate.objects.get(pk=hf_mandate.pk).status == Mandate.Status.DRAFT
    assert "Only an approved mandate can be published" in response.content.decode()


def test_another_boroughs_officer_cannot_take_a_step(hf_mandate, world, login):
    client = login(world.users["officer_rbkc"])
    response = client.post(step_url(hf_mandate, "submit"))
    assert response.status_code == 404
    assert Mandate.objects.get(pk=hf_mandate.pk).status == Mandate.Status.DRAFT


def test_a_published_mandate_page_says_it_is_frozen(published, world, login):
    client = login(world.users["officer_hf"])
    response = client.get(reverse("admin:mandates_mandate_change", args=[published.pk]))
    page = response.content.decode()
    assert "is published" in page
    assert "shown read-only" in page
    assert "Roll forward" in page


def test_a_published_mandate_refuses_an_admin_post(published, world, login):
    client = login(world.users["officer_hf"])
    url = reverse("admin:mandates_mandate_change", args=[published.pk])
    response = client.post(url, {"title": "Rewritten", "seen_version": published.version})
    assert response.status_code == 302
    assert "Nothing was changed" in client.get(response.url).content.decode()
    assert Mandate.objects.get(pk=published.pk).title == published.title


def test_a_published_mandates_section_refuses_an_admin_post(published, world, login):
    client = login(world.users["officer_hf"])
    milestone = published.milestones.first()
    url = reverse("admin:mandates_milestone_change", args=[milestone.pk])
    response = client.post(url, {"text": "Rewritten", "seen_version": milestone.version})
    assert response.status_code == 302
    assert "Nothing was changed" in client.get(response.url).content.decode()
    assert published.milestones.get(pk=milestone.pk).text == milestone.text


def test_roll_forward_from_the_page_opens_the_new_draft(published, world, login):
    client = login(world.users["officer_hf"])
    response = client.post(step_url(published, "roll_forward"))
    draft = Mandate.objects.get(previous_mandate=published)
    assert response.url == reverse("admin:mandates_mandate_change", args=[draft.pk])


def test_the_milestone_list_reads_overdue_for_the_whole_page_at_once(hf_mandate, world, login):
    """The "overdue" column comes from the list's own query, not one query per milestone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users["officer_hf"])
    url = reverse("admin:mandates_milestone_changelist")
    client.get(url)  # the session and caches settle on the first page
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    first = hf_mandate.milestones.first()
    for _copy in range(5):
        first.copy_into(hf_mandate, world.users["officer_hf"])
    assert hf_mandate.milestones.count() >= 6
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    overdue = {m.pk for m in hf_mandate.milestones.overdue(dt.date.today())}
    assert page.count('alt="True"') == len(overdue)
