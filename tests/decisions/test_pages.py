"""The members' pages: the forward plan, an entry, decisions and a notice with its call-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import DecisionNotice
from tests.decisions.conftest import make_entry, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_notice(world, cabinet):
    """A decision published today, its call-in period open."""
    today = timezone.localdate()
    entry = make_entry(world, cabinet, reference="KD7", decision_date=today)
    entry.publish(None, on=today - dt.timedelta(days=40))
    notice = make_notice(world, cabinet, entry, decided_on=today, meeting=None, title="Open one")
    notice.publish(None, on=today)
    return notice


def test_the_forward_plan_lists_published_entries_and_drafts_only_to_their_authority(
    world, cabinet, published_entry, login
):
    make_entry(world, cabinet, reference="KD-DRAFT", subject="A draft entry")
    url = reverse("decisions:forward_plan")
    scrutiny = login(world.users["scrutiny"]).get(url).content.decode()
    assert "Tri-borough service plans" in scrutiny and "A draft entry" not in scrutiny
    clerk = login(world.users["clerk"]).get(url).content.decode()
    assert "A draft entry" in clerk
    assert login(world.users["clerk_rbkc"]).get(url).content.decode().count("A draft entry") == 0


def test_an_entry_shows_its_notice_and_a_draft_is_hidden_from_members(
    world, cabinet, published_entry, login
):
    page = login(world.users["scrutiny"]).get(published_entry.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert "30 given; 28 needed" in body and "20 May 2011" in body
    draft = make_entry(world, cabinet, reference="KD8")
    assert login(world.users["scrutiny"]).get(draft.get_absolute_url()).status_code == 404
    clerk_page = login(world.users["clerk"]).get(draft.get_absolute_url()).content.decode()
    assert "Move the decision date, or record a general exception" in clerk_page


def test_a_scrutiny_member_calls_a_decision_in_from_its_page(world, open_notice, login):
    client = login(world.users["scrutiny"])
    page = client.get(open_notice.get_absolute_url()).content.decode()
    assert "Open to call-in until the end of" in page and "Call in the decision" in page
    posted = client.post(
        open_notice.get_absolute_url(),
        {"step": "call_in", "call_in-members": "Cllr A", "call_in-reasons": "Not assured."},
    )
    assert posted.status_code == 302
    open_notice.refresh_from_db()
    assert open_notice.status == DecisionNotice.Status.CALLED_IN
    after = client.get(open_notice.get_absolute_url()).content.decode()
    assert "Called in: it may not be implemented" in after and "Not assured." in after
    assert "Call in the decision" not in after


def test_a_call_in_without_reasons_is_shown_again_with_the_error_and_changes_nothing(
    world, open_notice, login
):
    client = login(world.users["scrutiny"])
    posted = client.post(
        open_notice.get_absolute_url(),
        {"step": "call_in", "call_in-members": "Cllr A", "call_in-reasons": ""},
    )
    assert posted.status_code == 400
    assert "govuk-error-message" in posted.content.decode()
    open_notice.refresh_from_db()
    assert open_notice.status == DecisionNotice.Status.PUBLISHED


@pytest.mark.parametrize("username", ["officer_hf", "clerk"])
def test_only_scrutiny_members_may_call_in(world, open_notice, login, username):
    client = login(world.users[username])
    assert "Call in the decision" not in client.get(open_notice.get_absolute_url()).content.decode()
    posted = client.post(
        open_notice.get_absolute_url(),
        {"step": "call_in", "call_in-members": "X", "call_in-reasons": "Y"},
    )
    assert posted.status_code == 403
    open_notice.refresh_from_db()
    assert open_notice.status == DecisionNotice.Status.PUBLISHED


def test_the_clerk_records_the_outcome_on_the_page(world, open_notice, login):
    open_notice.call_in(world.users["scrutiny"], "Cllr A", "Reasons.")
    client = login(world.users["clerk"])
    assert "Record the call-in" in client.get(open_notice.get_absolute_url()).content.decode()
    posted = client.post(
        open_notice.get_absolute_url(),
        {"step": "resolve_call_in", "resolve-outcome": "stands", "resolve-note": "Agreed."},
    )
    assert posted.status_code == 302
    open_notice.refresh_from_db()
    assert open_notice.status == DecisionNotice.Status.RESOLVED and open_notice.implementable()


def test_the_decisions_list_shows_when_each_call_in_period_ends(world, open_notice, login):
    body = login(world.users["scrutiny"]).get(reverse("decisions:decisions")).content.decode()
    assert "Open one" in body
    assert open_notice.call_in_closes.strftime("%-d %b %Y") in body


def test_someone_without_a_role_is_refused(world, open_notice, login):
    client = login(world.users["nobody"])
    assert client.get(reverse("decisions:forward_plan")).status_code == 403
    assert client.get(open_notice.get_absolute_url()).status_code == 403


def test_a_key_decision_report_links_to_its_forward_plan_entry(world, cabinet, login):
    from governance.models import CommitteeReport, Meeting

    entry = make_entry(world, cabinet, reference="KD/12")
    entry.publish(None, on=dt.date(2011, 5, 1))
    other = make_entry(world, cabinet, reference="KD13", subject="Another decision")
    other.publish(None, on=dt.date(2011, 5, 1))
    meeting = Meeting.objects.create(committee=cabinet, date=dt.date(2011, 6, 20))
    report = CommitteeReport.objects.create(
        meeting=meeting, title="Plans", key_decision=True, forward_plan_reference="KD/12"
    )
    client = login(world.users["clerk"])
    body = client.get(report.get_absolute_url()).content.decode()
    link = reverse("decisions:forward_plan") + "?reference=KD/12"
    assert f'href="{link}"' in body
    listed = client.get(link).content.decode()
    assert "Tri-borough service plans" in listed and "Another decision" not in listed


def test_the_forward_plan_offers_to_follow_it(world, login):
    body = login(world.users["scrutiny"]).get(reverse("decisions:forward_plan")).content.decode()
    assert 'name="follow" value="topic:forward-plan"' in body
