"""Lifecycles declared once: which steps a record takes, from which status, and who may.

A mandate goes draft -> submitted -> approved -> published; a committee report goes draft ->
published, then a new version supersedes it. Each model declares its steps as a
``Lifecycle`` of ``Transition`` rows (name, source, target, the permission asked of the one
rule set in ``childrens_services.permissions``, the button's label). The split of duties:

* **Who may** is asked outside the model: pages, the admin and the API call
  ``lifecycle.check(record, user, "publish")`` (permission, then status) before calling the
  named method, and list the steps a user may take with ``lifecycle.available``.
* **Whether the record may, and the record of it** is the model's named method (``submit``,
  ``approve``, ``publish``, ``supersede``...), which calls ``lifecycle.enter``: it refuses a
  step from the wrong status, sets the new status and the ``<stamp>_by``/``<stamp>_at``
  fields, and saves with the user and "draft → submitted" as the history row's user and
  reason (django-simple-history already keeps a row per save with who and when; the reason
  carries from and to).

Every refusal is a ``TransitionError`` (a ``ValidationError``, so forms and the admin show
its sentence); ``forbidden`` tells a page to answer 403 rather than "not now", and
``check(..., forbidden=PermissionDenied)`` raises the caller's own 403 instead.

Why not a library: django-fsm-2 (maintained, Django 5.2) sets the status *after* the
decorated method returns, so the method cannot save and record its own step, its refusal is
``TransitionNotAllowed`` without the sentence clerks see, and its field type would need a
migration of both status columns; for four steps per model the table below is smaller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone


class TransitionError(ValidationError):
    """A lifecycle step that may not be taken: not now (wrong status), or not by this user
    (``forbidden``). The message is the sentence shown to the user."""

    def __init__(self, message, *, forbidden: bool = False):
        super().__init__(message)
        self.forbidden = forbidden


@dataclass(frozen=True)
class Transition:
    """One step: the method ``name`` takes a record from ``source`` to ``target``.

    ``target`` is ``None`` for a step that leaves the record as it is and starts a successor
    (rolling a mandate forward, superseding a report). ``done`` is how the refusal says the
    step ("can be *rolled forward*"); it defaults to the target status.
    """

    name: str
    source: str
    target: str | None
    permission: str
    label: str = ""
    done: str = ""

    @property
    def past(self) -> str:
        return self.done or str(self.target)

    @property
    def verb(self) -> str:
        return self.name.replace("_", " ")


class Lifecycle:
    """A model's declared steps; ``refusal(record, transition)`` words the "you may not"."""

    def __init__(
        self,
        *transitions: Transition,
        noun: str,
        refusal: Callable[[Model, Transition], str],
        field: str = "status",
    ):
        self.transitions = {t.name: t for t in transitions}
        self.noun = noun
        self.refusal = refusal
        self.field = field

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def __iter__(self):
        return iter(self.transitions.values())

    def may(self, record: Model, user, name: str) -> bool:
        """Whether the rule set lets ``user`` take step ``name`` on ``record``."""
        return bool(user and user.has_perm(self[name].permission, record))

    def available(self, record: Model, user) -> list[Transition]:
        """The steps ``user`` may take on ``record`` now (the buttons a page offers)."""
        return [
            t
            for t in self
            if getattr(record, self.field) == t.source and self.may(record, user, t.name)
        ]

    def check(
        self, record: Model, user, name: str, *, forbidden: type[Exception] | None = None
    ) -> Transition:
        """Refuse (``TransitionError``) unless ``user`` may take step ``name`` now.

        ``forbidden`` is the caller's 403 (Django's ``PermissionDenied`` for a page, DRF's for
        the API): when given, a user the rule set does not allow is refused with it, carrying
        the refusal's sentence, and only "not now" stays a ``TransitionError``.
        """
        transition = self[name]
        if not self.may(record, user, name):
            message = self.refusal(record, transition)
            if forbidden is not None:
                raise forbidden(message)
            raise TransitionError(message, forbidden=True)
        self.check_status(record, name)
        return transition

    def check_status(self, record: Model, name: str) -> Transition:
        """Refuse (``TransitionError``) unless the record is in the step's source status."""
        transition = self[name]
        status = getattr(record, self.field)
        if status != transition.source:
            choices = type(record)._meta.get_field(self.field).choices
            labels = {value: str(label).lower() for value, label in choices}
            wanted = labels[transition.source]
            article = "an" if wanted[0] in "aeiou" else "a"
            raise TransitionError(
                f"Only {article} {wanted} {self.noun} can be {transition.past}; "
                f"“{record}” is {labels.get(status, status)}."
            )
        return transition

    def enter(
        self, record: Model, name: str, user, stamp: str = "", at: dt.datetime | None = None
    ) -> None:
        """Take step ``name``: check the status, set the target and the stamps, save with a
        history row saying who took it and from which status to which."""
        transition = self.check_status(record, name)
        source = getattr(record, self.field)
        setattr(record, self.field, transition.target)
        if stamp:
            setattr(record, f"{stamp}_by", user)
            setattr(record, f"{stamp}_at", at or timezone.now())
        record._history_user = user
        who = f" by {user.get_username()}" if user is not None else ""
        record._change_reason = (
            f"{transition.verb.capitalize()}: {source} → {transition.target}{who}"
        )
        record.save()
