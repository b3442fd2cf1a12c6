"""Keeping ``SavingsSummary`` equal to its cells, in the transaction that changes them.

Why a table kept by the application rather than a Postgres materialised view: a view is
refreshed whole (``REFRESH MATERIALIZED VIEW``, several seconds at national scale, see
docs/performance.md "Summary tables") and so only after the change has committed, leaving
members reading totals that no longer match the lines beneath them; it also does not exist on
SQLite, where the tests and small installations run. A programme's rows are instead rewritten
from its own cells (a few hundred) each time one of them, a delivery record or a line changes,
inside the writer's transaction: a rollback takes the summary back with the change.

Why per programme: every total reads a summary row through its programme (who may see it,
whether it counts on the basis), a line's confidence or funding moves all its authorities'
rows at once, and a programme's cells are few and found through the line index.

Why the row lock: two writers changing cells of one programme under READ COMMITTED would each
recompute without the other's uncommitted cell, and the later commit would keep a summary
missing the earlier one's change. ``refresh`` first locks the programme row
(``SELECT ... FOR UPDATE``): the second writer waits for the first to commit and then, in a
fresh snapshot, reads both cells. (SQLite lets one writer in at a time anyway.)

Signals catch ``save`` and ``delete`` of cells, delivery records and lines (``SavingsConfig``).
Writes that bypass signals (``bulk_create``, ``QuerySet.update``) must call ``refresh`` with
the programmes they touched: ``generate_scale_data`` does. ``deferred()`` gathers a block's
refreshes into one per programme. ``loaddata`` restores the summary rows from the dump rather
than recomputing them; ``manage.py verify_summaries`` says whether any row differs from its
records, and ``--repair`` rewrites them all.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save

from childrens_services import formatting
from savings.models import DeliveryRecord, SavingsLine, SavingsProfile, SavingsProgramme
from savings.models.summaries import SavingsSummary

ZERO = Decimal(0)

#: (programme id, authority id, year, confidence, funding)
Key = tuple[int, int, int, str, str]


@dataclass
class Figures:
    """The sums one summary row holds (the fields of ``SavingsSummary`` after its key)."""

    cells: int = 0
    amount: Decimal = ZERO
    reported_amount: Decimal = ZERO
    unreported_cells: int = 0
    records: int = 0
    delivered_records: int = 0
    delivered: Decimal = ZERO


FIGURES = [f.name for f in fields(Figures)]


def _grouped(rows, programme_ids: Iterable[int] | None):
    if programme_ids is not None:
        rows = rows.filter(line__programme__in=list(programme_ids))
    return rows.order_by().values(
        "authority_id",
        "year",
        programme_id=F("line__programme_id"),
        line_confidence=F("line__confidence"),
        line_funding=F("line__funding"),
    )


def _key(row: dict) -> Key:
    return (
        row["programme_id"],
        row["authority_id"],
        row["year"],
        row["line_confidence"],
        row["line_funding"],
    )


def summarise(
    profiles, deliveries, programme_ids: Iterable[int] | None = None
) -> dict[Key, Figures]:
    """The summary rows recomputed from the cells and delivery records (``profiles`` and
    ``deliveries`` are the two models' managers, the migration's historical ones included),
    for these programmes or, with ``None``, all. Two grouped queries."""
    recorded = deliveries.filter(
        Q(achieved__isnull=False) | Q(forecast__isnull=False),
        line=OuterRef("line"),
        authority=OuterRef("authority"),
        year=OuterRef("year"),
    )
    found: dict[Key, Figures] = {}
    cells = _grouped(profiles.annotate(reported=Exists(recorded)), programme_ids).annotate(
        n=Count("pk"),
        total=Sum("amount"),
        reported_total=Sum("amount", filter=Q(reported=True)),
        missing=Count("pk", filter=Q(reported=False)),
    )
    for row in cells:
        found[_key(row)] = Figures(
            cells=row["n"],
            amount=row["total"],
            reported_amount=row["reported_total"] or ZERO,
            unreported_cells=row["missing"],
        )
    delivery = _grouped(deliveries.all(), programme_ids).annotate(
        n=Count("pk"),
        with_figure=Count("pk", filter=Q(achieved__isnull=False) | Q(forecast__isnull=False)),
        total=Sum(Coalesce("achieved", "forecast")),
    )
    for row in delivery:
        figures = found.setdefault(_key(row), Figures())
        figures.records = row["n"]
        figures.delivered_records = row["with_figure"]
        figures.delivered = row["total"] or ZERO
    return found


def write(summary_model, found: dict[Key, Figures], programme_ids: Iterable[int] | None) -> None:
    """Replace the stored rows of these programmes (``None``: all) by ``found``."""
    stored = summary_model.objects.all()
    if programme_ids is not None:
        stored = stored.filter(programme__in=list(programme_ids))
    stored.delete()
    summary_model.objects.bulk_create(
        [
            summary_model(
                programme_id=programme,
                authority_id=authority,
                year=year,
                confidence=confidence,
                funding=funding,
                **{name: getattr(figures, name) for name in FIGURES},
            )
            for (programme, authority, year, confidence, funding), figures in found.items()
        ],
        batch_size=2000,
    )


class _Deferred(threading.local):
    depth = 0
    programmes: set[int]

    def __init__(self) -> None:
        self.programmes = set()


_deferred = _Deferred()


def refresh(programme_ids: Iterable[int]) -> None:
    """Rewrite these programmes' summary rows from their cells, in the caller's transaction,
    after locking the programme rows (in id order, so two writers cannot deadlock on them).
    Inside ``deferred()`` the programmes are only noted, and rewritten once when it ends."""
    ids = sorted({pk for pk in programme_ids if pk is not None})
    if not ids:
        return
    if _deferred.depth:
        _deferred.programmes.update(ids)
        return
    with transaction.atomic():
        present = list(
            SavingsProgramme.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if present:
            found = summarise(SavingsProfile.objects, DeliveryRecord.objects, present)
            write(SavingsSummary, found, present)


@contextmanager
def deferred() -> Iterator[None]:
    """Note the programmes that change in the block and rewrite each once at its end, for a
    bulk write (an import, a programme's deletion) that would otherwise rewrite a programme
    once per cell. Nothing is rewritten if the block fails: its transaction is rolled back."""
    _deferred.depth += 1
    try:
        yield
    finally:
        _deferred.depth -= 1
    if not _deferred.depth:
        noted, _deferred.programmes = _deferred.programmes, set()
        refresh(noted)


def rebuild() -> int:
    """Every summary row recomputed from every cell (an operator's repair); rows written."""
    with transaction.atomic():
        found = summarise(SavingsProfile.objects, DeliveryRecord.objects)
        write(SavingsSummary, found, None)
    return len(found)


@dataclass(frozen=True)
class Difference:
    """A summary row that is not what its cells add up to (``None``: no row where one is due,
    or a row with no cells behind it)."""

    key: Key
    stored: Figures | None
    recomputed: Figures | None

    def __str__(self) -> str:
        programme, authority, year, confidence, funding = self.key
        where = (
            f"programme {programme}, authority {authority}, year {year}, "
            f"confidence {confidence or '(none)'}, funding {funding}"
        )
        if self.stored is None:
            return f"{where}: missing, should be {shown(self.recomputed)}"
        if self.recomputed is None:
            return f"{where}: {shown(self.stored)} stored, but no cell or record is behind it"
        changed = [
            f"{name} {_figure(name, getattr(self.stored, name))} should be "
            f"{_figure(name, getattr(self.recomputed, name))}"
            for name in FIGURES
            if getattr(self.stored, name) != getattr(self.recomputed, name)
        ]
        return f"{where}: " + "; ".join(changed)


def _figure(name: str, value) -> str:
    return formatting.money(value) if isinstance(value, Decimal) else formatting.count(value)


def shown(figures: Figures) -> str:
    """A row's figures for an operator: ``cells 3, amount £1,000, ...``."""
    return ", ".join(f"{name} {_figure(name, getattr(figures, name))}" for name in FIGURES)


def stored() -> dict[Key, Figures]:
    rows = SavingsSummary.objects.values_list(
        "programme_id", "authority_id", "year", "confidence", "funding", *FIGURES
    )
    return {tuple(row[:5]): Figures(*row[5:]) for row in rows}


def differences() -> list[Difference]:
    """Every summary row that differs from a full recomputation from the cells, by key."""
    kept = stored()
    due = summarise(SavingsProfile.objects, DeliveryRecord.objects)
    return [
        Difference(key, kept.get(key), due.get(key))
        for key in sorted(set(kept) | set(due), key=str)
        if kept.get(key) != due.get(key)
    ]


# Signal receivers (connected by ``SavingsConfig.ready``) ----------------------------------


def _programme_of_line(line_id: int | None) -> list[int]:
    if line_id is None:
        return []
    return list(SavingsLine.objects.filter(pk=line_id).values_list("programme_id", flat=True))


def _origin_model(origin):
    return getattr(origin, "model", type(origin))


def cell_saved(sender, instance, raw=False, **kwargs) -> None:
    """A profile cell or delivery record saved: its programme's rows rewritten. Not while
    ``loaddata`` restores a dump (``raw``): the dump holds the summary rows beside the cells
    it was made with, and its lines may not be loaded yet."""
    if raw:
        return
    refresh(_programme_of_line(instance.line_id))


def cell_deleted(sender, instance, origin=None, **kwargs) -> None:
    """A profile cell or delivery record deleted: its programme's rows rewritten, unless its
    line or programme is being deleted (that rewrites, or drops, them once)."""
    if _origin_model(origin) not in (SavingsLine, SavingsProgramme):
        refresh(_programme_of_line(instance.line_id))


def line_will_change(sender, instance, raw=False, **kwargs) -> None:
    """Before a line is saved: note the programme it was in, which loses its rows if it
    moves."""
    if raw:
        return
    before = _programme_of_line(instance.pk)
    instance._summarised_programme = before[0] if before else None


def line_saved(sender, instance, raw=False, **kwargs) -> None:
    """A line saved: its confidence, funding or programme may have changed."""
    if raw:
        return
    refresh([instance.programme_id, getattr(instance, "_summarised_programme", None)])


def line_deleted(sender, instance, origin=None, **kwargs) -> None:
    """A line deleted with its cells, unless with its programme (whose rows go with it)."""
    if _origin_model(origin) is not SavingsProgramme:
        refresh([instance.programme_id])


def connect() -> None:
    """Connect the receivers above (``SavingsConfig.ready``)."""
    for model in (SavingsProfile, DeliveryRecord):
        post_save.connect(cell_saved, sender=model, dispatch_uid=f"summary-saved-{model.__name__}")
        post_delete.connect(
            cell_deleted, sender=model, dispatch_uid=f"summary-deleted-{model.__name__}"
        )
    pre_save.connect(line_will_change, sender=SavingsLine, dispatch_uid="summary-line-before")
    post_save.connect(line_saved, sender=SavingsLine, dispatch_uid="summary-line-saved")
    post_delete.connect(line_deleted, sender=SavingsLine, dispatch_uid="summary-line-deleted")
