"""The renewals page counts and lists in the database: its number of queries is the same for
one contract as for many, and each quarter's count is of every contract while only the first
few come back (issue 20: query counts constant in data size)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childrens_services import financial_years
from commissioning.models import Contract
from commissioning.renewals import (
    due_for_renewal_in,
    joint_procurement_candidates_in,
    overdue_without_decision_in,
    undated_in,
)
from dashboards import figures
from dashboards.scope import Scope

pytestmark = pytest.mark.django_db

ON = dt.date(2012, 4, 1)
WINDOW = f"?on={ON.isoformat()}&months=12"


def contracts(world, count: int, start: int = 0) -> None:
    """``count`` open H&F contracts falling due through the year from ``ON``, a fortnight
    apart, some by review date, and every fifth past its date with no decision."""
    for n in range(start, start + count):
        day = ON + dt.timedelta(days=14 * n)
        Contract.objects.create(
            authority=world.hf, reference=f"R-{n:03d}", title=f"Contract {n}",
            provider_text="Various", status="active",
            end_date=day if n % 3 else day + dt.timedelta(days=400),
            review_date=None if n % 3 else day,
            renewal_text="" if n % 4 else "When the framework is re-let",
        )  # fmt: skip
        if n % 5 == 0:
            Contract.objects.create(
                authority=world.hf, reference=f"O-{n:03d}", title=f"Overdue {n}",
                provider_text="Various", status="active", end_date=ON - dt.timedelta(days=n + 1),
                future_intention="tri_borough",
            )  # fmt: skip


def queries_reading(client) -> int:
    """The queries of the page asked with nothing cached, as after an edit elsewhere."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:renewals") + WINDOW)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["scrutiny", "officer_hf"])
def test_the_renewals_page_asks_as_many_queries_for_one_contract_as_for_many(world, client,
                                                                            username):  # fmt: skip
    client.force_login(world.users[username])
    contracts(world, 1)
    queries_reading(client)  # the session and the user, read once either way
    few = queries_reading(client)
    contracts(world, 25, start=1)
    assert queries_reading(client) == few
    assert "Contract 25" in client.get(reverse("dashboards:renewals") + WINDOW).text


def test_each_quarter_counts_every_contract_and_lists_the_first_soonest_first(world):
    contracts(world, 26)
    register = Contract.objects.all()
    found = figures.renewals(world.users["scrutiny"], Scope(), ON, 12, listed=3)
    expected: dict[str, list[Contract]] = {}
    for contract in due_for_renewal_in(register, ON, 12):
        day = contract.renewal_date
        label = f"{financial_years.label(financial_years.of_date(day))} Q"
        expected.setdefault(label + str(financial_years.quarter_of(day)), []).append(contract)
    assert [(label, count) for label, count, _ in found.quarters] == [
        (label, len(due)) for label, due in expected.items()
    ]
    assert all(count > 3 for _, count, _ in found.quarters)
    assert [listed for _, _, listed in found.quarters] == [due[:3] for due in expected.values()]
    assert found.overdue_count == 6 and len(found.overdue) == 3


def test_the_window_is_read_through_the_renewal_date_index(world):
    """The window filters on the renewal date expression, which the database has indexed, so
    it reads a range of the index rather than working the date out for every contract."""
    contracts(world, 3)
    if connection.vendor == "postgresql":
        # A table of a few rows is read whole however it is indexed: ask whether it can be.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    window = due_for_renewal_in(Contract.objects.all(), ON, 12)
    assert "contract_renewal_on" in window.explain()


def owners_contracts(world) -> None:
    """Open contracts of three boroughs and the Tri-borough partnership, their dates and
    references interleaved across owners, so each heading's first few come from several."""
    owners = [
        {"authority": world.hf},
        {"authority": world.rbkc},
        {"authority": world.wcc},
        {"partnership": world.triborough},
    ]
    for n in range(24):
        owner = owners[n % 4]
        day = ON + dt.timedelta(days=9 * (23 - n))
        Contract.objects.create(
            **owner, reference=f"R-{(n * 7) % 24:02d}", title=f"Due {n}", provider_text="Various",
            status="active", end_date=day,
            renewal_text="" if n % 5 else "Annual review",
            future_intention="tri_borough" if n % 3 == 0 else "",
        )  # fmt: skip
        Contract.objects.create(
            **owner, reference=f"P-{(n * 5) % 24:02d}", title=f"Past {n}", provider_text="Various",
            status="active", end_date=ON - dt.timedelta(days=(n * 11) % 40 + 1),
        )  # fmt: skip
        if n % 2:
            Contract.objects.create(
                **owner, reference=f"W-{(n * 13) % 24:02d}", title=f"Words {n}",
                provider_text="Various", renewal_text="Rolling",
            )  # fmt: skip


def expected_renewals(listed: int) -> dict:
    """Each heading counted and listed over the whole register in the database's own order."""
    register = Contract.objects.all()
    quarters: dict[str, list[int]] = {}
    for contract in due_for_renewal_in(register, ON, 12):
        day = contract.renewal_date
        year = financial_years.label(financial_years.of_date(day))
        quarters.setdefault(f"{year} Q{financial_years.quarter_of(day)}", []).append(contract.pk)
    rest = {
        "overdue": overdue_without_decision_in(register, ON),
        "undated": undated_in(register).order_by("reference", "pk"),
        "joint": joint_procurement_candidates_in(register).order_by("reference", "pk"),
    }
    found = {label: (len(pks), pks[:listed]) for label, pks in quarters.items()}
    for name, rows in rest.items():
        pks = list(rows.values_list("pk", flat=True))
        found[name] = (len(pks), pks[:listed])
    return found


def shown(found) -> dict:
    headings = {label: (count, [c.pk for c in listed]) for label, count, listed in found.quarters}
    for name in ("overdue", "undated", "joint"):
        headings[name] = (getattr(found, f"{name}_count"), [c.pk for c in getattr(found, name)])
    return headings


def test_the_owners_parts_put_together_are_the_register_counted_and_listed_whole(world):
    owners_contracts(world)
    scrutiny = world.users["scrutiny"]
    assert shown(figures.renewals(scrutiny, Scope(), ON, 12, listed=3)) == expected_renewals(3)
    # An edit in one borough reads its part again; the others' are kept, and the whole is
    # still the register's.
    moved = Contract.objects.filter(authority=world.rbkc, title__startswith="Due").last()
    moved.end_date, moved.reference = ON + dt.timedelta(days=1), "A-0"
    moved.save()
    asked: list = []
    real = figures.renewal_parts

    def reading(contracts, owners, *args):
        asked.append(sorted(owners))
        return real(contracts, owners, *args)

    figures.renewal_parts = reading
    try:
        after = shown(figures.renewals(scrutiny, Scope(), ON, 12, listed=3))
    finally:
        figures.renewal_parts = real
    assert asked == [[("authority", world.rbkc.pk), ("partnership", world.triborough.pk)]]
    assert after == expected_renewals(3)
    assert moved.pk in after["2012/13 Q1"][1]
