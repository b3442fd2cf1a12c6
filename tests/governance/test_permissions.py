"""The permission matrix: every role × view/add/change/delete × own/other authority."""

from __future__ import annotations

import pytest

from childrens_services.permissions import restrict
from governance.models import Authority, Committee, Division, Meeting
from tests.permission_matrix import assert_matrix

ALL = {"view", "add", "change", "delete"}
READ = {"view"}
NONE: set[str] = set()

pytestmark = pytest.mark.django_db


def test_owned_records_are_written_only_by_officers_of_their_authority(world):
    hf_division = Division.objects.create(authority=world.hf, name="Education")
    rbkc_division = Division.objects.create(authority=world.rbkc, name="Education")
    own = {"officer_hf": hf_division, "officer_rbkc": rbkc_division}
    other = {"officer_hf": rbkc_division, "officer_rbkc": hf_division}
    for role in ("scrutiny", "clerk", "admin", "nobody"):
        own[role], other[role] = hf_division, rbkc_division
    assert_matrix(
        Division,
        world.users,
        own,
        other,
        {
            "officer_hf": {"own": ALL, "other": NONE},
            "officer_rbkc": {"own": ALL, "other": NONE},
            "scrutiny": {"own": READ, "other": READ},
            "clerk": {"own": READ, "other": READ},
            "admin": {"own": ALL, "other": ALL},
            "nobody": {"own": NONE, "other": NONE},
        },
    )


def test_committee_business_is_written_only_by_clerks_of_its_authority(world):
    hf_committee = Committee.objects.create(authority=world.hf, name="Select", kind="select")
    rbkc_committee = Committee.objects.create(authority=world.rbkc, name="Select", kind="select")
    hf_meeting = Meeting.objects.create(committee=hf_committee, date="2012-01-17")
    rbkc_meeting = Meeting.objects.create(committee=rbkc_committee, date="2012-01-18")
    expected = {
        "clerk": {"own": ALL, "other": READ},
        "clerk_rbkc": {"own": ALL, "other": READ},
        "officer_hf": {"own": READ, "other": READ},
        "scrutiny": {"own": READ, "other": READ},
        "admin": {"own": ALL, "other": ALL},
        "nobody": {"own": NONE, "other": NONE},
    }
    for model, hf_record, rbkc_record in (
        (Committee, hf_committee, rbkc_committee),
        (Meeting, hf_meeting, rbkc_meeting),
    ):
        own = dict.fromkeys(expected, hf_record) | {"clerk_rbkc": rbkc_record}
        other = dict.fromkeys(expected, rbkc_record) | {"clerk_rbkc": hf_record}
        assert_matrix(model, world.users, own, other, expected)


def test_partnership_committee_is_written_by_clerks_of_the_lead_authority(world):
    steering = Committee.objects.create(
        partnership=world.triborough, name="Children's Steering Group", kind="steering"
    )
    assert world.users["clerk"].has_perm("governance.change_committee", steering)
    assert not world.users["clerk_rbkc"].has_perm("governance.change_committee", steering)
    assert world.users["clerk_rbkc"].has_perm("governance.view_committee", steering)


def test_reference_data_is_maintained_by_administrators_only(world):
    for role in ("officer_hf", "scrutiny", "clerk"):
        user = world.users[role]
        assert user.has_perm("governance.view_authority", world.hf)
        assert not user.has_perm("governance.change_authority", world.hf)
        assert not user.has_perm("governance.add_authority")
    assert world.users["admin"].has_perm("governance.delete_authority", world.hf)
    assert not world.users["nobody"].has_perm("governance.view_authority", world.hf)


def test_lists_are_narrowed_to_what_the_user_may_see_and_change(world):
    Division.objects.create(authority=world.hf, name="Education")
    Division.objects.create(authority=world.rbkc, name="Family Services")
    every = Division.objects.all()
    assert [d.authority for d in restrict(world.users["officer_hf"], every)] == [world.hf]
    assert restrict(world.users["scrutiny"], every).count() == 2
    assert restrict(world.users["scrutiny"], every, "change").count() == 0
    assert [d.authority for d in restrict(world.users["officer_rbkc"], every, "change")] == [
        world.rbkc
    ]
    assert restrict(world.users["nobody"], every).count() == 0
    assert restrict(world.users["officer_hf"], Authority.objects.all()).count() == 5


def test_an_officer_cannot_open_another_authoritys_record_in_the_admin(world, client):
    rbkc_division = Division.objects.create(authority=world.rbkc, name="Family Services")
    client.force_login(world.users["officer_hf"])
    response = client.get(f"/admin/governance/division/{rbkc_division.pk}/change/")
    assert response.status_code == 302
    # Back to their own list, told only which authority owns it (public), nothing of the record.
    assert response.url == "/admin/governance/division/"
    listing = client.get(response.url)
    assert "Family Services" not in listing.content.decode()


def test_an_officer_cannot_create_a_record_for_another_authority(world, client):
    client.force_login(world.users["officer_hf"])
    choices = client.get(
        "/admin/autocomplete/",
        {"app_label": "governance", "model_name": "division", "field_name": "authority"},
    ).json()["results"]
    assert [choice["text"] for choice in choices] == ["Hammersmith and Fulham"]
    response = client.post(
        "/admin/governance/division/add/",
        {"authority": world.rbkc.pk, "name": "Sneaky", "head": "", "description": ""},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Division.objects.filter(name="Sneaky").exists()


def test_scrutiny_members_cannot_reach_the_admin(world, client):
    client.force_login(world.users["scrutiny"])
    response = client.get("/admin/governance/division/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_partnership_records_are_read_by_every_members_officers_and_changed_by_the_leads(world):
    from childrens_services.models import q_matches
    from governance.models import Partnership

    everyone = [world.hf, world.rbkc, world.wcc, world.harrow, world.merton]

    def readers(record) -> set[int]:
        """The authorities whose officers read the record, from its one readable_by_q."""
        reads = type(record).readable_by_q
        return {a.pk for a in everyone if q_matches(reads([a.pk]), record)}

    hf_record = Committee.objects.create(authority=world.hf, name="Select", kind="select")
    shared = Division.objects.create(authority=world.hf, name="Shared")
    assert readers(shared) == {world.hf.pk}
    bi = Partnership.objects.create(name="Bi", short_name="Bi", kind="bi", lead_authority=world.hf)
    assert readers(hf_record) == {world.hf.pk}
    steering = Committee.objects.create(partnership=world.triborough, name="Steer", kind="steering")
    assert readers(steering) == {world.hf.pk, world.rbkc.pk, world.wcc.pk}
    assert Committee.objects.filter(Committee.readable_by_q([world.rbkc.pk])).get() == steering
    assert not Committee.objects.filter(Committee.readable_by_q([world.harrow.pk])).exists()
    assert bi.pk


def test_parts_of_an_exempt_report_are_as_hidden_as_the_report(world):
    from childrens_services.permissions import restrict
    from governance.models import CommitteeReport, Recommendation

    committee = Committee.objects.create(authority=world.hf, name="Cabinet", kind="cabinet")
    meeting = Meeting.objects.create(committee=committee, date="2012-01-17")
    report = CommitteeReport.objects.create(
        meeting=meeting,
        title="Exempt contract award",
        classification=CommitteeReport.Classification.EXEMPT,
        exemption_paragraph="3",
        author_name="A",
        synopsis="S",
    )
    part = Recommendation.objects.create(report=report, position=1, text="Award it")
    assert part.is_private
    assert not world.users["scrutiny"].has_perm("governance.view_recommendation", part)
    assert not world.users["clerk_rbkc"].has_perm("governance.view_recommendation", part)
    assert world.users["clerk"].has_perm("governance.view_recommendation", part)
    assert not restrict(world.users["scrutiny"], Recommendation.objects.all()).exists()
    assert restrict(world.users["clerk"], Recommendation.objects.all()).get() == part
    assert restrict(world.users["scrutiny"], Meeting.objects.all()).get() == meeting
