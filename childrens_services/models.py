"""Abstract bases every domain record builds on: sovereignty, audit history, optimistic locking.

Three rules of the developers' guide live here once rather than per model:

* *Sovereignty*: each record knows which authority owns it (``authority_path``), so one
  permission rule set (``childrens_services.permissions``) can answer for the admin, the pages
  and the API, and querysets can be narrowed to what a user may see.
* *Audit history*: ``HistoricalRecords`` keeps every create, change and delete with who and
  when; the admin's history page shows the field-level difference.
* *No lost updates*: ``version`` is checked and bumped in one conditional UPDATE on every save,
  so the second of two concurrent edits is refused (``StaleRecordError``) instead of silently
  overwriting the first.
* *Frozen is frozen*: a published record (and every part of it) refuses to change or go, for
  every user and every path: ``save``/``delete`` on the record, ``update``/``delete`` on a
  queryset (``VersionedQuerySet``), and deletes cascading from a parent (``refuse_frozen_delete``,
  a ``pre_delete`` receiver). Each model states its frozen rows once, as a ``Q``
  (``frozen_q``), so a queryset is checked in one query.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.utils.text import capfirst

from childrens_services.formatting import bidi_problem

if TYPE_CHECKING:
    pass


def illustrative_field() -> models.BooleanField:
    """The mark on a demo row the seed papers do not state (who attended, the executive's
    response, a decision's call-in date): the pages and papers show such rows as illustrative,
    so nobody reads invented demo data as the council's record. One definition for every
    model that has demo rows of that kind."""
    return models.BooleanField(
        default=False,
        help_text="Demo data invented where the seed papers are silent: shown as illustrative "
        "wherever it appears.",
    )


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was read."""

    def __init__(self, record: VersionedModel, message: str) -> None:
        super().__init__(message)
        self.record = record
        self.message = message


class FrozenRecordError(Exception):
    """The record (or the record it belongs to) is published and may no longer change."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def frozen_refusal(model: type[models.Model], rows: list, total: int, action: str) -> str:
    """ "Nothing was deleted: mandate “X” is frozen. <why>", naming the first few frozen rows."""
    quoted = [f"“{row}”" for row in rows]
    if total > len(rows):
        quoted.append(f"{total - len(rows)} more")
    names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    noun = model._meta.verbose_name if total == 1 else model._meta.verbose_name_plural
    verb = "is" if total == 1 else "are"
    reason = rows[0].frozen_reason() if rows else None
    return f"Nothing was {action}: {noun} {names} {verb} frozen. {reason or ''}".strip()


class VersionedQuerySet(models.QuerySet):
    """A queryset whose ``update()`` and ``delete()`` refuse rows that are frozen.

    ``QuerySet.update`` and ``delete`` never call the model's ``save``/``delete``, so without
    this a script (or the admin's bulk delete) could change or remove a published mandate.
    The check is one query (``frozen_rows_q``) and refuses the whole statement: all or nothing.
    """

    def frozen(self) -> VersionedQuerySet:
        """The frozen rows among these (none when the model is never frozen)."""
        frozen = self.model.frozen_rows_q()
        return self.none() if frozen is None else self.filter(frozen)

    def refuse_if_frozen(self, action: str) -> None:
        """Raise ``FrozenRecordError`` naming the frozen rows, if any of these are frozen."""
        if self.query.is_sliced or self.model.frozen_rows_q() is None:
            return
        frozen = list(self.frozen().order_by("pk")[:6])
        if frozen:
            total = len(frozen) if len(frozen) < 6 else self.frozen().count()
            raise FrozenRecordError(frozen_refusal(self.model, frozen[:5], total, action))

    def update(self, **kwargs) -> int:
        self.refuse_if_frozen("changed")
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        self.refuse_if_frozen("deleted")
        self._frozen_memo = {}
        with transaction.atomic(using=self.db):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class RestrictedQuerySet(VersionedQuerySet):
    """Querysets that can be narrowed to what a user may act on, or to what authorities own
    (and, as every versioned queryset, refuse to update or delete frozen rows)."""

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        """The records ``user`` may ``action``, from the one rule set (NetBox's ``restrict``)."""
        from childrens_services.permissions import restrict

        return restrict(user, self, action)


class TextChecked(models.Model):
    """A record whose text fields refuse Unicode direction controls (U+202E and the rest).

    The check is in ``clean_fields`` so that everything that validates a record refuses them
    the same way: the admin's and the pages' model forms, the API's serializers (which run
    ``full_clean``) and the imports.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            if not isinstance(field, models.CharField | models.TextField):
                continue
            value = getattr(self, field.attname)
            problem = bidi_problem(value) if isinstance(value, str) else None
            if problem and field.name not in errors:
                errors[field.name] = [ValidationError(problem, code="direction_control")]
        if errors:
            raise ValidationError(errors)


class VersionedModel(TextChecked):
    """A record whose every save checks that nobody saved it since it was read.

    ``version`` is read with the record (or posted back by a form as a hidden field) and the
    save succeeds only if the stored version still equals it; the stored version is then
    incremented in the same statement. On Postgres the UPDATE takes the row lock, so two
    concurrent saves cannot both pass.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        reason = self.frozen_reason()
        if reason:
            raise FrozenRecordError(reason)
        if self._state.adding or self.pk is None:
            # Atomic like a change, so whatever ``post_save`` keeps from the record (summary
            # rows, ``savings.summaries``) is written with it or not at all.
            with transaction.atomic(using=kwargs.get("using")):
                super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using")):
            seen = self.version
            bumped = (
                type(self)._base_manager.filter(pk=self.pk, version=seen).update(version=seen + 1)
            )
            if not bumped:
                raise StaleRecordError(self, self.describe_changes_since(seen))
            self.version = seen + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        reason = self.frozen_reason()
        if reason:
            raise FrozenRecordError(reason)
        self._frozen_memo = {}
        # A savepoint, so a cascade the ``pre_delete`` guard refuses leaves the caller's
        # transaction usable (Django's Collector deletes inside ``atomic(savepoint=False)``).
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self))):
            return super().delete(*args, **kwargs)

    def owning_authority_ids(self) -> set[int]:
        """The authorities that own this record, read from the one declaration of ownership,
        the model's ``owned_by_q``: the record's ids at each of its ``__in`` leaves."""
        owned_by_q = getattr(type(self), "owned_by_q", None)
        return q_leaf_ids(owned_by_q(_Marker()), self) if owned_by_q is not None else set()

    def owning_authorities(self) -> models.QuerySet | None:
        """The owning authorities as rows (to name them), or ``None`` when nothing owns the
        record. Their model is the one ``owned_by_q`` leads to, so the core names no app."""
        owned_by_q = getattr(type(self), "owned_by_q", None)
        if owned_by_q is None:
            return None
        owner_model = q_leaf_model(owned_by_q(_Marker()), type(self))
        if owner_model is None:
            return None
        return owner_model._default_manager.filter(pk__in=self.owning_authority_ids())

    def reader_authority_ids(self, memo: dict | None = None) -> set[int]:
        """The authorities whose people read this record as their own or their partnership's
        (those ``readable_by_q`` gives it to), and any authority it names directly (a
        Tri-borough programme's savings profile names the member it counts for).

        The inverse of ``readable_by_q``, so a change can be counted against exactly the
        authorities whose figures could show it (``childrens_services.caching``). By default
        the owners: ``readable_by_q`` defaults to ``owned_by_q``. ``memo`` keeps parents'
        answers within one transaction, so a thousand rows of one parent ask once.
        """
        return self.owning_authority_ids() | self.named_authority_ids()

    def named_authority_ids(self) -> set[int]:
        """The ids in this record's own foreign keys to the model ownership leads to (the
        authority): a link, like ownership, makes the record part of that authority's figures."""
        return {getattr(self, name) for name in _authority_attnames(type(self))} - {None}

    def frozen_reason(self) -> str | None:
        """Why this record may not change (e.g. its mandate is published), or ``None``."""
        return None

    @classmethod
    def frozen_q(cls) -> Q | None:
        """The rows frozen by their own state (a published mandate), or ``None`` if none ever are.

        A model that declares a ``frozen_reason`` of its own declares this too, saying the same
        thing as a query: querysets and cascades are checked with it, never row by row.
        """
        return None

    @classmethod
    def frozen_rows_q(cls) -> Q | None:
        """Every frozen row: frozen by its own state or by a parent's (``OwnedThroughParent``)."""
        return cls.frozen_q()

    def describe_changes_since(self, seen_version: int) -> str:
        """A sentence naming the fields changed (and by whom) since ``seen_version`` was read."""
        current = type(self)._base_manager.filter(pk=self.pk).first()
        if current is None:
            return "This record was deleted by someone else after you opened it."
        history = getattr(type(self), "history", None)
        changed: list[str] = []
        who = "someone else"
        if history is not None:
            seen = (
                history.filter(**{self._meta.pk.attname: self.pk, "version": seen_version})
                .order_by("-history_date")
                .first()
            )
            latest = (
                history.filter(**{self._meta.pk.attname: self.pk}).order_by("-history_date").first()
            )
            if latest is not None and latest.history_user is not None:
                who = latest.history_user.get_username()
            if seen is not None and latest is not None:
                delta = latest.diff_against(seen, excluded_fields=["version"])
                changed = [
                    capfirst(str(self._meta.get_field(c.field).verbose_name)) for c in delta.changes
                ]
        what = ", ".join(changed) if changed else "its contents"
        return (
            f"This record was changed by {who} after you opened it (changed: {what}); "
            f"it is now at version {current.version}. Reload it, check their changes and "
            "make yours again."
        )


def _stored_frozen(model: type[VersionedModel], pk, memo: dict) -> bool:
    key = (model._meta.label, pk)
    if key not in memo:
        frozen = model.frozen_rows_q()
        memo[key] = frozen is not None and model._base_manager.filter(frozen, pk=pk).exists()
    return memo[key]


@functools.cache
def _frozen_rows_pointing_at(target: type[models.Model]) -> tuple:
    """(model, field) pairs where a frozen row's field would be blanked by deleting ``target``.

    Deleting a user who published a mandate would set its ``published_by`` to null: the
    Collector's ``SET_NULL`` is an UPDATE of its own, which no queryset guard sees.
    """
    from django.apps import apps

    pairs = []
    for model in apps.get_models():
        if not issubclass(model, VersionedModel) or model.frozen_rows_q() is None:
            continue
        for field in model._meta.concrete_fields:
            remote = field.remote_field
            if (
                field.is_relation
                and remote.model is target
                and remote.on_delete not in (models.CASCADE, models.PROTECT, models.RESTRICT)
            ):
                pairs.append((model, field))
    return tuple(pairs)


def refuse_frozen_delete(sender, instance, origin=None, **kwargs) -> None:
    """``pre_delete``: refuse to delete a frozen row however the delete was reached.

    Django's ``Collector`` deletes cascaded rows with SQL of its own (never the model's
    ``delete`` nor the default manager), so a cascade from a parent would otherwise remove a
    published record's parts. Every collected row is signalled before anything is deleted,
    inside the delete's transaction, so raising here deletes nothing. A row frozen only through
    its parent is checked on the parent, once per delete (memo kept on the origin).
    """
    for model, field in _frozen_rows_pointing_at(sender):
        rows = model._base_manager.filter(model.frozen_rows_q(), **{field.name: instance.pk})
        if rows.exists():
            raise FrozenRecordError(
                f"Nothing was deleted: {model._meta.verbose_name} “{rows.first()}” is frozen and "
                f"records {sender._meta.verbose_name} “{instance}” as its "
                f"{field.verbose_name}. Deactivate it instead."
            )
    if not issubclass(sender, VersionedModel) or sender.frozen_rows_q() is None:
        return
    memo = getattr(origin, "_frozen_memo", None)
    if memo is None:
        memo = {}
    if sender.frozen_q() is None and isinstance(instance, OwnedThroughParent):
        parent_model = sender._meta.get_field(sender.parent_field).related_model
        parent_id = getattr(instance, f"{sender.parent_field}_id", None)
        frozen = parent_id is not None and _stored_frozen(parent_model, parent_id, memo)
    else:
        frozen = _stored_frozen(sender, instance.pk, memo)
    if frozen:
        what = f"{sender._meta.verbose_name} “{instance}”"
        if origin is not instance:
            what = f"it would also delete {what}, which"
        reason = instance.frozen_reason() or ""
        raise FrozenRecordError(f"Nothing was deleted: {what} is frozen. {reason}".strip())


class AuthorityOwned(VersionedModel):
    """A domain record owned by one authority (reached through ``authority_path``).

    Subclasses name the lookup path from themselves to ``governance.Authority``, e.g.
    ``"mandate__authority"`` for a mandate's section. Records owned by a partnership override
    ``owned_by_q`` and ``owning_authority_ids`` so that the partnership's lead authority owns
    them (the rule documented in ``docs/security.md``).
    """

    authority_path: ClassVar[str] = "authority"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(**{f"{cls.authority_path}__in": authority_ids})

    @classmethod
    def readable_by_q(cls, authority_ids: list[int]) -> Q:
        """Records these authorities' officers may read: their own, by default."""
        return cls.owned_by_q(authority_ids)


class AuthorityOrPartnershipOwned(AuthorityOwned):
    """A record owned either by one authority or by a partnership of authorities.

    A partnership record (a Tri-borough contract, the Children's Steering Group) is owned by the
    partnership's lead authority: its officers change it; every member's people read it.
    """

    authority = models.ForeignKey(
        "governance.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The owning authority; leave blank when a partnership owns the record.",
    )
    partnership = models.ForeignKey(
        "governance.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The owning partnership (its lead authority's officers edit the record).",
    )

    class Meta:
        abstract = True

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        return Q(authority__in=authority_ids) | Q(partnership__lead_authority__in=authority_ids)

    @classmethod
    def readable_by_q(cls, authority_ids: list[int]) -> Q:
        """Officers read their own authority's records and every partnership record of a
        partnership their authority belongs to (only the lead authority's officers change them).

        The partnership model is read from the ``partnership`` field, so the core names no app.
        """
        partnership_model = cls._meta.get_field("partnership").related_model
        partnerships = partnership_model._base_manager.filter(members__in=authority_ids).values(
            "pk"
        )
        return Q(authority__in=authority_ids) | Q(partnership__in=partnerships)

    def reader_authority_ids(self, memo: dict | None = None) -> set[int]:
        """Its authority; or, for a partnership record, every member and the lead authority,
        as ``readable_by_q`` (``members__in``) and ``owned_by_q`` (the lead) say."""
        ids = self.named_authority_ids()
        if self.partnership_id is None:
            return ids
        memo = {} if memo is None else memo
        key = ("partnership-readers", self.partnership_id)
        if key not in memo:
            partnership_model = type(self)._meta.get_field("partnership").related_model
            members = partnership_model._base_manager.filter(pk=self.partnership_id)
            memo[key] = frozenset(members.values_list("members", flat=True)) | frozenset(
                self.owning_authority_ids()
            )
        return ids | (memo[key] - {None})

    @property
    def owner(self):
        """The authority or partnership that owns the record, for display."""
        return self.authority or self.partnership

    def clean(self) -> None:
        super().clean()
        if (self.authority_id is None) == (self.partnership_id is None):
            raise ValidationError(
                {"authority": "Choose either an authority or a partnership as the owner, not both."}
            )


class _Marker(list):
    """The authority ids handed to an ``owned_by_q`` so its ``__in`` leaves can be found."""


def _related_values(record, parts: list[str]) -> list:
    """The values at the end of ``parts`` from ``record``, following relations as a join would
    (one value per related row; none past a missing relation). The last relation is read as
    its id, so an unsaved record with its parent set needs no query."""
    values = [record]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following = []
        for value in values:
            if value is None:
                continue
            if part == "pk":
                following.append(value.pk)
                continue
            field = value._meta.get_field(part)
            if field.is_relation and (field.many_to_many or field.one_to_many):
                if value.pk is None:
                    continue
                related = getattr(value, field.get_accessor_name() if field.auto_created else part)
                following.extend(related.values_list("pk", flat=True) if last else related.all())
            elif field.is_relation and last:
                following.append(getattr(value, field.attname))
            else:
                following.append(getattr(value, part))
        values = following
    return values


def _lookup(path: str) -> tuple[list[str], str]:
    parts = path.split("__")
    if parts[-1] in ("in", "exact", "isnull"):
        return parts[:-1], parts[-1]
    return parts, "exact"


def _as_set(value) -> set:
    if isinstance(value, models.QuerySet):
        rows = list(value)
        return {next(iter(row.values())) if isinstance(row, dict) else row for row in rows}
    return set(value)


def q_matches(q: Q, record) -> bool:
    """Whether ``record`` (saved or not) is among the rows ``q`` selects, evaluated on the
    record itself: the ownership ``Q`` a model declares answers for one record without a query
    of the record's table (a subquery in ``q``, such as a partnership's members, is read)."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(q_matches(child, record))
            continue
        path, wanted = child
        parts, lookup = _lookup(path)
        found = _related_values(record, parts)
        if lookup == "in":
            allowed = _as_set(wanted)
            results.append(any(value in allowed for value in found))
        elif lookup == "isnull":
            results.append((not any(v is not None for v in found)) == bool(wanted))
        else:
            results.append(any(value == wanted for value in found))
    matched = any(results) if q.connector == Q.OR else all(results)
    return not matched if q.negated else matched


def q_leaf_ids(q: Q, record) -> set[int]:
    """The ids ``record`` holds at every ``__in`` leaf of ``q`` given a ``_Marker``: with
    ``owned_by_q(_Marker())`` these are the ids of the authorities that own the record."""
    ids: set[int] = set()
    for child in q.children:
        if isinstance(child, Q):
            ids |= q_leaf_ids(child, record)
            continue
        path, wanted = child
        parts, lookup = _lookup(path)
        if lookup == "in" and isinstance(wanted, _Marker):
            ids |= {value for value in _related_values(record, parts) if value is not None}
    return ids


def q_leaf_model(q: Q, model: type[models.Model]) -> type[models.Model] | None:
    """The model an ``__in`` leaf of ``q`` given a ``_Marker`` selects from (the authority),
    found by following the leaf's path through ``model``'s fields."""
    for child in q.children:
        if isinstance(child, Q):
            found = q_leaf_model(child, model)
            if found is not None:
                return found
            continue
        path, wanted = child
        parts, lookup = _lookup(path)
        if lookup != "in" or not isinstance(wanted, _Marker):
            continue
        target = model
        for part in parts:
            if part == "pk":
                continue
            field = target._meta.get_field(part)
            if field.is_relation:
                target = field.related_model
        return target
    return None


@functools.cache
def _authority_attnames(model: type[models.Model]) -> tuple[str, ...]:
    """The columns of ``model``'s foreign keys to the model its ``owned_by_q`` leads to."""
    owned_by_q = getattr(model, "owned_by_q", None)
    owner_model = q_leaf_model(owned_by_q(_Marker()), model) if owned_by_q is not None else None
    if owner_model is None:
        return ()
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is owner_model
    )


def prefix_q(q: Q, prefix: str) -> Q:
    """``q`` with every lookup moved under the relation ``prefix`` (``a`` -> ``prefix__a``)."""
    moved = Q()
    moved.connector = q.connector
    moved.negated = q.negated
    moved.children = [
        prefix_q(child, prefix) if isinstance(child, Q) else (f"{prefix}__{child[0]}", child[1])
        for child in q.children
    ]
    return moved


class PrivateByRule:
    """A kind some of whose rows are private (seen only by the owning authority's clerks and
    officers: a draft, an exempt paper) states which in one ``Q``, ``private_q``; whether one
    record is private is read from that ``Q`` on the record itself, as the permission rules
    read it (``permissions.PUBLIC``), so the rule is not written again as a property. Put it
    before the model's base class."""

    @classmethod
    def private_q(cls) -> Q:
        raise NotImplementedError(f"{cls.__name__} says which of its rows are private")

    @property
    def is_private(self) -> bool:
        return q_matches(type(self).private_q(), self)


class OwnedThroughParent(VersionedModel):
    """A record owned by whoever owns its parent (a meeting by its committee's owner).

    ``parent_field`` names the foreign key to the parent, itself an owned record. Edits to a
    child are refused while its parent is frozen (a published mandate freezes its sections).
    """

    parent_field: ClassVar[str]

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def owned_by_q(cls, authority_ids: list[int]) -> Q:
        parent_model = cls._meta.get_field(cls.parent_field).related_model
        return prefix_q(parent_model.owned_by_q(authority_ids), cls.parent_field)

    @property
    def parent(self):
        return getattr(self, self.parent_field)

    def reader_authority_ids(self, memo: dict | None = None) -> set[int]:
        """Its parent's readers (the ownership ``Q`` is the parent's, prefixed), asked once
        per parent in ``memo``, and any authority it names itself."""
        ids = self.named_authority_ids()
        if not self._parent_is_set():
            return ids
        memo = {} if memo is None else memo
        parent_model = type(self)._meta.get_field(self.parent_field).related_model
        key = (parent_model._meta.label, getattr(self, f"{self.parent_field}_id"))
        if key not in memo:
            memo[key] = frozenset(getattr(self, self.parent_field).reader_authority_ids(memo))
        return ids | memo[key]

    @classmethod
    def readable_by_q(cls, authority_ids: list[int]) -> Q:
        parent_model = cls._meta.get_field(cls.parent_field).related_model
        reader = getattr(parent_model, "readable_by_q", parent_model.owned_by_q)
        return prefix_q(reader(authority_ids), cls.parent_field)

    def frozen_reason(self) -> str | None:
        parent = getattr(self, self.parent_field, None) if self._parent_is_set() else None
        return parent.frozen_reason() if parent is not None else None

    @classmethod
    def frozen_rows_q(cls) -> Q | None:
        """Rows frozen by their own state or because their parent is frozen."""
        own = cls.frozen_q()
        parent_model = cls._meta.get_field(cls.parent_field).related_model
        parent_frozen = getattr(parent_model, "frozen_rows_q", lambda: None)()
        if parent_frozen is None:
            return own
        through_parent = prefix_q(parent_frozen, cls.parent_field)
        return through_parent if own is None else own | through_parent

    @property
    def is_private(self) -> bool:
        """Part of private material (a recommendation of a draft or exempt report) is private
        too: seen only by the owning authority's clerks and officers."""
        parent = self.parent if self._parent_is_set() else None
        return bool(getattr(parent, "is_private", False))

    @classmethod
    def private_q(cls) -> Q:
        """Rows whose parent is private; none when the parent kind is never private."""
        parent_model = cls._meta.get_field(cls.parent_field).related_model
        parent_private = getattr(parent_model, "private_q", None)
        if parent_private is None:
            return Q(pk__in=[])
        return prefix_q(parent_private(), cls.parent_field)

    def _parent_is_set(self) -> bool:
        return getattr(self, f"{self.parent_field}_id", None) is not None


class DataGeneration(models.Model):
    """How many committed transactions changed the records of one authority (``key``, its
    id), or records no one authority owns (``key`` 0, the shared generation: reference data,
    suppliers, and every change that cannot be told apart).

    Cached figures are keyed on the generations of the authorities they read and the shared
    one (``childrens_services.caching``), so an edit in one borough redraws that borough's
    pages and the pages of everything, and leaves every other borough's pages served. It
    lives in the database rather than the cache so every app server sees the same numbers
    even when each keeps its own cache. Rows are made the first time an authority's records
    change; no row counts as 0. ``key`` is not a foreign key: the core names no app, and a
    count outlives nothing it needs.
    """

    #: The key of the shared generation (authority ids start at 1).
    SHARED = 0

    key = models.PositiveIntegerField(
        unique=True, help_text="The authority's id, or 0 for records no one authority owns."
    )
    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "data generation"

    def __str__(self) -> str:
        whose = "shared" if self.key == self.SHARED else f"authority {self.key}"
        return f"{whose}: generation {self.number}"
