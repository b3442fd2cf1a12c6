"""Draft -> submitted -> approved -> published, who may take each step, and freezing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childrens_services.models import FrozenRecordError
from mandates.models import SECTION_MODELS, Mandate, Milestone, TransitionError

pytestmark = pytest.mark.django_db


def test_an_officer_of_the_authority_takes_the_mandate_through_its_lifecycle(hf_mandate, world):
    officer = world.users["officer_hf"]
    hf_mandate.submit(officer)
    hf_mandate.approve(officer)
    hf_mandate.publish(officer)
    stored = Mandate.objects.get(pk=hf_mandate.pk)
    assert stored.status == Mandate.Status.PUBLISHED
    assert stored.approved_by == officer
    assert stored.approved_at is not None
    assert stored.history.filter(status="approved", history_user=officer).exists()


@pytest.mark.parametrize("role", ["officer_rbkc", "scrutiny", "clerk", "nobody"])
def test_only_officers_of_the_authority_and_administrators_may_submit(hf_mandate, world, role):
    with pytest.raises(TransitionError, match="may not submit") as refused:
        Mandate.lifecycle.check(hf_mandate, world.users[role], "submit")
    assert refused.value.forbidden
    assert Mandate.lifecycle.available(hf_mandate, world.users[role]) == []
    assert Mandate.objects.get(pk=hf_mandate.pk).status == Mandate.Status.DRAFT


def test_a_caller_may_have_the_refusal_of_a_user_raised_as_its_own_403(hf_mandate, world):
    """Pages and the API pass their ``PermissionDenied``: the user's refusal comes as that,
    with the sentence; "not now" stays a ``TransitionError`` for the caller's message or 409."""
    with pytest.raises(PermissionDenied, match="may not submit"):
        Mandate.lifecycle.check(
            hf_mandate, world.users["scrutiny"], "submit", forbidden=PermissionDenied
        )
    with pytest.raises(TransitionError, match="Only an approved mandate") as not_now:
        Mandate.lifecycle.check(
            hf_mandate, world.users["officer_hf"], "publish", forbidden=PermissionDenied
        )
    assert not not_now.value.forbidden


def test_each_step_leaves_a_history_row_with_who_from_and_to(hf_mandate, world):
    officer = world.users["officer_hf"]
    assert [t.name for t in Mandate.lifecycle.available(hf_mandate, officer)] == ["submit"]
    Mandate.lifecycle.check(hf_mandate, officer, "submit")
    hf_mandate.submit(officer)
    row = hf_mandate.history.first()
    assert (row.history_user, row.status) == (officer, "submitted")
    assert row.history_change_reason == "Submit: draft → submitted by officer_hf"


def test_an_administrator_may_approve_and_publish(hf_mandate, world):
    hf_mandate.submit(world.users["officer_hf"])
    hf_mandate.approve(world.users["admin"])
    hf_mandate.publish(world.users["admin"])
    assert Mandate.objects.get(pk=hf_mandate.pk).approved_by == world.users["admin"]


def test_a_draft_cannot_be_approved_or_published_before_it_is_submitted(hf_mandate, world):
    officer = world.users["officer_hf"]
    with pytest.raises(TransitionError, match="Only a submitted mandate"):
        hf_mandate.approve(officer)
    with pytest.raises(TransitionError, match="Only an approved mandate"):
        hf_mandate.publish(officer)


def test_a_published_mandate_refuses_edits(published):
    published.vision = "Something new"
    with pytest.raises(FrozenRecordError, match="is published"):
        published.save()
    with pytest.raises(FrozenRecordError):
        published.delete()


def test_every_section_of_a_published_mandate_refuses_edits_and_deletion(published):
    for model in SECTION_MODELS:
        row = model.objects.filter(mandate=published).first()
        assert row is not None, model
        with pytest.raises(FrozenRecordError):
            row.save()
        with pytest.raises(FrozenRecordError):
            row.delete()
    measure = published.success_measures.get()
    with pytest.raises(FrozenRecordError):
        measure.actuals.first().save()


def test_no_section_can_be_added_to_a_published_mandate(published):
    first = published.milestones.first()
    with pytest.raises(FrozenRecordError):
        Milestone.objects.create(
            mandate=published, division=first.division, year=2013, quarter=1, text="New"
        )


def test_the_published_mandate_refuses_change_permission_to_its_own_officer(published, world):
    assert world.users["officer_hf"].has_perm("mandates.view_mandate", published)
    assert not world.users["officer_hf"].has_perm("mandates.change_mandate", published)
    assert not world.users["officer_hf"].has_perm("mandates.change_milestone", published)


def test_roll_forward_copies_every_section_into_next_years_draft(published, world):
    draft = published.roll_forward(world.users["officer_hf"])
    assert draft.previous_mandate == published
    assert draft.status == Mandate.Status.DRAFT
    assert (draft.start_year, draft.end_year) == (published.start_year + 1, published.end_year + 1)
    assert str(published.start_year + 1) in draft.title
    assert draft.vision == published.vision
    for model in SECTION_MODELS:
        before = model.objects.filter(mandate=published)
        after = model.objects.filter(mandate=draft)
        assert after.count() == before.count() > 0, model
        assert {str(row) for row in after} == {str(row) for row in before}
    old_measure, new_measure = published.success_measures.get(), draft.success_measures.get()
    assert new_measure.pk != old_measure.pk
    assert list(new_measure.actuals.values_list("value", flat=True)) == list(
        old_measure.actuals.values_list("value", flat=True)
    )


def test_the_rolled_forward_draft_can_be_edited_while_its_predecessor_stays_frozen(
    published, world
):
    draft = published.roll_forward(world.users["officer_hf"])
    milestone = draft.milestones.first()
    milestone.status = Milestone.Status.ON_TRACK
    milestone.save()
    assert published.milestones.get(text=milestone.text).status == Milestone.Status.NOT_STARTED


def test_only_a_published_mandate_is_rolled_forward_and_only_once(hf_mandate, published, world):
    officer = world.users["officer_hf"]
    published.roll_forward(officer)
    with pytest.raises(TransitionError, match="already been rolled forward"):
        published.roll_forward(officer)
    with pytest.raises(TransitionError, match="may not roll forward"):
        Mandate.lifecycle.check(published, world.users["officer_rbkc"], "roll_forward")


def test_a_draft_cannot_be_rolled_forward(hf_mandate, world):
    with pytest.raises(TransitionError, match="Only a published mandate"):
        hf_mandate.roll_forward(world.users["officer_hf"])


def test_a_milestone_is_overdue_once_its_quarter_has_ended_unless_done(hf_mandate):
    milestone = hf_mandate.milestones.get(quarter=1)
    after_quarter = milestone.due_date + dt.timedelta(days=1)
    assert milestone.is_overdue(after_quarter)
    assert not milestone.is_overdue(milestone.due_date)
    milestone.status = Milestone.Status.DONE
    assert not milestone.is_overdue(after_quarter)


def test_listed_milestones_read_overdue_from_their_annotation(hf_mandate):
    """A list annotated ``with_overdue`` answers ``is_overdue`` without asking again, and agrees
    with the rule in words and with a milestone read on its own."""
    days = {m.due_date + dt.timedelta(days=d) for m in hf_mandate.milestones.all() for d in (0, 1)}
    for day in sorted(days):
        listed = list(hf_mandate.milestones.with_overdue(day))
        with CaptureQueriesContext(connection) as asked:
            annotated = {m.pk for m in listed if m.is_overdue(day)}
        assert len(asked) == 0
        in_words = {m.pk for m in listed if m.due_date < day and m.status != "done"}
        assert annotated == in_words
        alone = {m.pk for m in listed if Milestone.objects.get(pk=m.pk).is_overdue(day)}
        assert alone == in_words
        assert set(hf_mandate.milestones.overdue(day).values_list("pk", flat=True)) == in_words
    assert any(
        hf_mandate.milestones.overdue(day).exists() for day in days
    )  # some day has an overdue milestone, so the comparison says something
