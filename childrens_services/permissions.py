"""The one rule set: who may view, add, change and delete each kind of record.

Every check in the system — the admin, the pages, the API, a script — asks Django's
``user.has_perm("<app>.<action>_<model>", obj)``; the ``rules`` backend answers from the
predicates below. Models register themselves by kind with the ``register_*`` helpers in their
app's ``rules.py`` (autodiscovered), so the rule for a kind of record is written once.

Roles (``governance.UserProfile.role``):

* officer — reads and writes records owned by their authorities only;
* scrutiny member — reads everything not exempt, changes nothing, has no admin;
* clerk — reads everything, runs committees, meetings, agenda items and reports of their
  authorities;
* administrator — everything (also any superuser).

Partnership records (a Tri-borough contract, a shared savings line) belong to the partnership's
*lead authority*: its officers change them, the other members' officers read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import Model

    User = AbstractBaseUser | AnonymousUser

OFFICER = "officer"
SCRUTINY = "scrutiny"
CLERK = "clerk"
ADMINISTRATOR = "administrator"
ROLE_CHOICES = [
    (OFFICER, "Officer"),
    (SCRUTINY, "Scrutiny member"),
    (CLERK, "Clerk"),
    (ADMINISTRATOR, "Administrator"),
]


def role_of(user: User) -> str | None:
    """The user's role, or ``None`` for anonymous users and users with no profile."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ADMINISTRATOR
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def authority_ids_of(user: User) -> frozenset[int]:
    """Ids of the authorities the user works for, cached on the user object per request."""
    cached = getattr(user, "_authority_ids", None)
    if cached is not None:
        return cached
    ids: frozenset[int] = frozenset()
    if getattr(user, "is_authenticated", False):
        profile = getattr(user, "profile", None)
        if profile is not None and profile.pk:
            ids = frozenset(profile.authorities.values_list("pk", flat=True))
    user._authority_ids = ids
    return ids


@rules.predicate
def is_administrator(user: User) -> bool:
    return role_of(user) == ADMINISTRATOR


@rules.predicate
def is_officer(user: User) -> bool:
    return role_of(user) == OFFICER


@rules.predicate
def is_scrutiny_member(user: User) -> bool:
    return role_of(user) == SCRUTINY


@rules.predicate
def is_clerk(user: User) -> bool:
    return role_of(user) == CLERK


@rules.predicate
def has_role(user: User) -> bool:
    return role_of(user) is not None


@rules.predicate
def owns_record(user: User, obj: Model | None) -> bool:
    """True when the record belongs to one of the user's authorities.

    With no object (the admin asking "may this user change *any* of these?") it is true, and
    the object-level check follows when a record is opened.
    """
    if obj is None:
        return True
    return bool(obj.owning_authority_ids() & authority_ids_of(user))


@rules.predicate
def reads_record(user: User, obj: Model | None) -> bool:
    """True when the record is readable by the user's authorities: their own, or a record of a
    partnership one of them belongs to."""
    if obj is None:
        return True
    reader = getattr(obj, "reading_authority_ids", obj.owning_authority_ids)
    return bool(reader() & authority_ids_of(user))


@rules.predicate
def is_not_frozen(user: User, obj: Model | None) -> bool:
    if obj is None:
        return True
    return not obj.frozen_reason()


@rules.predicate
def is_not_exempt(user: User, obj: Model | None) -> bool:
    """Exempt committee material is seen only by officers and clerks of its authority."""
    return obj is None or not getattr(obj, "is_exempt", False)


reads_everything = is_administrator | is_scrutiny_member | is_clerk
sees_exempt = is_administrator | ((is_clerk | is_officer) & owns_record)

OWNED = "owned"
REFERENCE = "reference"
COMMITTEE = "committee"

#: Who writes each kind of record, before the record's own state (frozen or not) is asked.
WRITERS = {
    # A borough's own data (mandates, savings, contracts...): officers of that borough.
    OWNED: is_administrator | (is_officer & owns_record),
    # Reference data (authorities, partnerships, people, posts): administrators.
    REFERENCE: is_administrator,
    # Committee business (committees, meetings, agenda items, reports): the authority's clerks.
    COMMITTEE: is_administrator | (is_clerk & owns_record),
}

RULE_SETS = {
    OWNED: {
        "view": (reads_everything & is_not_exempt) | (is_officer & reads_record),
        "add": WRITERS[OWNED],
        "change": WRITERS[OWNED] & is_not_frozen,
        "delete": WRITERS[OWNED] & is_not_frozen,
    },
    REFERENCE: {
        "view": has_role,
        "add": WRITERS[REFERENCE],
        "change": WRITERS[REFERENCE],
        "delete": WRITERS[REFERENCE],
    },
    COMMITTEE: {
        "view": (has_role & is_not_exempt) | sees_exempt,
        "add": WRITERS[COMMITTEE],
        "change": WRITERS[COMMITTEE] & is_not_frozen,
        "delete": WRITERS[COMMITTEE] & is_not_frozen,
    },
}


def writes(user: User, obj: Model) -> bool:
    """Whether ``user`` is among the record's writers, frozen or not (so a refusal can say
    "it is published" to the people who could otherwise have edited it)."""
    return WRITERS[record_kind(type(obj))].test(user, obj)


def record_kind(model: type[Model]) -> str:
    """Which rule set governs ``model``: its ``record_kind`` attribute, "owned" by default."""
    return getattr(model, "record_kind", OWNED)


def register(*models: type[Model]) -> None:
    """Declare view/add/change/delete permissions for each model from its kind's rule set."""
    for model in models:
        app_label, name = model._meta.app_label, model._meta.model_name
        for action, predicate in RULE_SETS[record_kind(model)].items():
            rules.set_perm(f"{app_label}.{action}_{name}", predicate)


def visible_to(user: User, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` to the records ``user`` may view: the list twin of ``view_*``."""
    role = role_of(user)
    model = queryset.model
    kind = record_kind(model)
    if role is None:
        return queryset.none()
    if role == ADMINISTRATOR or kind == REFERENCE:
        return queryset
    ids = sorted(authority_ids_of(user))
    own = model.owned_by_q(ids)
    readable = getattr(model, "readable_by_q", model.owned_by_q)(ids)
    allowed = readable if (kind == OWNED and role == OFFICER) else Q()
    exempt_q = getattr(model, "exempt_q", None)
    if exempt_q is not None:
        visible_exempt = own if role in (OFFICER, CLERK) else Q(pk__in=[])
        allowed &= ~exempt_q() | visible_exempt
    return queryset.filter(allowed)


def editable_by(user: User, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` to the records ``user`` may change (frozen ones included)."""
    role = role_of(user)
    model = queryset.model
    kind = record_kind(model)
    if role == ADMINISTRATOR:
        return queryset
    writer = {OWNED: OFFICER, COMMITTEE: CLERK}.get(kind)
    if writer is None or role != writer:
        return queryset.none()
    return queryset.filter(model.owned_by_q(sorted(authority_ids_of(user))))
