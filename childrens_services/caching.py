"""Figures kept in the cache until a record they could be computed from changes.

At national scale a dashboard's headline figures read hundreds of thousands of rows, so they
are computed once and kept in Django's cache under a key that holds *data generations*:
numbers in the database (``DataGeneration``), one per authority and one shared, each going up
once after every committed transaction that created, changed or deleted a domain record it
counts.

What a change counts against is read once, from what the models declare for permissions:
a record counts against the authorities whose people read it as theirs (the inverse of its
``readable_by_q``, ``VersionedModel.reader_authority_ids``): its owner, every member of a
partnership that owns it (a Tri-borough savings programme is in each member's figures), the
authorities it names directly, and, for a record moved from one authority to another, the old
owners too (read from the stored row before the save; a deleted record before it goes).
Reference data, suppliers, bulk writes that do not say whose records they wrote and anything
else that cannot be told apart count against the shared generation, which every key holds:
they redraw everything, which is always correct. A figure that names too few authorities
would be served stale, so a figure that cannot say which it reads names none (every one).

A cached figure names the authorities it reads (``authorities=``): its key holds the sum of
their generations and the shared one, with the set of authorities itself. A sum is a valid
single number because generations only go up: any change the figures could show moves one of
its terms, so the sum moves on and never comes back to a value it had. An edit in one borough
therefore redraws that borough's pages and the all-authorities ones, and leaves every other
borough's pages served from the cache. Figures that do not say, read everything: their key
holds every generation.

Why this is correct: a page reads the generations before it reads any record, so what it
stores under them is at least as new as every change they count. A change committed later
moves one of them on, and no request asks for the old key again (old entries expire after
``FIGURES_CACHE_SECONDS``). A rolled-back change never moves one. The key also holds the
user's role and authorities, the only things ``permissions.restrict`` depends on, so nobody is
served figures from records they may not see.

Why the numbers are in the database and moved after commit: app servers may each keep their
own cache, and all of them must see the change; moving them inside the writer's transaction
would hold the counters' row locks until commit and make every writer wait for every other.
One transaction moves each generation it touched once, whatever the number of records.

The cache speeds pages up and is never needed for them: when a shared cache (Redis, ``CACHE_URL``)
does not answer, figures are computed as on a miss and a warning is logged, so a Redis outage
makes pages slower, not broken.

Saves and deletes of domain records (those of an app whose ``AppConfig`` says
``feeds_figures``) are caught by signals (``childrens_services.apps``).
Writes that bypass signals (``bulk_create``, ``QuerySet.update``) must call
``records_changed()`` themselves, naming the authorities when they know them (the contracts
import does); without them everything is redrawn (``generate_scale_data``, ``import_lait``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F

from childrens_services.permissions import (
    KEPT,
    OFFICER,
    OWNED,
    authority_ids_of,
    is_governed,
    record_kind,
    role_of,
)

T = TypeVar("T")
K = TypeVar("K")

log = logging.getLogger(__name__)

#: Authority ids, or ``None`` for "every authority" (the shared generation moves).
Authorities = frozenset[int] | None


def _bump(authorities: Iterable[int] | None = None) -> None:
    """Move on, now, the generation of each of ``authorities``; with ``None``, the shared one,
    which every key holds, so every cached figure is read again.

    One UPDATE per generation, in id order: a single UPDATE of several rows could deadlock
    with another transaction's, and a deadlock would lose a count. A generation with no row
    yet gets one (two servers making it at once: the second moves the first's on).
    """
    from childrens_services.models import DataGeneration

    keys = sorted({DataGeneration.SHARED} if authorities is None else set(authorities))
    rows = DataGeneration.objects
    for key in keys:
        if rows.filter(key=key).update(number=F("number") + 1):
            continue
        try:
            with transaction.atomic():
                rows.create(key=key, number=1)
        except IntegrityError:
            rows.filter(key=key).update(number=F("number") + 1)
    read = _read_once.get()
    if read is not None:
        read.numbers = None  # this request's later figures are read under the numbers moved


class _PendingBump:
    """The generations one transaction has changed records of, moved once when it commits.

    Registered once per transaction with ``on_commit``: later changes in the transaction add
    their authorities to it. A savepoint rolled back drops it if it was registered inside
    (Django forgets that callback); authorities added inside a rolled-back savepoint to one
    registered before are still moved, which redraws more than needed, never less. ``memo``
    keeps the readers of each parent asked about in the transaction.
    """

    def __init__(self) -> None:
        self.authorities: set[int] = set()
        self.everything = False
        self.memo: dict = {}

    def add(self, authorities: Iterable[int] | None) -> None:
        if authorities is None:
            self.everything = True
        else:
            self.authorities.update(authorities)

    def __call__(self) -> None:
        _bump(None if self.everything else self.authorities)


def _pending(using: str | None = None) -> _PendingBump | None:
    """The current transaction's count of changes not yet committed, if it has one."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _PendingBump):
            return func
    return None


def _change_pending(using: str | None = None) -> bool:
    """Whether the current transaction has changed domain records it has not yet committed."""
    return _pending(using) is not None


def records_changed(using: str | None = None, authorities: Iterable[int] | None = None) -> None:
    """Count a change to domain records once the current transaction commits (now, outside
    one): against the generations of ``authorities`` (ids), or, without them, against the
    shared generation, which redraws every cached figure. Called many times in one
    transaction, it moves each generation once."""
    pending = _pending(using)
    if pending is not None:
        pending.add(authorities)
        return
    bump = _PendingBump()
    bump.add(authorities)
    transaction.on_commit(bump, using=using)


def generation(authorities: Iterable[int] | None = None) -> int:
    """The sum of the generations of ``authorities`` and the shared one; with ``None``, of
    every generation (a page about every authority)."""
    from childrens_services.models import DataGeneration

    keys = None if authorities is None else {DataGeneration.SHARED, *authorities}
    return sum(generation_numbers(keys).values())


class _ReadOnce:
    """The generations as the request under way first read them; ``None`` until asked for."""

    numbers: dict[int, int] | None = None


#: The request under way's generations (``GenerationsReadOnce``); ``None`` outside a request.
_read_once: ContextVar[_ReadOnce | None] = ContextVar("generations_read_once", default=None)


def generation_numbers(keys: set[int] | None = None) -> dict[int, int]:
    """The number of each generation of ``keys`` that has one (every generation, with
    ``None``); a key with no row counts as 0.

    Within a request they are read once, all of them (one query of a row per authority ever
    edited): a dashboard page asks for its pickers', its figures' and its table's, each a
    part per authority. Read at the first figure, before any record, they are as old as any
    record read after them, so what is kept under them is never older than its key says
    (``caching``'s "Why this is correct"). A change the request itself commits moves them
    on and is read again (``_bump``).
    """
    from childrens_services.models import DataGeneration

    read = _read_once.get()
    if read is None:
        rows = DataGeneration.objects.all()
        if keys is not None:
            rows = rows.filter(key__in=keys)
        return dict(rows.values_list("key", "number"))
    if read.numbers is None:
        read.numbers = dict(DataGeneration.objects.values_list("key", "number"))
    if keys is None:
        return dict(read.numbers)
    return {key: read.numbers[key] for key in keys if key in read.numbers}


class GenerationsReadOnce:
    """Middleware: the data generations are read once per request (``generation_numbers``)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _read_once.set(_ReadOnce())
        try:
            return self.get_response(request)
        finally:
            _read_once.reset(token)


def authorities_of(record, memo: dict | None = None) -> Authorities:
    """The authorities a change to ``record`` counts against, or ``None`` (everything).

    A record counts against the authorities whose people read it as theirs
    (``reader_authority_ids``, from its ``readable_by_q``/``owned_by_q``); a history row as
    the record it is a copy of. Reference data and suppliers (read alike by every authority),
    models the rule set does not govern, a migration's models (which carry no methods) and a
    record whose owner cannot be read (its parent already deleted) count against everything.
    """
    model = type(record)
    copied = getattr(model, "instance_type", None)  # simple-history's history rows
    if copied is not None:
        model, record = copied, record.history_object
    if record_kind(model) not in KEPT or not is_governed(model):
        return None
    readers = getattr(record, "reader_authority_ids", None)
    if readers is None:
        return None
    try:
        ids = frozenset(readers(memo))
    except ObjectDoesNotExist:
        return None
    return ids or None


def on_record_saved_or_deleted(sender, **kwargs) -> None:
    """Signal receiver (``post_save``, ``pre_delete``, ``m2m_changed``): a domain record (or
    its history) was written, or is about to be deleted (read while its parents still exist).

    A change to a many-to-many relation counts against everything: the only ones among the
    domain records are reference data's.
    """
    if kwargs.get("raw") or not _feeds_figures(sender):
        return
    using = kwargs.get("using")
    instance = kwargs.get("instance")
    if "action" in kwargs or instance is None:
        records_changed(using)
        return
    records_changed(using, authorities_of(instance, _memo(using)))


def on_record_about_to_save(sender, instance, raw=False, using=None, **kwargs) -> None:
    """Signal receiver (``pre_save``): a stored record about to be saved with another owner (a
    contract moved from one authority to another) counts against its old owners as well."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if not _feeds_figures(sender) or not _moves_between_authorities(sender):
        return
    stored = sender._base_manager.using(using).filter(pk=instance.pk).first()
    if stored is None:
        return
    links = _links(sender)
    if any(getattr(stored, name) != getattr(instance, name) for name in links):
        records_changed(using, authorities_of(stored, _memo(using)))


def _feeds_figures(model) -> bool:
    """Whether a write of ``model`` changes what figures are computed from: a record of an app
    that feeds them, unless the model says it is ``derived_from_records`` (a summary rewritten
    with the records it sums, whose own change those records have already counted, against
    their own authorities; counted again it would be counted against everything)."""
    return model._meta.app_label in _feeding_figures() and not getattr(
        model, "derived_from_records", False
    )


def _memo(using: str | None) -> dict | None:
    pending = _pending(using)
    return pending.memo if pending is not None else None


@functools.cache
def _moves_between_authorities(model) -> bool:
    """Whether a save of ``model`` can change whom it counts against: a kind whose records
    count against authorities, with links to other records."""
    return record_kind(model) in KEPT and bool(_links(model)) and is_governed(model)


@functools.cache
def _links(model) -> tuple[str, ...]:
    """The columns of ``model``'s foreign keys: whom a record counts against is read through
    them (its authority, partnership or parent)."""
    return tuple(field.attname for field in model._meta.concrete_fields if field.many_to_one)


@functools.cache
def _feeding_figures() -> frozenset[str]:
    """Labels of the installed apps whose ``AppConfig`` says ``feeds_figures``: their records
    (and history) are what cached figures are computed from. Read from the project's own
    registry, so a migration's saves, whose models belong to a historical registry, count too.
    """
    return frozenset(
        config.label for config in apps.get_app_configs() if getattr(config, "feeds_figures", False)
    )


def viewer_key(user) -> str:
    """What the records a user may see depend on: their role and their authorities."""
    ids = ",".join(str(pk) for pk in sorted(authority_ids_of(user)))
    return f"{role_of(user)}:{ids}"


def authorities_read(user, model=None) -> Authorities:
    """The authorities whose generations cover what ``user`` reads (of ``model``, if given).

    An officer reads their authorities' records and their partnerships' (each counted against
    every member, so against theirs) and reference data (counted against the shared
    generation, in every key): their own authorities. Committee business is the exception:
    officers read every authority's public papers, so it, like every other role's view, is
    ``None``, every generation.
    """
    if role_of(user) != OFFICER or (model is not None and record_kind(model) != OWNED):
        return None
    return authority_ids_of(user)


def cached_figures(
    name: str,
    user,
    parts: tuple,
    compute: Callable[[], T],
    authorities: Authorities = None,
    *,
    shared_in_process: bool = False,
) -> T:
    """``compute()``, or what it returned for the same user's view, ``parts`` and generations.

    ``parts`` names everything else the figures depend on (scope, year, date, filters).
    ``authorities`` are the only authorities whose records ``compute`` reads (besides reference
    data); ``None``, every one. Naming too few would serve stale figures, so a caller not sure
    leaves it out. ``shared_in_process``: see ``cached_value``.
    """
    return cached_value(
        name, (viewer_key(user), *parts), compute, authorities, shared_in_process=shared_in_process
    )


def cached_count(queryset) -> int:
    """``queryset.count()``, cached until a record changes. The key is the query's SQL and
    parameters, which already hold the ``restrict`` narrowing of whoever asks."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to count, nothing to ask
        return 0
    return cached_value("count", (queryset.db, sql, params), queryset.count)


def cached_value(
    name: str,
    parts: tuple,
    compute: Callable[[], T],
    authorities: Authorities = None,
    *,
    shared_in_process: bool = False,
) -> T:
    """As ``cached_figures``, for figures that do not depend on who reads them.

    ``shared_in_process``: the value, once read from the cache, is also kept in this process
    (``_InProcess``) and the same object handed to every later request that asks for the same
    key, rather than unpickled again: for values asked by every page and made of model
    instances (the pickers' 153 authorities took a third of a repeated dashboard page's time
    to unpickle). Only for values no caller changes: they are shared between requests.
    """
    if _change_pending():
        # Figures read inside a transaction that has changed records could hold changes that
        # are later rolled back: compute them, but keep nothing.
        return compute()
    key = _key(name, parts, authorities, generation(authorities))
    if not shared_in_process:
        return _kept_under(key, name, compute)
    found = _in_process.get(key)
    if found is None:
        found = _kept_under(key, name, compute)
        _in_process.put(key, found)
    return found


def cached_by_content(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, which reads no record and depends on ``parts`` alone (a chart drawn from
    its figures), kept under them: no generation is in its key, since no change to a record
    can alter it, and a different figure is a different key."""
    return _kept_under(_key(name, parts, frozenset(), 0), name, compute)


def _kept_under(key: str, name: str, compute: Callable[[], T]) -> T:
    try:
        found = cache.get(key)
    except Exception:  # a shared cache (Redis) that does not answer: compute, as on a miss
        log.warning("The figures cache did not answer; computing %s without it", name)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, settings.FIGURES_CACHE_SECONDS)
    except Exception:
        log.warning("The figures cache did not answer; %s is not kept", name)
    return value


class _InProcess:
    """The last ``FIGURES_KEPT_IN_PROCESS`` values read with ``shared_in_process`` (parts
    count one each), kept in this process's memory.

    Correct for the reason the shared cache is (the module's "Why this is correct"): a key
    holds the generations its value was computed under, so the value under a key never changes
    and a change to a record is read under a new key. Bounded, least recently used first out:
    an all-authorities page keeps a few hundred parts, each a few kilobytes. ``forget()``
    empties it, for the tests, whose rolled-back transactions take the generations back.
    """

    def __init__(self) -> None:
        self.values: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        return self.get_many({key: key}).get(key)

    def get_many(self, keys: Mapping[K, str]) -> dict[K, object]:
        """The value kept under each of ``keys``' keys (``{name: key}``), by name."""
        found = {}
        with self.lock:
            for name, key in keys.items():
                value = self.values.get(key)
                if value is not None:
                    self.values.move_to_end(key)
                    found[name] = value
        return found

    def put(self, key: str, value) -> None:
        self.put_many({key: value})

    def put_many(self, values: Mapping[str, object]) -> None:
        with self.lock:
            for key, value in values.items():
                self.values[key] = value
                self.values.move_to_end(key)
            while len(self.values) > settings.FIGURES_KEPT_IN_PROCESS:
                self.values.popitem(last=False)

    def forget(self) -> None:
        with self.lock:
            self.values.clear()


_in_process = _InProcess()


def forget_values_kept_in_process() -> None:
    """Empty what ``cached_value(..., shared_in_process=True)`` kept in this process: the tests
    do so with the shared cache, whose generations their rollbacks take back."""
    _in_process.forget()


def _key(name: str, parts: tuple, authorities: Authorities, number: int) -> str:
    """The cache key of a figure named ``name`` for ``parts``, reading ``authorities`` whose
    generations (with the shared one) add up to ``number``."""
    whose = "*" if authorities is None else ",".join(map(str, sorted(authorities)))
    raw = "|".join([name, f"{whose}@{number}", *map(repr, parts)])
    return "figures:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_per_authority(
    name: str,
    user,
    parts: tuple,
    ids: Iterable[int],
    compute: Callable[[list[int]], dict[int, T]],
) -> dict[int, T]:
    """Each authority's part of a figure about many: ``compute(missing)`` returns the part of
    each authority asked for, read from that authority's records (and reference data) only;
    each part is kept under that authority's generation and the shared one, as
    ``cached_figures(..., (*parts, id), authorities={id})`` keeps a figure, under the same key
    (``cached_per_part``, each part read by its one authority)."""
    return cached_per_part(name, user, parts, {pk: frozenset({pk}) for pk in ids}, compute)


def cached_per_part(
    name: str,
    user,
    parts: tuple,
    readers: Mapping[K, frozenset[int]],
    compute: Callable[[list[K]], dict[K, T]],
    *,
    shared_in_process: bool = True,
) -> dict[K, T]:
    """Each part of a figure about many owners (authorities, partnerships): ``readers`` names
    each part and the authorities whose generations count changes to what it reads (a
    partnership's records count against every member and its lead, ``authorities_of``);
    ``compute(missing)`` returns the part of each owner asked for, read from that owner's
    records (and reference data) only. Each part is kept under its readers' generations and
    the shared one, its own name in the key (two owners can have the same readers).

    A page about every authority therefore computes and draws again, after an edit in one
    borough, only the parts that borough reads: all the keys are read in one ``get_many``
    (their generations in one query) and ``compute`` is called once, with the parts missing.
    As ``cached_value``: a cache that does not answer computes every part, and inside a
    transaction that has changed records every part is computed and nothing kept.

    The parts are also kept in the process (``_InProcess``; ``shared_in_process``, as
    ``cached_value``'s, but the default: parts are small, and none is changed by its caller), so
    after an edit in one borough the other 152 are neither fetched nor unpickled again.
    """
    from childrens_services.models import DataGeneration

    wanted = sorted(readers)
    if not wanted:
        return {}
    if _change_pending():
        return compute(wanted)
    read = {pk for part in wanted for pk in readers[part]}
    numbers = generation_numbers({DataGeneration.SHARED, *read})
    shared = numbers.get(DataGeneration.SHARED, 0)
    viewed = (viewer_key(user), *parts)
    keys = {
        part: _key(
            name,
            (*viewed, part),
            readers[part],
            shared + sum(numbers.get(pk, 0) for pk in readers[part]),
        )
        for part in wanted
    }
    values = _in_process.get_many(keys) if shared_in_process else {}
    asked = [key for part, key in keys.items() if part not in values]
    try:
        found = cache.get_many(asked) if asked else {}
    except Exception:  # a shared cache (Redis) that does not answer: compute, as on a miss
        log.warning("The figures cache did not answer; computing %s without it", name)
        return compute(wanted)
    fetched = {part: found[key] for part, key in keys.items() if key in found}
    values.update(fetched)
    missing = [part for part in wanted if part not in values]
    computed = compute(missing) if missing else {}
    values.update(computed)
    if shared_in_process:
        _in_process.put_many({keys[part]: value for part, value in (fetched | computed).items()})
    if computed:
        try:
            cache.set_many(
                {keys[part]: computed[part] for part in missing}, settings.FIGURES_CACHE_SECONDS
            )
        except Exception:
            log.warning("The figures cache did not answer; %s is not kept", name)
    return values
