"""Figures kept in the cache until a record they could be computed from changes.

At national scale a dashboard's headline figures read hundreds of thousands of rows, so they
are computed once and kept in Django's cache under a key that holds the *data generation*: a
number in the database (``DataGeneration``) that goes up once after every committed
transaction that created, changed or deleted a domain record.

Why this is correct: a page reads the generation before it reads any record, so what it stores
under generation *n* is at least as new as every change counted in *n*. A change committed
later moves the number on, and no request asks for the old key again (old entries expire after
``FIGURES_CACHE_SECONDS``). A rolled-back change never moves it. The key also holds the user's
role and authorities, the only things ``permissions.restrict`` depends on, so nobody is
served figures from records they may not see.

Why the number is in the database and bumped after commit: app servers may each keep their own
cache, and all of them must see the change; bumping inside the writer's transaction would hold
the counter's row lock until commit and make every writer wait for every other.

The cache speeds pages up and is never needed for them: when a shared cache (Redis, ``CACHE_URL``)
does not answer, figures are computed as on a miss and a warning is logged, so a Redis outage
makes pages slower, not broken.

Saves and deletes of domain records (those of an app whose ``AppConfig`` says
``feeds_figures``) are caught by signals (``childrens_services.apps``).
Writes that bypass signals (``bulk_create``, ``QuerySet.update``) must call
``records_changed()`` themselves: ``generate_scale_data``, ``import_lait`` and the contracts
import do.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, transaction
from django.db.models import F

from childrens_services.permissions import authority_ids_of, role_of

T = TypeVar("T")

log = logging.getLogger(__name__)

GENERATION_ROW = 1


def _bump() -> None:
    from childrens_services.models import DataGeneration

    moved = DataGeneration.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1)
    if not moved:
        # The row is made by a migration; a flushed test database has lost it.
        try:
            with transaction.atomic():
                DataGeneration.objects.create(pk=GENERATION_ROW, number=1)
        except IntegrityError:
            DataGeneration.objects.filter(pk=GENERATION_ROW).update(number=F("number") + 1)


def _change_pending(using: str | None = None) -> bool:
    """Whether the current transaction has changed domain records it has not yet committed."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block and any(
        func is _bump for _sids, func, _robust in connection.run_on_commit
    )


def records_changed(using: str | None = None) -> None:
    """Count a change to domain records once the current transaction commits (now, outside
    one). Called many times in one transaction, it bumps the generation once."""
    if not _change_pending(using):
        transaction.on_commit(_bump, using=using)


def generation() -> int:
    from childrens_services.models import DataGeneration

    number = DataGeneration.objects.filter(pk=GENERATION_ROW).values_list("number", flat=True)
    return number.first() or 0


def on_record_saved_or_deleted(sender, **kwargs) -> None:
    """Signal receiver: a domain record (or its history) was written."""
    if kwargs.get("raw"):
        return
    if sender._meta.app_label in _feeding_figures():
        records_changed(kwargs.get("using"))


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


def cached_figures(name: str, user, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same user's view, ``parts`` and generation.

    ``parts`` names everything else the figures depend on (scope, year, date, filters).
    """
    return cached_value(name, (viewer_key(user), *parts), compute)


def cached_count(queryset) -> int:
    """``queryset.count()``, cached until a record changes. The key is the query's SQL and
    parameters, which already hold the ``restrict`` narrowing of whoever asks."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to count, nothing to ask
        return 0
    return cached_value("count", (queryset.db, sql, params), queryset.count)


def cached_value(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    if _change_pending():
        # Figures read inside a transaction that has changed records could hold changes that
        # are later rolled back: compute them, but keep nothing.
        return compute()
    raw = "|".join([name, str(generation()), *map(repr, parts)])
    key = "figures:" + hashlib.sha256(raw.encode()).hexdigest()
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
