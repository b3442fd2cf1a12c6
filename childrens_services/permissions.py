"""The one rule set: who may view, add, change and delete each kind of record.

Each rule is written once, as a *scope*: for a kind of record, a role and an action, the rule
names the records the user may act on ("those owned by the user's authorities", "those that
are public", "all", "none"). One scope gives both answers the system needs:

* ``scope.q(model)`` — the ``Q`` of those records, so ``restrict(user, queryset, action)``
  narrows every list, picker, related-field choice (admin and API), export, dashboard and PDF;
* ``scope.holds(obj)`` — whether one record (saved or not yet saved) is among them: the same
  ``Q`` evaluated on the record itself (``models.q_matches``, no query of the record's table),
  so ``user.has_perm(perm, obj)`` (the ``rules`` backend, asked by the admin, the pages and the
  API) never disagrees with the lists.

This is NetBox's shape (``RestrictedQuerySet.restrict`` and ``ObjectPermissionBackend.has_perm``
asking whether the object is in the restricted queryset), with the rules held in code. Which
authorities own or read a record is declared once per kind of record, as a ``Q``
(``owned_by_q``/``readable_by_q`` in ``childrens_services.models``); the record's owner ids are
read from that same ``Q``. A generated test (``tests/test_permission_matrix_generated.py``)
checks, for every model and role, that ``has_perm`` holds for exactly the records ``restrict``
returns.

Roles (``governance.UserProfile.role``):

* officer — reads and writes records owned by their authorities; reads public committee
  business, reference data, and their authority's drafts and exempt papers;
* scrutiny member — reads everything public, changes nothing, has no admin;
* clerk — reads everything public, runs committees, meetings, agenda items and reports of their
  authorities, and reads their drafts and exempt papers;
* administrator — everything (also any superuser).

Partnership records (a Tri-borough contract, a shared savings line) belong to the partnership's
*lead authority*: its officers change them, the other members' officers read them. Frozen
(published) records are a state, not a permission: ``has_perm`` refuses change and delete of a
frozen record to everyone, and ``writes`` says who could have changed it, so a refusal can say
"it is published" to them (the API answers 409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from childrens_services.models import q_matches

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

ACTIONS = ("view", "add", "change", "delete")


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


# --- Scopes: a set of records, as a Q and as a test on one record --------------------------


class Scope:
    """A set of records of any kind, written once and read two ways (``q`` and ``holds``)."""

    def q(self, model: type[Model]) -> Q:
        raise NotImplementedError

    def holds(self, obj: Model) -> bool:
        """Whether ``obj`` is in the set. By default asked of the database (saved records only);
        scopes that can answer from the record's own fields override it."""
        if obj.pk is None:
            return False
        return type(obj)._base_manager.filter(self.q(type(obj)), pk=obj.pk).exists()

    def __or__(self, other: Scope) -> Scope:
        return Either(self, other)

    @property
    def is_empty(self) -> bool:
        return False


class _Everything(Scope):
    def q(self, model):
        return Q()

    def holds(self, obj):
        return True


class _Nothing(Scope):
    def q(self, model):
        return Q(pk__in=[])

    def holds(self, obj):
        return False

    @property
    def is_empty(self) -> bool:
        return True


EVERYTHING = _Everything()
NOTHING = _Nothing()


class Either(Scope):
    def __init__(self, *parts: Scope) -> None:
        self.parts = [p for p in parts if not p.is_empty]

    def q(self, model):
        combined = None
        for part in self.parts:
            part_q = part.q(model)
            if not part_q:  # an empty Q is every record; ``Q(...) | Q()`` would drop it
                return Q()
            combined = part_q if combined is None else combined | part_q
        return combined if combined is not None else Q(pk__in=[])

    def holds(self, obj):
        return any(part.holds(obj) for part in self.parts)

    @property
    def is_empty(self) -> bool:
        return not self.parts


class OwnedBy(Scope):
    """Records owned by one of these authorities (a partnership's by its lead authority)."""

    def __init__(self, authority_ids) -> None:
        self.ids = frozenset(authority_ids)

    def q(self, model):
        return model.owned_by_q(sorted(self.ids))

    def holds(self, obj):
        return q_matches(self.q(type(obj)), obj)


class ReadBy(Scope):
    """Records these authorities' officers read: their own, and their partnerships' records."""

    def __init__(self, authority_ids) -> None:
        self.ids = frozenset(authority_ids)

    def q(self, model):
        return getattr(model, "readable_by_q", model.owned_by_q)(sorted(self.ids))

    def holds(self, obj):
        return q_matches(self.q(type(obj)), obj)


class _Public(Scope):
    """Records that are not private: private material is an exempt committee paper, a draft
    report not yet published, or a part or pack of one (``private_q``/``is_private``)."""

    def q(self, model):
        private_q = getattr(model, "private_q", None)
        return ~private_q() if private_q is not None else Q()

    def holds(self, obj):
        return q_matches(self.q(type(obj)), obj)


PUBLIC = _Public()


class UsedOnlyBy(Scope):
    """Shared records (providers) only these authorities' records use, or that none uses yet:
    a supplier shared with another borough is theirs too. The model says which records use it,
    as ``used_only_by_q`` (``commissioning.models.Provider``), so the rule names no app."""

    def __init__(self, authority_ids) -> None:
        self.ids = frozenset(authority_ids)

    def q(self, model):
        return model.used_only_by_q(sorted(self.ids))

    def holds(self, obj):
        return obj.pk is None or super().holds(obj)


# --- The rules: for each kind of record, role and action, a scope --------------------------

OWNED = "owned"
REFERENCE = "reference"
COMMITTEE = "committee"
SUPPLIER = "supplier"
FOLLOW_UP = "follow-up"
ADMINISTRATION = "administration"

Rule = Callable[[str, frozenset, str], Scope]


def _owned(role: str, ids: frozenset, action: str) -> Scope:
    """A borough's own data (mandates, savings, contracts...): its officers read and write it;
    scrutiny members and clerks read all of it that is public."""
    if role == OFFICER:
        return ReadBy(ids) if action == "view" else OwnedBy(ids)
    if action == "view" and role in (SCRUTINY, CLERK):
        return PUBLIC
    return NOTHING


def _reference(role: str, ids: frozenset, action: str) -> Scope:
    """Reference data (authorities, partnerships, people, posts, benchmarks): every role reads
    it, administrators keep it."""
    return EVERYTHING if action == "view" else NOTHING


def _committee(role: str, ids: frozenset, action: str) -> Scope:
    """Committee business: every role reads what is public; the owning authority's clerks and
    officers also read its drafts and exempt papers; its clerks write it."""
    if action == "view":
        return PUBLIC | OwnedBy(ids) if role in (OFFICER, CLERK) else PUBLIC
    return OwnedBy(ids) if role == CLERK else NOTHING


def _follow_up(role: str, ids: frozenset, action: str) -> Scope:
    """Following committee business up (a scrutiny recommendation, the executive's response and
    its actions): every role reads what is public, as for committee business; the owning
    authority's clerks record what the committee recommended and reviewed, and its officers
    what the executive answered and did, so both write it, for their own authorities only."""
    if action == "view":
        return PUBLIC | OwnedBy(ids) if role in (OFFICER, CLERK) else PUBLIC
    return OwnedBy(ids) if role in (OFFICER, CLERK) else NOTHING


def _supplier(role: str, ids: frozenset, action: str) -> Scope:
    """Providers, shared by every authority: every role reads them; officers add them (an
    import creates the suppliers it names) and change one only while every contract using it
    is their authority's; a provider shared with another borough, and every delete, is for
    administrators."""
    if action == "view":
        return EVERYTHING
    if role == OFFICER and action == "add":
        return EVERYTHING
    if role == OFFICER and action == "change":
        return UsedOnlyBy(ids)
    return NOTHING


def _administration(role: str, ids: frozenset, action: str) -> Scope:
    """Users' roles and authorities: administrators only."""
    return NOTHING


def _call_in(role: str, ids: frozenset, action: str) -> Scope:
    """Calling in a published executive decision is a scrutiny member's step, not an edit (they
    change nothing else): on any decision they may read. Whether the window is open is the
    decision's own rule (``lifecycle``), not a permission."""
    return PUBLIC if role == SCRUTINY else NOTHING


def _resolve_call_in(role: str, ids: frozenset, action: str) -> Scope:
    """Recording what scrutiny resolved on a call-in: the decision's authority's clerks (the
    notice itself is frozen, so this is a step, not a change)."""
    return OwnedBy(ids) if role == CLERK else NOTHING


#: Steps on a record that are not one of ``ACTIONS``, each with its own rule: the permission
#: ``<app>.<step>_<model>`` of a model registered with ``register_step``.
STEP_RULES: dict[str, Rule] = {"call_in": _call_in, "resolve_call_in": _resolve_call_in}


RULES: dict[str, Rule] = {
    OWNED: _owned,
    REFERENCE: _reference,
    COMMITTEE: _committee,
    SUPPLIER: _supplier,
    FOLLOW_UP: _follow_up,
    ADMINISTRATION: _administration,
}


def record_kind(model: type[Model]) -> str:
    """Which rule governs ``model``: its ``record_kind`` attribute, "owned" by default."""
    return getattr(model, "record_kind", OWNED)


def scope_for(user: User, model: type[Model], action: str) -> Scope:
    """The records of ``model`` that ``user`` may ``action``: the one place a rule is asked."""
    return _kind_scope(user, record_kind(model), action)


def _kind_scope(user: User, kind: str, action: str) -> Scope:
    role = role_of(user)
    if role is None:
        return NOTHING
    if role == ADMINISTRATOR:
        return EVERYTHING
    return RULES[kind](role, authority_ids_of(user), action)


def restrict(user: User, queryset: QuerySet, action: str = "view") -> QuerySet:
    """``queryset`` narrowed to the records ``user`` may ``action`` (frozen ones included)."""
    scope = scope_for(user, queryset.model, action)
    if scope is EVERYTHING:
        return queryset
    if scope.is_empty:
        return queryset.none()
    return queryset.filter(scope.q(queryset.model))


def may(user: User, action: str, obj: Model | None, model: type[Model] | None = None) -> bool:
    """Whether ``user`` may ``action`` the record ``obj`` (saved, or a candidate not yet saved).

    With no object (the admin asking "may this user change *any* of these?") it is true unless
    the rule gives the user no records at all. A frozen record may be viewed, never changed or
    deleted.
    """
    model = model or type(obj)
    scope = scope_for(user, model, action)
    if obj is None:
        return not scope.is_empty
    if not scope.holds(obj):
        return False
    return action in ("view", "add") or not _frozen_reason(obj)


def writes(user: User, obj: Model) -> bool:
    """Whether ``user`` is among the record's writers, frozen or not (so a refusal can say
    "it is published" to the people who could otherwise have edited it)."""
    return scope_for(user, type(obj), "change").holds(obj)


def _frozen_reason(obj: Model) -> str | None:
    reason = getattr(obj, "frozen_reason", None)
    return reason() if reason is not None else None


def viewable_or_404(user: User, queryset: QuerySet, **lookup) -> Model:
    """The one record ``lookup`` names among those ``user`` may see, else 404: a record a user
    may not see answers exactly as one that does not exist."""
    try:
        return restrict(user, queryset, "view").get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from exc


# --- Related fields: what a record may point at ----------------------------------------------


def owner_fields(model: type[Model]) -> set[str]:
    """The foreign keys that name a record's owner: its authority or partnership, or the parent
    record it belongs to (a section's mandate). The user must write for the owner they name."""
    if record_kind(model) == REFERENCE:
        return set()
    parent = getattr(model, "parent_field", None)
    if parent:
        return {parent}
    names = {"authority", "partnership"}
    path = getattr(model, "authority_path", None)
    if path:
        names.add(path.split("__")[0])
    return {name for name in names if name in _field_names(model)}


def _field_names(model: type[Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def is_governed(model: type[Model]) -> bool:
    """Whether the rule set governs ``model`` (its permissions are registered here)."""
    return rules.perm_exists(f"{model._meta.app_label}.view_{model._meta.model_name}")


def linkable(user: User, model: type[Model], field_name: str) -> QuerySet | None:
    """The records ``model.field_name`` may point at for ``user``, or ``None`` (not narrowed).

    An owner field offers the owners the user writes for (an officer's own authority, the
    partnerships it leads, their own mandates for a section); every other link offers the
    records the user may see. The admin's choices and the API serializers' fields both come from
    here, so a forged form or body naming another borough's record is refused as "does not
    exist", the same answer as for an id that does not exist.
    """
    related = model._meta.get_field(field_name).related_model
    if related is None or not is_governed(related):
        return None
    queryset = related._default_manager.all()
    if field_name in owner_fields(model):
        if role_of(user) == ADMINISTRATOR:
            return queryset
        return queryset.filter(related.owned_by_q(sorted(authority_ids_of(user))))
    return restrict(user, queryset, "view")


# --- Authorities as choices: every picker of an authority ------------------------------------

#: The kinds of record a council keeps about itself: its own data and its committee business.
#: Reference data (the DfE's list of every authority, benchmarks, people) is about every
#: authority alike, so it makes no authority worth choosing.
KEPT = (OWNED, COMMITTEE, FOLLOW_UP)


def authorities_with_records(user: User, authorities: QuerySet) -> QuerySet:
    """``authorities`` narrowed to those ``user`` may read some kept record about: the choices
    of every authority picker (the dashboards' scope, the comparison), so an authority whose
    only records are, say, a savings programme is offered like one with a mandate.

    A record is about each authority it names, by a foreign key or its ``authority_path``; each
    registered model of a kept kind is asked as one ``EXISTS`` of the records ``restrict``
    gives the user (an index probe per authority), so a picker offers exactly the authorities
    whose records the lists, the figures and ``has_perm`` let the user read. Whose data a role
    reads is the rule for a borough's own records asked of the authorities themselves: an
    officer is offered their own authorities, every other role all of them.
    """
    model = authorities.model
    holds = Q(pk__in=[])
    for kept in registered(*KEPT):
        if scope_for(user, kept, "view").is_empty:
            continue
        for path in _paths_to(kept, model):
            records = kept._default_manager.filter(**{path: OuterRef("pk")})
            holds |= Exists(restrict(user, records))
    reads = _kind_scope(user, OWNED, "view")
    if reads.is_empty:
        return authorities.none()
    return authorities.filter(holds).filter(reads.q(model))


def _paths_to(model: type[Model], target: type[Model]) -> list[str]:
    """The lookups from ``model`` to the ``target`` records it names: its foreign keys to
    ``target`` and its ``authority_path`` (a division's budget names its authority through
    the division)."""
    paths = {
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is target
    }
    path = getattr(model, "authority_path", None)
    if path and _lookup_target(model, path) is target:
        paths.add(path)
    return sorted(paths)


def _lookup_target(model: type[Model], path: str) -> type[Model] | None:
    for part in path.split("__"):
        model = model._meta.get_field(part).related_model
        if model is None:
            return None
    return model


# --- Registration with django-rules ----------------------------------------------------------

_REGISTERED: list[type[Model]] = []


def registered(*kinds: str) -> list[type[Model]]:
    """The models the rule set governs whose kind is one of ``kinds``, in registration order."""
    return [model for model in _REGISTERED if record_kind(model) in kinds]


def _predicate(model: type[Model], action: str):
    def check(user, obj=None) -> bool:
        return may(user, action, obj, model)

    return rules.predicate(check, name=f"{action}_{model._meta.label_lower}")


def register(*models: type[Model], kind: str | None = None) -> None:
    """Declare view/add/change/delete permissions for each model from its kind's rule."""
    for model in models:
        if kind is not None:
            model.record_kind = kind
        if model not in _REGISTERED:
            _REGISTERED.append(model)
        app_label, name = model._meta.app_label, model._meta.model_name
        for action in ACTIONS:
            rules.set_perm(f"{app_label}.{action}_{name}", _predicate(model, action))


def register_step(model: type[Model], step: str) -> None:
    """Declare the permission ``<app>.<step>_<model>`` from ``STEP_RULES[step]`` (a frozen
    record may take the step: calling in a published decision is the point of it)."""
    rule = STEP_RULES[step]

    def check(user, obj=None) -> bool:
        role = role_of(user)
        if role is None:
            return False
        if role == ADMINISTRATOR:
            return True
        scope = rule(role, authority_ids_of(user), step)
        return not scope.is_empty if obj is None else scope.holds(obj)

    name = f"{model._meta.app_label}.{step}_{model._meta.model_name}"
    rules.set_perm(name, rules.predicate(check, name=f"{step}_{model._meta.label_lower}"))
