"""Signed tokens in links that work without signing in: unsubscribe and the feeds.

Signed with the site's ``SECRET_KEY`` (``django.core.signing``), each with its own salt so a
token made for one purpose is refused by the other. An unsubscribe token names one
subscription and its owner, so it removes that subscription and nothing else; a feed token
names one person and their current feed key (``alerts.FeedKey``), so the person can revoke
their feed addresses by asking for new ones; the feed then applies that person's permissions.
"""

from __future__ import annotations

from django.core import signing

UNSUBSCRIBE_SALT = "alerts.unsubscribe"
FEED_SALT = "alerts.feed"


class BadToken(Exception):
    """The link's token was altered, cut short or made for something else."""


def unsubscribe_token(subscription) -> str:
    return signing.dumps({"s": subscription.pk, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(subscription id, user id) named by ``token``; ``BadToken`` if it is not one of ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["s"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken(str(exc)) from exc


def feed_token(user, key: str) -> str:
    return signing.dumps({"u": user.pk, "k": key}, salt=FEED_SALT)


def read_feed_token(token: str) -> tuple[int, str]:
    """(user id, feed key) named by ``token``; ``BadToken`` if it is not one of ours."""
    try:
        data = signing.loads(token, salt=FEED_SALT)
        return int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken(str(exc)) from exc
