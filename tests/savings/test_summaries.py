"""The savings summary rows (``savings.summaries``) equal a full recomputation from the cells,
whatever edits, deletes, rollbacks and imports came before, and the dashboards' figures read
from them equal the figures added up from the cells."""

from __future__ import annotations

import io
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childrens_services.formatting import money as money_shown
from childrens_services.permissions import restrict
from dashboards import figures
from dashboards.scope import Scope
from savings import summaries
from savings.models import (
    DeliveryRecord,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    SavingsSummary,
)
from tests.conftest import build_world
from tests.savings.factories import amount_for, line_for, programme_for

pytestmark = pytest.mark.long

YEARS = [2011, 2012, 2013, 2014]
CONFIDENCE = ["", "assured", "projected", "possible"]
FUNDING = ["GF", "DSG"]

money = st.decimals(min_value=-500_000, max_value=500_000, places=2, allow_nan=False)
maybe_money = st.none() | money
pick = st.integers(min_value=0, max_value=50)
year = st.sampled_from(YEARS)

edit = st.one_of(
    st.tuples(st.just("set_cell"), pick, pick, year, money),
    st.tuples(st.just("delete_cell"), pick),
    st.tuples(st.just("set_delivery"), pick, pick, year, maybe_money, maybe_money),
    st.tuples(st.just("delete_delivery"), pick),
    st.tuples(st.just("edit_line"), pick, st.sampled_from(CONFIDENCE), st.sampled_from(FUNDING)),
    st.tuples(st.just("move_line"), pick, pick),
    st.tuples(st.just("add_line"), pick, st.sampled_from(CONFIDENCE), st.sampled_from(FUNDING)),
    st.tuples(st.just("delete_line"), pick),
    st.tuples(st.just("import"), st.lists(st.tuples(pick, pick, year, money), max_size=6)),
)
operation = st.one_of(
    edit,
    st.tuples(st.just("rollback"), st.lists(edit, min_size=1, max_size=4)),
    st.tuples(st.just("delete_programme"), pick),
)


class RolledBack(Exception):
    """Raised to roll a block back on purpose."""


def nth(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def apply(op, world) -> None:
    authorities = [world.hf, world.rbkc, world.wcc]
    kind, *args = op
    if kind == "set_cell":
        line, who, when, amount = nth(SavingsLine.objects, args[0]), args[1], args[2], args[3]
        if line is None:
            return
        cell, _ = SavingsProfile.objects.get_or_create(
            line=line,
            authority=authorities[who % 3],
            year=when,
            defaults={"amount": amount},
        )
        cell.amount = amount
        cell.save()
    elif kind == "delete_cell":
        cell = nth(SavingsProfile.objects, args[0])
        if cell is not None:
            cell.delete()
    elif kind == "set_delivery":
        line, who, when, forecast, achieved = nth(SavingsLine.objects, args[0]), *args[1:]
        if line is None:
            return
        record, _ = DeliveryRecord.objects.get_or_create(
            line=line, authority=authorities[who % 3], year=when
        )
        record.forecast, record.achieved = forecast, achieved
        record.save()
    elif kind == "delete_delivery":
        record = nth(DeliveryRecord.objects, args[0])
        if record is not None:
            record.delete()
    elif kind == "edit_line":
        line = nth(SavingsLine.objects, args[0])
        if line is not None:
            line.confidence, line.funding = args[1], args[2]
            line.save()
    elif kind == "move_line":
        line, programme = nth(SavingsLine.objects, args[0]), nth(SavingsProgramme.objects, args[1])
        if line is not None and programme is not None:
            line.programme = programme
            line.save()
    elif kind == "add_line":
        programme = nth(SavingsProgramme.objects, args[0])
        if programme is not None:
            line_for(programme, confidence=args[1], funding=args[2])
    elif kind == "delete_line":
        line = nth(SavingsLine.objects, args[0])
        if line is not None:
            line.delete()
    elif kind == "delete_programme":
        programme = nth(SavingsProgramme.objects, args[0])
        if programme is not None:
            programme.delete()
    elif kind == "import":
        # As an import writes: in bulk, without signals, then the programmes it touched.
        cells = {}
        for line_pick, who, when, amount in args[0]:
            line = nth(SavingsLine.objects, line_pick)
            if line is None:
                return
            key = (line.pk, authorities[who % 3].pk, when)
            if SavingsProfile.objects.filter(line=line, authority=key[1], year=when).exists():
                continue
            cells[key] = SavingsProfile(line=line, authority_id=key[1], year=when, amount=amount)
        SavingsProfile.objects.bulk_create(cells.values())
        summaries.refresh(cell.line.programme_id for cell in cells.values())
    elif kind == "rollback":
        try:
            with transaction.atomic():
                for inner in args[0]:
                    apply(inner, world)
                raise RolledBack
        except RolledBack:
            pass


def start(world) -> None:
    """Two programmes, an authority's and a partnership's, with a few lines, cells and
    delivery records."""
    own = programme_for(world.hf, name="H&F MTFS")
    shared = programme_for(world.triborough, name="Tri-borough business case")
    for programme, who in ((own, [world.hf]), (shared, [world.hf, world.rbkc, world.wcc])):
        for confidence, funding in (("assured", "GF"), ("possible", "DSG")):
            line = line_for(programme, confidence=confidence, funding=funding)
            for authority in who:
                amount_for(line, authority, 2011, "1000.00")
                DeliveryRecord.objects.create(
                    line=line, authority=authority, year=2011, forecast=Decimal("900.00")
                )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, max_size=12))
def test_summaries_equal_recomputation_after_random_edits_deletes_rollbacks_imports(
    world, operations
):
    try:
        with transaction.atomic():
            start(world)
            for op in operations:
                apply(op, world)
                assert summaries.differences() == [], op
            raise RolledBack
    except RolledBack:
        pass
    assert summaries.differences() == []


def test_a_rolled_back_change_leaves_the_summary_as_it_was(world):
    start(world)
    before = summaries.stored()
    line = SavingsLine.objects.first()
    with pytest.raises(RolledBack), transaction.atomic():
        amount_for(line, world.hf, 2012, "5000.00")
        line.funding = "DSG" if line.funding == "GF" else "GF"
        line.save()
        assert summaries.stored() != before
        raise RolledBack
    assert summaries.stored() == before
    assert summaries.differences() == []


def test_a_deferred_block_rewrites_each_programme_once_at_its_end(world):
    start(world)
    line = SavingsLine.objects.first()
    with summaries.deferred():
        amount_for(line, world.hf, 2012, "5000.00")
        amount_for(line, world.hf, 2013, "7000.00")
        assert summaries.differences() != []
    assert summaries.differences() == []


def test_verify_summaries_names_each_differing_row_and_fails(world):
    start(world)
    row = SavingsSummary.objects.order_by("pk").first()
    SavingsSummary.objects.filter(pk=row.pk).update(amount=row.amount + 1)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 savings summary rows differ"):
        call_command("verify_summaries", stdout=out)
    assert (
        f"programme {row.programme_id}, authority {row.authority_id}, year {row.year}"
        in out.getvalue()
    )
    assert (
        f"amount {money_shown(row.amount + 1)} should be {money_shown(row.amount)}"
        in out.getvalue()
    )


def test_verify_summaries_repairs_when_asked_and_then_agrees(world):
    start(world)
    SavingsSummary.objects.all().delete()
    out = io.StringIO()
    call_command("verify_summaries", "--repair", stdout=out)
    assert "missing" in out.getvalue()
    call_command("verify_summaries", stdout=out)
    assert "agree" in out.getvalue()
    assert summaries.differences() == []


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"confidence": "assured"},
        {"funding": "DSG"},
        {"confidence": "possible", "funding": "DSG"},
    ],
)
def test_totals_from_the_summary_equal_the_totals_from_the_cells(world, filters):
    start(world)
    unreported = DeliveryRecord.objects.filter(line__confidence="possible").first()
    unreported.forecast = None
    unreported.save()
    user = world.users["scrutiny"]
    for scope in (Scope(), Scope(authority=world.rbkc)):
        lines = figures.scoped_savings_lines(SavingsLine.objects.filter(**filters), user, scope)
        cells = figures.savings_totals(user, scope, 2011, lines)
        summarised = figures.savings_totals(user, scope, 2011, lines, summarised=filters)
        assert summarised.by_year == cells.by_year
        assert summarised.groupings == cells.groupings
        assert summarised.programmes == cells.programmes
        assert cells.by_year  # the comparison compared something


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_programme_at_once_leave_no_stale_summary():
    """Under READ COMMITTED the second writer's rewrite waits on the programme's row lock for
    the first to commit, then reads both cells (on SQLite one writer is let in at a time)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are Postgres's; SQLite lets one writer in at a time")
    world = build_world()
    start(world)
    line, other = SavingsLine.objects.filter(programme__authority=world.hf).order_by("pk")
    first_locked, errors = threading.Event(), []

    def first() -> None:
        try:
            with transaction.atomic():
                amount_for(line, world.hf, 2012, "2000.00")  # rewrites, holding the lock
                first_locked.set()
                time.sleep(0.5)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_locked.wait(5)
            with transaction.atomic():
                amount_for(other, world.hf, 2013, "3000.00")
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert SavingsProfile.objects.filter(line__in=[line, other]).count() == 4
    assert summaries.differences() == []


def test_each_user_reads_the_summary_rows_of_the_cells_they_may_read(world):
    start(world)
    programme_for(world.rbkc, name="RBKC MTFS")
    rbkc_line = line_for(SavingsProgramme.objects.get(name="RBKC MTFS"))
    amount_for(rbkc_line, world.rbkc, 2011, "10.00")
    for name, user in world.users.items():
        cells = restrict(user, SavingsProfile.objects.all()).values_list(
            "line__programme", "authority"
        )
        rows = restrict(user, SavingsSummary.objects.all()).values_list("programme", "authority")
        assert set(rows) == set(cells), name
