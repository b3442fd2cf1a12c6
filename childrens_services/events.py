"""Things that happened which people may follow: a paper published, a forward plan entry
added or changed, a decision published or called in, a response falling due, a line turning red.

Why a signal in the core: the app that records the event (governance, the domain apps) must not
import the app that tells people about it (alerts, on the top layer), and that app must hear
every kind of event without a list of them kept in two places. So the recording app calls
``announce`` and any listener connects to ``happened``.

``announce`` fires once the transaction that made the change commits (a rolled-back change
announces nothing), with:

* ``kind``: one of ``KINDS`` (a dotted name, for example ``"report.published"``);
* ``record``: the record it is about (its page is ``record.get_absolute_url()`` when it has one);
* ``about``: what a person may have followed to hear of it: model instances (a committee, an
  authority, a savings programme, a contract) and topic names from ``TOPICS`` (``"forward-plan"``).

A listener decides who may read the record (``childrens_services.permissions.may``) when it
writes to them, never the announcer.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.dispatch import Signal

#: Every kind of event an app may announce, with the words an alert uses for it.
KINDS: dict[str, str] = {
    "report.published": "A paper was published",
    "forward_plan.added": "A key decision was added to the forward plan",
    "forward_plan.changed": "A forward plan entry changed",
    "decision.published": "A decision was published",
    "decision.called_in": "A decision was called in",
    "recommendation.response_due": "An executive response to a scrutiny recommendation is due",
    "measure.turned_red": "A figure turned red",
}

#: Things to follow that are not a record.
TOPICS: dict[str, str] = {"forward-plan": "The forward plan of key decisions"}

#: Sent after commit with ``kind``, ``record`` and ``about`` (a tuple).
happened = Signal()


def announce(kind: str, record: models.Model, about: Iterable[models.Model | str] = ()) -> None:
    """Tell whoever listens, once the current transaction commits (at once outside one)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown event kind {kind!r}; add it to events.KINDS")
    about = tuple(about)
    unknown = [t for t in about if isinstance(t, str) and t not in TOPICS]
    if unknown:
        raise ValueError(f"Unknown topic(s) {unknown}; add them to events.TOPICS")
    transaction.on_commit(
        lambda: happened.send(sender=type(record), kind=kind, record=record, about=about),
        robust=True,
    )
