"""The savings lists page through an index, in the order they have always used.

Ordering by a foreign key (``programme``, ``line``) sorts by the related model's own ordering,
so every savings list sorts first by the programme's *name*, not by ``programme_id``. Without an
index on that column each page joined and sorted every line (or amount, or delivery record)
before returning 100 of them; these tests keep the order and the index that serves it together.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, models

from savings.api import views
from savings.models import SavingsLine, SavingsProgramme
from tests.api.helpers import client_for

pytestmark = pytest.mark.django_db

LIST_VIEWSETS = sorted(
    (
        cls
        for cls in vars(views).values()
        if isinstance(cls, type)
        and issubclass(cls, views.ScopedModelViewSet)
        and cls.__module__ == views.__name__
    ),
    key=lambda cls: cls.__name__,
)


def leading_order_column(viewset) -> models.Field:
    """The column the list's default order sorts by first, after following foreign keys."""
    queryset = viewset.queryset.order_by(*viewset.ordering)
    order_by = queryset.query.get_compiler(connection=connection).get_order_by()
    return order_by[0][0].expression.target


def columns_leading_an_index(model) -> set[str]:
    """Columns some index of ``model``'s table starts with (primary key, unique, FK, Meta)."""
    meta = model._meta
    columns = {f.column for f in meta.concrete_fields if f.primary_key or f.unique or f.db_index}
    leading = [index.fields[0].lstrip("-") for index in meta.indexes if index.fields]
    leading += [
        constraint.fields[0]
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    return columns | {meta.get_field(name).column for name in leading}


@pytest.mark.parametrize("viewset", LIST_VIEWSETS, ids=lambda cls: cls.__name__)
def test_each_savings_list_sorts_first_by_an_indexed_column(viewset):
    field = leading_order_column(viewset)
    assert field.column in columns_leading_an_index(field.model), (
        f"{viewset.__name__} sorts first by {field.model.__name__}.{field.name}, which no index "
        "starts with: every page would sort the whole table."
    )


def test_lines_are_listed_by_programme_name_then_position(world):
    """The order clients have always had: programme by name (not by id), then position."""
    later = SavingsProgramme.objects.create(
        authority=world.hf, name="Zebra MTFS", first_year=2011, last_year=2013
    )
    earlier = SavingsProgramme.objects.create(
        authority=world.hf, name="Aardvark MTFS", first_year=2011, last_year=2013
    )
    for programme in (later, earlier):
        for position in (2, 1):
            SavingsLine.objects.create(
                programme=programme, position=position, description=f"{programme} {position}"
            )
    response = client_for(world.users["scrutiny"]).get("/api/v1/savings-lines/")
    assert [line["description"] for line in response.json()["results"]] == [
        "Aardvark MTFS 1",
        "Aardvark MTFS 2",
        "Zebra MTFS 1",
        "Zebra MTFS 2",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads Postgres's query plan")
def test_a_page_of_lines_is_read_in_order_not_sorted_from_every_line(world):
    """With full sorts priced out, the page's plan walks the index; only small groups of lines
    sharing a programme name are sorted (an Incremental Sort), never the whole table."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
    page = SavingsLine.objects.order_by(*views.SavingsLineViewSet.ordering)[:100]
    plan = page.explain()
    full_sort = re.search(r"^\s*(->\s+)?Sort\s+\(", plan, re.MULTILINE)
    assert "savings_programme_name_order" in plan and not full_sort, plan
