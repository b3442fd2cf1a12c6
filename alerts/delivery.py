"""Who is told of an event, and the sending: at once, or gathered into a daily digest.

Whether a person may read the record is asked when the e-mail is sent
(``childrens_services.permissions.may``), not when they followed nor when the event was
announced: an exempt paper, a draft, another borough's record they may not read is never in
their e-mail, and a person whose role changed since is judged as they are now.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts.models import Delivery, Event, Subscription
from alerts.tokens import unsubscribe_token
from childrens_services.permissions import may

Status = Delivery.Status


def chosen_subscriptions(subscriptions: Iterable[Subscription]) -> dict[int, Subscription]:
    """One subscription per person: someone following both a committee and its authority
    hears of a paper once, through the subscription that tells them soonest (at once before
    daily), the first of equals."""
    chosen: dict[int, Subscription] = {}
    for sub in subscriptions:
        held = chosen.get(sub.user_id)
        if held is None or (held.is_daily and not sub.is_daily):
            chosen[sub.user_id] = sub
    return chosen


def may_read(user, record) -> bool:
    return record is not None and user.is_active and bool(user.email) and may(user, "view", record)


def deliver(event_id: int) -> int:
    """Write the outbox rows for one event and send the immediate ones; returns how many
    e-mails were sent now. Safe to run again for the same event: the rows are unique per
    (event, person) and each is claimed before it is sent."""
    event = Event.objects.select_related("content_type").get(pk=event_id)
    record = event.record
    subscriptions = (
        Subscription.objects.about(event.about)
        .select_related("user", "content_type")
        .order_by("pk")
    )
    sent = 0
    for user_id, sub in chosen_subscriptions(subscriptions).items():
        status = Status.PENDING if may_read(sub.user, record) else Status.WITHHELD
        try:
            with transaction.atomic():
                delivery, _ = Delivery.objects.get_or_create(
                    event=event,
                    user_id=user_id,
                    defaults={"subscription": sub, "digest": sub.is_daily, "status": status},
                )
        except IntegrityError:  # another worker wrote it between our read and our insert
            continue
        if not delivery.digest and send_now(delivery, record):
            sent += 1
    return sent


def _claim(rows, **extra) -> int:
    return rows.filter(status=Status.PENDING).update(status=Status.SENDING, **extra)


def send_now(delivery: Delivery, record) -> bool:
    """Send one immediate alert if nobody has claimed it yet; whether it was sent."""
    if not _claim(Delivery.objects.filter(pk=delivery.pk)):
        return False
    delivery.refresh_from_db()
    user, sub = delivery.user, delivery.subscription
    if not may_read(user, record):
        Delivery.objects.filter(pk=delivery.pk).update(status=Status.WITHHELD)
        return False
    message(user, sub, [delivery.event], digest=False).send()
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.SENT, sent_at=timezone.now())
    return True


def send_digests() -> int:
    """Send each subscription's waiting digest alerts as one e-mail; returns how many
    e-mails. Rows are claimed by this run (its ``batch``) before anything is sent, so two
    runs at once send each alert once."""
    batch = uuid.uuid4()
    _claim(Delivery.objects.filter(digest=True), batch=batch)
    claimed = (
        Delivery.objects.filter(batch=batch, status=Status.SENDING)
        .select_related("event__content_type", "user", "subscription__content_type")
        .order_by("subscription_id", "event__happened_at")
    )
    by_subscription: dict[int, list[Delivery]] = {}
    for row in claimed:
        by_subscription.setdefault(row.subscription_id, []).append(row)
    mails = 0
    for rows in by_subscription.values():
        user, sub = rows[0].user, rows[0].subscription
        readable = [row for row in rows if may_read(user, row.event.record)]
        withheld = [row.pk for row in rows if row not in readable]
        Delivery.objects.filter(pk__in=withheld).update(status=Status.WITHHELD)
        if not readable:
            continue
        message(user, sub, [row.event for row in readable], digest=True).send()
        Delivery.objects.filter(pk__in=[row.pk for row in readable]).update(
            status=Status.SENT, sent_at=timezone.now()
        )
        mails += 1
    return mails


def absolute(path: str) -> str:
    """A link for an e-mail, which has no request to build it from (``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def record_link(record) -> str:
    url = getattr(record, "get_absolute_url", None)
    return absolute(url() if url else reverse("alerts:following"))


def message(
    user, sub: Subscription, events: list[Event], *, digest: bool
) -> EmailMultiAlternatives:
    """The e-mail for ``events`` through ``sub``, with its one-click unsubscribe (RFC 8058):
    a ``List-Unsubscribe`` URL that removes this subscription alone, and
    ``List-Unsubscribe-Post`` so a mail program may do it with one POST."""
    unsubscribe = absolute(reverse("alerts:unsubscribe", args=[unsubscribe_token(sub)]))
    items = [
        {"headline": event.headline, "title": str(event.record), "link": record_link(event.record)}
        for event in events
    ]
    context = {
        "user": user,
        "following": sub.describe(),
        "items": items,
        "digest": digest,
        "unsubscribe": unsubscribe,
        "manage": absolute(reverse("alerts:following")),
    }
    if digest:
        subject = f"Daily digest: {len(items)} update{'s' if len(items) != 1 else ''} on {sub}"
    else:
        subject = f"{items[0]['headline']}: {items[0]['title']}"
    mail = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],  # a title's line break must not break the header
        body=render_to_string("alerts/email/alert.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return mail
