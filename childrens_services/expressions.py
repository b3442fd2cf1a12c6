"""A rule written once, as a query expression, read for one record without a second copy.

A rule the lists filter and sort by (a contract's renewal date, whether a milestone is
overdue) is written as a query expression, so the database applies it to a whole register.
Querysets annotate it and instances read the annotation back; ``evaluate`` serves an instance
that was not read through such a queryset (or is not saved yet) by asking the database to
apply the same expression to the instance's own values, in one query with no table, the way
Django's ``Q.check`` validates constraints.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.sql import Query


def field_values(instance: models.Model, names: Iterable[str]) -> dict[str, models.Value]:
    """The instance's current values of the named fields, typed as the model's fields."""
    meta = instance._meta
    return {
        name: models.Value(getattr(instance, name), output_field=meta.get_field(name))
        for name in names
    }


def evaluate(
    expression: Any,
    values: dict[str, models.Value],
    output_field: models.Field | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> Any:
    """``expression`` (an expression, or a ``Q`` when ``output_field`` is a ``BooleanField``)
    evaluated by the database with its field references bound to ``values``."""
    if output_field is not None:
        expression = models.ExpressionWrapper(expression, output_field=output_field)
    query = Query(None)
    for name, value in values.items():
        query.add_annotation(value, name, select=False)
    query.add_annotation(expression, "result")
    compiler = query.get_compiler(using=using)
    for (result,) in compiler.results_iter():
        return result
    return None
