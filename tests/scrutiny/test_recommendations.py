"""A recommendation's named steps, lateness in lists, the rules on who may do what, and the
announcement when a response falls due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from childrens_services import events
from childrens_services.lifecycle import TransitionError
from childrens_services.permissions import restrict
from scrutiny.announcements import announce_due_responses
from scrutiny.models import RecommendationAction, RecommendationReview, ScrutinyRecommendation

Status = ScrutinyRecommendation.Status
D = dt.date
pytestmark = pytest.mark.django_db


def test_sending_sets_the_two_month_date_and_each_step_keeps_its_history(scrutiny):
    officer = scrutiny.world.users["officer_hf"]
    rec = scrutiny.hf
    rec.send(officer, D(2011, 12, 31))
    assert (rec.status, rec.response_due) == (Status.SENT, D(2012, 2, 29))
    rec.respond(officer, "partly", "Not the budget part.", D(2012, 2, 20))
    rec.implement(officer, "Done in the renewed mandate.")
    rec.refresh_from_db()
    assert rec.status == Status.IMPLEMENTED
    steps = rec.status_history()
    assert [s.status for s in steps] == ["agreed", "sent", "responded", "implemented"]
    assert steps[1].history_user == officer
    assert "agreed → sent" in steps[1].history_change_reason


def test_a_step_from_the_wrong_status_or_without_reasons_is_refused_and_changes_nothing(scrutiny):
    rec = scrutiny.hf
    with pytest.raises(TransitionError, match="Only a sent, awaiting response"):
        rec.respond(None, "accepted", "")
    rec.send(None, D(2012, 1, 24))
    with pytest.raises(TransitionError, match="reasons"):
        rec.respond(None, "rejected", "  ")
    with pytest.raises(TransitionError, match="before the recommendation was sent"):
        rec.respond(None, "accepted", "", D(2012, 1, 1))
    rec.refresh_from_db()
    assert (rec.status, rec.response) == (Status.SENT, "")
    rec.respond(None, "rejected", "No budget.", D(2012, 3, 1))
    with pytest.raises(TransitionError, match="rejected recommendation is closed"):
        rec.implement(None)
    with pytest.raises(TransitionError, match="Say why"):
        rec.close(None)
    rec.close(None, "Rejected by Cabinet.")
    assert rec.status == Status.CLOSED


def test_only_a_scrutiny_committees_meeting_and_a_later_review_are_accepted(scrutiny):
    rec = ScrutinyRecommendation(
        committee=scrutiny.hf_committee, meeting=scrutiny.hf_later, text="x", reference="2"
    )
    rec.full_clean()
    other = ScrutinyRecommendation(
        committee=scrutiny.harrow_committee, meeting=scrutiny.hf_meeting, text="x"
    )
    with pytest.raises(ValidationError, match="meeting of this committee"):
        other.full_clean()
    review = RecommendationReview(
        recommendation=scrutiny.hf, meeting=scrutiny.hf_meeting, note="Too early"
    )
    with pytest.raises(ValidationError, match="later meeting"):
        review.full_clean()
    RecommendationReview(
        recommendation=scrutiny.hf, meeting=scrutiny.hf_later, note="ok"
    ).full_clean()


def test_the_lists_late_rule_agrees_with_each_records_days_late(scrutiny):
    scrutiny.hf.send(None, D(2012, 1, 24))  # due 24 March 2012
    scrutiny.harrow.send(None, D(2011, 7, 12))
    scrutiny.harrow.respond(None, "accepted", "", D(2011, 8, 1))
    action = RecommendationAction.objects.create(
        recommendation=scrutiny.harrow, description="Report", owner="Director", due=D(2011, 10, 31)
    )
    for on in (D(2012, 3, 24), D(2012, 3, 25), D(2011, 11, 1), D(2011, 10, 31)):
        late = set(ScrutinyRecommendation.objects.response_late(on))
        assert late == {r for r in ScrutinyRecommendation.objects.all() if r.response_days_late(on)}
        late_actions = set(
            RecommendationAction.objects.filter(RecommendationAction.action_late_q(on))
        )
        assert late_actions == ({action} if action.days_late(on) else set())
    assert scrutiny.hf.response_days_late(D(2012, 3, 25)) == 1
    action.complete(None, D(2011, 11, 2))
    assert action.days_late(D(2012, 1, 1)) == 0


def test_officers_and_clerks_write_their_own_boroughs_only_and_members_read(scrutiny):
    users = scrutiny.world.users
    hf, harrow = scrutiny.hf, scrutiny.harrow
    for name in ("officer_hf", "clerk"):
        user = users[name]
        assert user.has_perm("scrutiny.change_scrutinyrecommendation", hf)
        assert not user.has_perm("scrutiny.change_scrutinyrecommendation", harrow)
        assert user.has_perm("scrutiny.view_scrutinyrecommendation", harrow)
    member = users["scrutiny"]
    assert member.has_perm("scrutiny.view_scrutinyrecommendation", harrow)
    assert not member.has_perm("scrutiny.change_scrutinyrecommendation", hf)
    assert not users["officer_rbkc"].has_perm("scrutiny.change_scrutinyrecommendation", hf)
    assert set(restrict(users["officer_hf"], ScrutinyRecommendation.objects.all(), "change")) == {
        hf
    }
    assert not restrict(users["nobody"], ScrutinyRecommendation.objects.all()).exists()
    with pytest.raises(TransitionError):
        ScrutinyRecommendation.lifecycle.check(harrow, users["officer_hf"], "send")
    ScrutinyRecommendation.lifecycle.check(hf, users["officer_hf"], "send")


def test_a_due_response_is_announced_once_to_its_committee_and_authority(
    scrutiny, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, kind, record, about, **kwargs):
        heard.append((kind, record.pk, about))

    events.happened.connect(listener)
    try:
        scrutiny.hf.send(None, D(2012, 1, 24))
        with django_capture_on_commit_callbacks(execute=True):
            assert announce_due_responses(D(2012, 3, 23)) == 0  # not due yet
            assert announce_due_responses(D(2012, 3, 24)) == 1
            assert announce_due_responses(D(2012, 3, 25)) == 0  # a retry: already told
    finally:
        events.happened.disconnect(listener)
    assert heard == [
        (
            "recommendation.response_due",
            scrutiny.hf.pk,
            (scrutiny.hf_committee, scrutiny.world.hf),
        )
    ]
    assert not ScrutinyRecommendation.objects.filter(Q(due_announced_at=None), pk=scrutiny.hf.pk)


def test_the_admin_sends_through_the_named_step_and_refuses_another_boroughs(scrutiny, login):
    client = login(scrutiny.world.users["officer_hf"])
    changelist = "/admin/scrutiny/scrutinyrecommendation/"
    answer = client.post(
        changelist,
        {"action": "send", "_selected_action": [scrutiny.hf.pk, scrutiny.harrow.pk]},
        follow=True,
    )
    assert answer.status_code == 200
    scrutiny.hf.refresh_from_db()
    scrutiny.harrow.refresh_from_db()
    assert scrutiny.hf.status == Status.SENT and scrutiny.hf.response_due is not None
    # Harrow's is not among the officer's rows: not listed, so never sent.
    assert scrutiny.harrow.status == Status.AGREED
    assert "Send: 1 done." in answer.content.decode()
    answer = client.post(changelist, {"action": "send", "_selected_action": [scrutiny.hf.pk]})
    assert "Only an agreed, not yet sent recommendation can be sent" in " ".join(
        str(m) for m in answer.wsgi_request._messages
    )


def test_a_second_run_holding_a_stale_copy_does_not_announce_again(scrutiny, monkeypatch):
    """Two workers read the same due recommendation; the second's claim is refused as stale."""
    from scrutiny import announcements

    scrutiny.hf.send(None, D(2012, 1, 24))
    stale = list(ScrutinyRecommendation.objects.filter(pk=scrutiny.hf.pk))
    assert announce_due_responses(D(2012, 4, 1)) == 1

    class Racing:
        def filter(self, *args, **kwargs):
            return self

        def select_related(self, *args):
            return stale

    monkeypatch.setattr(announcements.ScrutinyRecommendation, "objects", Racing())
    assert announcements.announce_due_responses(D(2012, 4, 1)) == 0
    history = scrutiny.hf.history.filter(history_change_reason="Response due: followers told")
    assert history.count() == 1
