"""Who may see and change mandates and their sections, in the rule set and in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from mandates.models import Mandate, Milestone
from tests.permission_matrix import assert_matrix

pytestmark = pytest.mark.django_db

ALL = {"view", "add", "change", "delete"}
READ = {"view"}
NONE: set[str] = set()
OWNED_MATRIX = {
    "officer_hf": {"own": ALL, "other": NONE},
    "officer_rbkc": {"own": ALL, "other": NONE},
    "scrutiny": {"own": READ, "other": READ},
    "clerk": {"own": READ, "other": READ},
    "admin": {"own": ALL, "other": ALL},
    "nobody": {"own": NONE, "other": NONE},
}


def own_and_other(hf_record, rbkc_record) -> tuple[dict, dict]:
    own = dict.fromkeys(OWNED_MATRIX, hf_record) | {"officer_rbkc": rbkc_record}
    other = dict.fromkeys(OWNED_MATRIX, rbkc_record) | {"officer_rbkc": hf_record}
    return own, other


def test_a_mandate_is_written_only_by_officers_of_its_authority(hf_mandate, rbkc_mandate, world):
    own, other = own_and_other(hf_mandate, rbkc_mandate)
    assert_matrix(Mandate, world.users, own, other, OWNED_MATRIX)


def test_a_milestone_is_written_only_by_officers_of_its_mandates_authority(
    hf_mandate, rbkc_mandate, world
):
    own, other = own_and_other(hf_mandate.milestones.first(), rbkc_mandate.milestones.first())
    assert_matrix(Milestone, world.users, own, other, OWNED_MATRIX)


def test_an_officer_of_another_borough_cannot_see_the_draft_edit_page(hf_mandate, world, login):
    client = login(world.users["officer_rbkc"])
    url = reverse("admin:mandates_mandate_change", args=[hf_mandate.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain, "the page must not be served"
    assert escape(hf_mandate.title) not in response.content.decode()
    listing = client.get(reverse("admin:mandates_mandate_changelist"))
    assert listing.status_code == 200
    assert escape(hf_mandate.title) not in listing.content.decode()
    own_listing = login(world.users["officer_hf"]).get(reverse("admin:mandates_mandate_changelist"))
    assert escape(hf_mandate.title) in own_listing.content.decode()


def test_an_officer_reaches_every_section_of_their_own_draft_from_its_page(
    hf_mandate, world, login
):
    client = login(world.users["officer_hf"])
    response = client.get(reverse("admin:mandates_mandate_change", args=[hf_mandate.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Submit for approval" in page
    for slug, row in (
        ("key-facts", hf_mandate.key_facts.first().label),
        ("priorities", hf_mandate.priorities.first().text),
        ("success-measures", hf_mandate.success_measures.first().indicator),
        ("milestones", hf_mandate.milestones.first().text),
        ("assets", hf_mandate.assets.first().name),
        ("risks", hf_mandate.risks.first().description),
    ):
        url = reverse("admin:mandates_mandate_section", args=[hf_mandate.pk, slug])
        assert url in page
        assert escape(row) in client.get(url).content.decode()
