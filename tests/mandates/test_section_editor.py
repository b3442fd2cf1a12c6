"""The per-section mandate editor's rules on a small H&F mandate: rows added and deleted in
one save, stale rows and deletes refused, another borough's officer and readers kept out, a
published mandate read-only, a duplicate priority number refused before the database. The
same editor at three times the H&F mandate's size: ``test_section_editor_at_size.py``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mandates.models import KeyFact
from tests.mandates.section_pages import post_data, section_url

pytestmark = pytest.mark.django_db


def test_rows_are_added_and_deleted_in_one_save(hf_mandate, world, login):
    client = login(world.users["officer_hf"])
    page = client.get(section_url(hf_mandate, "key-facts"))
    data = post_data(page)
    formset = page.context["formset"]
    doomed = formset.forms[0].instance
    data["rows-0-DELETE"] = "on"
    new = formset.initial_form_count()
    data.update({f"rows-{new}-label": "Children in need", f"rows-{new}-value": "1540",
                 f"rows-{new}-area": "social_care", f"rows-{new}-position": "99"})  # fmt: skip
    response = client.post(section_url(hf_mandate, "key-facts"), data, follow=True)
    assert "1 added, 1 deleted" in response.content.decode()
    assert not KeyFact.objects.filter(pk=doomed.pk).exists()
    added = hf_mandate.key_facts.get(label="Children in need")
    assert added.value == Decimal("1540")
    assert added.history.first().history_user == world.users["officer_hf"]


def test_a_stale_delete_is_refused(hf_mandate, world, login):
    client = login(world.users["officer_hf"])
    page = client.get(section_url(hf_mandate, "risks"))
    data = post_data(page)
    risk = page.context["formset"].forms[0].instance
    meanwhile = type(risk).objects.get(pk=risk.pk)
    meanwhile.owner = "Someone else"
    meanwhile.save()
    data["rows-0-DELETE"] = "on"
    response = client.post(section_url(hf_mandate, "risks"), data)
    assert "after you opened it" in response.content.decode()
    assert type(risk).objects.filter(pk=risk.pk).exists()


def test_another_boroughs_officer_cannot_open_or_post_a_section(hf_mandate, world, login):
    client = login(world.users["officer_rbkc"])
    url = section_url(hf_mandate, "key-facts")
    assert client.get(url).status_code == 404
    assert client.post(url, {"rows-TOTAL_FORMS": "0"}).status_code == 404


def test_a_published_mandates_section_is_read_only_and_refuses_a_post(published, world, login):
    client = login(world.users["officer_hf"])
    url = section_url(published, "milestones")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "is published" in html
    assert "Begin procurement" in html
    assert 'name="rows-' not in html
    assert 'type="submit" value="Save"' not in html
    milestone = published.milestones.first()
    data = {
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1", "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000", "rows-0-id": str(milestone.pk),
        "rows-0-seen_version": str(milestone.version), "rows-0-text": "Rewritten",
        "rows-0-year": "2012", "rows-0-quarter": "1", "rows-0-division": str(milestone.division_id),
        "rows-0-position": "0", "rows-0-scope": milestone.scope, "rows-0-status": milestone.status,
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode()
    assert "is published" in response.content.decode()
    assert published.milestones.get(pk=milestone.pk).text == milestone.text


def test_a_reader_sees_the_section_read_only_with_the_reason(hf_mandate, world, login):
    client = login(world.users["clerk"])
    response = client.get(section_url(hf_mandate, "key-facts"))
    assert response.status_code == 200
    assert "only officers of" in response.content.decode()
    assert client.post(section_url(hf_mandate, "key-facts"), {}).status_code == 403


def test_a_priority_number_used_twice_is_refused_before_the_database(hf_mandate, world, login):
    client = login(world.users["officer_hf"])
    page = client.get(section_url(hf_mandate, "priorities"))
    data = post_data(page)
    new = page.context["formset"].initial_form_count()
    data.update({f"rows-{new}-number": "1", f"rows-{new}-text": "A second number one"})
    response = client.post(section_url(hf_mandate, "priorities"), data)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert hf_mandate.priorities.count() == 1
