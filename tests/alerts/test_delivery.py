"""Alerts reach followers only, once per event, never about what the recipient may not read."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command

from alerts import delivery
from alerts.models import Delivery, Event, Subscription
from alerts.tasks import deliver_event

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_published_paper_is_mailed_to_the_committees_followers_only(
    people, report, follows, publish, immediate_tasks
):
    follows(people["scrutiny"], report.meeting.committee)
    follows(people["officer_rbkc"], "forward-plan")  # follows something else
    publish(report, people["clerk"])
    assert recipients() == ["scrutiny@example.gov.uk"]
    message = mail.outbox[0]
    assert report.title in message.subject
    assert f"/reports/{report.pk}/" in message.body
    assert f"/reports/{report.pk}/" in message.alternatives[0][0]


def test_following_the_authority_hears_of_its_papers_too_but_once(
    people, report, follows, publish, immediate_tasks
):
    follows(people["scrutiny"], report.meeting.committee, Subscription.Frequency.DAILY)
    follows(people["scrutiny"], report.meeting.committee.authority)
    publish(report, people["clerk"])
    assert recipients() == ["scrutiny@example.gov.uk"]
    # Told through the subscription that tells at once, not kept for the digest as well.
    assert Delivery.objects.get().digest is False


def test_a_worker_running_the_same_event_again_sends_nothing_more(people, report, follows, publish):
    follows(people["scrutiny"], report.meeting.committee)
    publish(report, people["clerk"])  # queued on the database backend, not yet run
    event = Event.objects.get(kind="report.published")
    assert mail.outbox == []
    assert delivery.deliver(event.pk) == 1
    assert delivery.deliver(event.pk) == 0  # the retry
    deliver_event.call(event.pk)  # and the task itself, again
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(event=event).count() == 1


def test_a_claimed_alert_is_not_sent_by_a_second_worker(people, report, follows, publish):
    follows(people["scrutiny"], report.meeting.committee)
    publish(report, people["clerk"])
    event = Event.objects.get()
    sub = Subscription.objects.get()
    row = Delivery.objects.create(
        event=event, user=people["scrutiny"], subscription=sub, status=Delivery.Status.SENDING
    )
    assert delivery.deliver(event.pk) == 0
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENDING


def test_an_exempt_paper_reaches_only_those_who_may_read_it(
    people, world, follows, publish, immediate_tasks
):
    from tests.governance.reports_factory import make_report

    exempt = make_report(
        world.hf, title="Contract award", classification="exempt", exemption_paragraph="Para 3"
    )
    committee = exempt.meeting.committee
    for name in ("scrutiny", "clerk", "clerk_rbkc", "officer_hf"):
        follows(people[name], committee)
    publish(exempt, people["clerk"])
    assert recipients() == ["clerk@example.gov.uk", "officer_hf@example.gov.uk"]
    withheld = Delivery.objects.filter(status=Delivery.Status.WITHHELD)
    assert sorted(withheld.values_list("user__username", flat=True)) == ["clerk_rbkc", "scrutiny"]
    assert all("Contract award" not in m.body for m in mail.outbox if "scrutiny" in m.to[0])


def test_a_person_whose_access_ended_before_sending_is_not_told(people, report, follows, publish):
    follows(people["scrutiny"], report.meeting.committee)
    publish(report, people["clerk"])
    scrutiny = people["scrutiny"]
    scrutiny.is_active = False
    scrutiny.save()
    delivery.deliver(Event.objects.get().pk)
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.WITHHELD


def test_every_alert_carries_a_one_click_unsubscribe_for_its_subscription(
    people, report, follows, publish, immediate_tasks, client
):
    sub = follows(people["scrutiny"], report.meeting.committee)
    publish(report, people["clerk"])
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url in mail.outbox[0].body
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # a mail program, no session
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=sub.pk).exists()


def test_the_daily_digest_gathers_the_days_alerts_into_one_mail_sent_once(
    people, world, follows, publish, immediate_tasks
):
    from tests.governance.reports_factory import make_report

    first = make_report(world.hf, title="First paper")
    second = make_report(world.hf, number=2, title="Second paper", meeting=first.meeting)
    follows(people["scrutiny"], first.meeting.committee, Subscription.Frequency.DAILY)
    publish(first, people["clerk"])
    publish(second, people["clerk"])
    assert mail.outbox == []  # nothing at once
    call_command("send_alert_digests", "--now", stdout=io.StringIO())
    call_command("send_alert_digests", "--now", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "First paper" in body and "Second paper" in body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_the_digest_asks_again_at_sending_who_may_read_it(
    people, report, follows, publish, immediate_tasks
):
    follows(people["scrutiny"], report.meeting.committee, Subscription.Frequency.DAILY)
    publish(report, people["clerk"])
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    people["scrutiny"].profile.delete()  # no role any more: reads nothing
    people["scrutiny"].refresh_from_db()
    assert delivery.send_digests() == 0
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.WITHHELD


def test_one_subscription_is_chosen_per_person_at_once_before_daily():
    daily = SimpleNamespace(user_id=1, is_daily=True)
    at_once = SimpleNamespace(user_id=1, is_daily=False)
    other = SimpleNamespace(user_id=2, is_daily=True)
    assert delivery.chosen_subscriptions([daily, at_once, other]) == {1: at_once, 2: other}
    assert delivery.chosen_subscriptions([at_once, daily]) == {1: at_once}


def test_a_topic_follower_hears_of_events_about_the_topic(
    people, report, follows, publish, immediate_tasks, django_capture_on_commit_callbacks
):
    from childrens_services.events import announce

    follows(people["scrutiny"], "forward-plan")
    publish(report, people["clerk"])  # about the committee, not the forward plan
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        announce("forward_plan.added", report, about=["forward-plan"])
    assert recipients() == ["scrutiny@example.gov.uk"]
    assert "A key decision was added to the forward plan" in mail.outbox[0].subject
    assert "The forward plan of key decisions" in mail.outbox[0].body


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(
    people, world, follows, publish, immediate_tasks
):
    from tests.governance.reports_factory import make_report

    broken = make_report(world.hf, title="Savings\nupdate")
    follows(people["scrutiny"], broken.meeting.committee)
    publish(broken, people["clerk"])
    assert mail.outbox[0].subject == "A paper was published: Savings update"
    mail.outbox[0].message()  # renders its headers without BadHeaderError
