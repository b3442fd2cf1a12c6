"""Every change is kept with who and when; a stale save is refused, never silently applied."""

from __future__ import annotations

import pytest

from childrens_services.models import StaleRecordError
from governance.models import Division

pytestmark = pytest.mark.django_db


def edit_payload(division: Division, **changes) -> dict:
    data = {
        "authority": division.authority_id,
        "name": division.name,
        "head": division.head,
        "description": division.description,
        "seen_version": division.version,
    }
    return data | changes


def test_an_admin_edit_is_kept_with_who_when_and_the_field_difference(world, client):
    division = Division.objects.create(authority=world.hf, name="Education", head="Ian Heggs")
    client.force_login(world.users["officer_hf"])
    response = client.post(
        f"/admin/governance/division/{division.pk}/change/",
        edit_payload(division, head="Steve Miley"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest, first = division.history.order_by("-history_date")[:2]
    assert latest.history_user == world.users["officer_hf"]
    assert latest.history_type == "~"
    delta = latest.diff_against(first)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "head"] == [
        ("head", "Ian Heggs", "Steve Miley")
    ]
    page = client.get(f"/admin/governance/division/{division.pk}/history/").content.decode()
    assert "officer_hf" in page
    assert "Steve Miley" in page


def test_deleting_a_record_keeps_its_history(world):
    division = Division.objects.create(authority=world.hf, name="Other")
    pk = division.pk
    division.delete()
    kinds = Division.history.filter(id=pk).order_by("history_date")
    assert list(kinds.values_list("history_type", flat=True)) == ["+", "-"]


def test_officers_cannot_revert_or_edit_history(world, client):
    division = Division.objects.create(authority=world.hf, name="Education")
    historical = division.history.first()
    client.force_login(world.users["officer_hf"])
    url = f"/admin/governance/division/{division.pk}/history/{historical.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"authority": world.hf.pk, "name": "Rewritten"})
    assert response.status_code == 403
    assert division.history.count() == 1
    assert client.get("/admin/governance/historicaldivision/").status_code == 404


def test_a_stale_orm_save_is_refused_and_names_what_changed(world, client):
    division = Division.objects.create(authority=world.hf, name="Education", head="A")
    first_copy = Division.objects.get(pk=division.pk)
    second_copy = Division.objects.get(pk=division.pk)
    first_copy.head = "B"
    first_copy.save()
    second_copy.description = "Schools"
    with pytest.raises(StaleRecordError) as refused:
        second_copy.save()
    assert "Head" in refused.value.message
    division.refresh_from_db()
    assert (division.head, division.description, division.version) == ("B", "", 2)


def test_the_second_of_two_admin_edits_is_refused_with_a_message(world, client):
    division = Division.objects.create(authority=world.hf, name="Education", head="A")
    client.force_login(world.users["officer_hf"])
    url = f"/admin/governance/division/{division.pk}/change/"
    opened = edit_payload(division)  # both tabs opened at version 1
    first = client.post(url, opened | {"head": "From tab one"})
    assert first.status_code == 302
    second = client.post(url, opened | {"description": "From tab two"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "changed by officer_hf after you opened it" in page
    assert "Head" in page
    division.refresh_from_db()
    assert (division.head, division.description) == ("From tab one", "")
