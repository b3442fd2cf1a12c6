"""The follow pages (forms without JavaScript), unsubscribing signed out, the API and the
feeds, each showing a person only their own subscriptions and what they may read."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.forms import follow_value
from alerts.models import FeedKey, Subscription
from alerts.tokens import feed_token, unsubscribe_token
from tests.governance.reports_factory import make_meeting, make_report

pytestmark = pytest.mark.django_db


def feed_of(user) -> str:
    return feed_token(user, FeedKey.of(user).key)


def test_following_from_a_committees_page_and_stopping(people, report, login):
    client = login(people["scrutiny"])
    committee = report.meeting.committee
    page = reverse("reports:committee", args=[committee.pk])
    button = f'Follow<span class="govuk-visually-hidden"> {escape(str(committee))}'
    assert button in client.get(page).text
    response = client.post(
        reverse("alerts:follow"), {"follow": follow_value(committee), "next": page}
    )
    assert response.status_code == 302 and response["Location"] == page
    sub = Subscription.objects.get(user=people["scrutiny"])
    assert sub.target == committee and sub.frequency == "immediate"
    assert "Stop following" in client.get(page).text
    client.post(reverse("alerts:follow"), {"follow": follow_value(committee)})
    assert Subscription.objects.count() == 1  # a second click follows it once
    client.post(reverse("alerts:unfollow", args=[sub.pk]), {"next": page})
    assert not Subscription.objects.exists()


def test_a_record_the_person_may_not_read_cannot_be_followed(people, world, login):
    exempt = make_report(
        world.hf, title="Exempt", classification="exempt", exemption_paragraph="Para 3"
    )
    client = login(people["scrutiny"])
    for value in (
        follow_value(exempt),  # not a kind that can be followed
        "governance.committee:999999",
        "governance.committee:abc",
        "topic:nothing",
    ):
        response = client.post(reverse("alerts:follow"), {"follow": value}, follow=True)
        assert response.status_code == 200
        assert "govuk-notification-banner" in response.text or "error" in response.text.lower()
    assert not Subscription.objects.exists()


def test_what_i_follow_lists_only_my_own_and_changes_frequency_with_the_version(
    people, report, follows, login
):
    mine = follows(people["scrutiny"], report.meeting.committee)
    theirs = follows(people["clerk"], "forward-plan")
    client = login(people["scrutiny"])
    followed = client.get(reverse("alerts:following")).text.split("Follow something")[0]
    assert f"Committee: {escape(str(report.meeting.committee))}" in followed
    assert "forward plan of key decisions" not in followed  # the clerk's, not mine
    prefix = f"s{mine.pk}"
    url = reverse("alerts:frequency", args=[mine.pk])
    client.post(url, {f"{prefix}-frequency": "daily", f"{prefix}-seen_version": mine.version})
    mine.refresh_from_db()
    assert mine.frequency == "daily"
    client.post(url, {f"{prefix}-frequency": "immediate", f"{prefix}-seen_version": 1})  # stale
    mine.refresh_from_db()
    assert mine.frequency == "daily"
    assert client.post(reverse("alerts:unfollow", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("alerts:frequency", args=[theirs.pk])).status_code == 404
    assert Subscription.objects.filter(pk=theirs.pk).exists()


def test_unsubscribing_works_signed_out_and_removes_only_that_subscription(
    people, report, follows, client
):
    sub = follows(people["scrutiny"], report.meeting.committee)
    other = follows(people["scrutiny"], "forward-plan")
    someone_else = follows(people["clerk"], report.meeting.committee)
    url = reverse("alerts:unsubscribe", args=[unsubscribe_token(sub)])
    assert "Stop these e-mails?" in client.get(url).text
    assert Subscription.objects.filter(pk=sub.pk).exists()  # a GET removes nothing
    assert "You have stopped following it" in client.post(url).text
    assert set(Subscription.objects.values_list("pk", flat=True)) == {other.pk, someone_else.pk}
    assert "You no longer follow this" in client.post(url).text  # a second click is harmless


def test_a_tampered_unsubscribe_token_is_refused_and_changes_nothing(
    people, report, follows, client
):
    sub = follows(people["scrutiny"], report.meeting.committee)
    token = unsubscribe_token(sub)
    for bad in (token[:-2] + "xx", "garbage", feed_of(people["scrutiny"])):
        response = client.post(reverse("alerts:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This link is not valid" in response.text
    assert Subscription.objects.filter(pk=sub.pk).exists()


def test_the_api_lists_creates_changes_and_removes_only_my_subscriptions(
    people, report, follows, client
):
    theirs = follows(people["clerk"], "forward-plan")
    client.force_login(people["scrutiny"])
    base = "/api/v1/subscriptions/"
    created = client.post(
        base,
        {"follows": follow_value(report.meeting.committee), "frequency": "daily"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    listed = client.get(base).json()["results"]
    assert [row["id"] for row in listed] == [pk]
    assert client.get(f"{base}{theirs.pk}/").status_code == 404
    one = client.get(f"{base}{pk}/")
    assert (
        client.patch(
            f"{base}{pk}/", {"frequency": "immediate"}, content_type="application/json"
        ).status_code
        == 428
    )
    changed = client.patch(
        f"{base}{pk}/",
        {"frequency": "immediate"},
        content_type="application/json",
        headers={"If-Match": one["ETag"]},
    )
    assert changed.status_code == 200 and changed.json()["frequency"] == "immediate"
    stale = client.delete(f"{base}{pk}/", headers={"If-Match": one["ETag"]})
    assert stale.status_code == 412
    fresh = client.get(f"{base}{pk}/")["ETag"]
    assert client.delete(f"{base}{pk}/", headers={"If-Match": fresh}).status_code == 204
    refused = client.post(
        base, {"follows": "governance.committee:999999"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert Subscription.objects.filter(user=people["scrutiny"]).count() == 0


def test_the_feeds_hold_what_the_reader_may_see(
    people, world, report, publish, immediate_tasks, client
):
    exempt = make_report(
        world.hf,
        number=2,
        title="Exempt contract award",
        classification="exempt",
        exemption_paragraph="Para 3",
        meeting=report.meeting,
    )
    publish(report, people["clerk"])
    publish(exempt, people["clerk"])
    atom = client.get(reverse("alerts:atom", args=[feed_of(people["scrutiny"])]))
    assert atom.status_code == 200
    assert report.title in atom.text and "Exempt contract award" not in atom.text
    clerks = client.get(reverse("alerts:atom", args=[feed_of(people["clerk"])])).text
    assert "Exempt contract award" in clerks
    coming = make_meeting(world.hf, date=timezone.localdate() + dt.timedelta(days=30))
    calendar = client.get(reverse("alerts:calendar", args=[feed_of(people["scrutiny"])]))
    assert calendar["Content-Type"].startswith("text/calendar")
    assert f"UID:meeting-{coming.pk}@" in calendar.text
    assert f"UID:meeting-{report.meeting.pk}@" not in calendar.text  # over a year ago
    assert client.get(reverse("alerts:atom", args=["forged"])).status_code == 404
    assert (
        client.get(reverse("alerts:calendar", args=[feed_of(people["nobody"])])).status_code == 200
    )


def test_changing_my_feed_addresses_stops_the_old_ones_only(people, login, client):
    old = reverse("alerts:calendar", args=[feed_of(people["scrutiny"])])
    clerks = reverse("alerts:calendar", args=[feed_of(people["clerk"])])
    assert client.get(old).status_code == 200
    login(people["scrutiny"]).post(reverse("alerts:renew-feeds"))
    assert client.get(old).status_code == 404
    assert (
        client.get(reverse("alerts:calendar", args=[feed_of(people["scrutiny"])])).status_code
        == 200
    )
    assert client.get(clerks).status_code == 200


def test_the_follow_button_tag_follows_a_topic_too(people, follows, rf):
    from django.template import Context, Template

    request = rf.get("/decisions/forward-plan/")
    request.user = people["scrutiny"]
    tag = Template('{% load alerts %}{% follow_button "forward-plan" %}')
    assert 'value="topic:forward-plan"' in tag.render(Context({"request": request}))
    follows(people["scrutiny"], "forward-plan")
    assert "Stop following" in tag.render(Context({"request": request}))
