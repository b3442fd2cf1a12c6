"""A record of any kind for any authority, from the models' own declarations.

The generated permission matrix (``tests/test_permission_matrix_generated.py``) needs one
record of every kind owned by each of two authorities. Rather than a factory per model, this
follows how each model declares its owner (``parent_field``, ``authority_path``, a partnership's
lead authority) and fills every other required field with model-bakery, so a model added later
is covered without writing anything.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import IntegrityError, models, transaction
from model_bakery import baker

from childrens_services.models import AuthorityOrPartnershipOwned
from childrens_services.permissions import is_governed
from commissioning.models import Contract, Provider
from governance.models import Authority, Partnership
from savings.models import ReportedFigure, SavingsProgramme

_serial = itertools.count(1)


class RecordMaker:
    """Makes (and remembers) one record of each model per authority; ``fresh`` makes another."""

    def __init__(self) -> None:
        self.made: dict[tuple[type, int], models.Model] = {}

    def record(self, model, authority: Authority, *, fresh: bool = False, save: bool = True):
        if model is Authority and not fresh:
            return authority
        key = (model, authority.pk)
        if not fresh and save and key in self.made:
            return self.made[key]
        values = {} if model is Authority else self.owner_values(model, authority, fresh=fresh)
        values |= plausible_periods(model, shift=next(_serial) % 40 if fresh else 0)
        if model is ReportedFigure:
            # A figure is read against its programme; one with none is refused by its clean().
            values |= {
                "kind": "programme_total",
                "programme": self.record(SavingsProgramme, authority),
            }
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.name in values or field.null:
                continue
            related = field.related_model
            if related is Authority:
                values[field.name] = authority
            elif is_governed(related):
                values[field.name] = self.record(related, authority, fresh=fresh)
        for field in model._meta.concrete_fields:
            text = isinstance(field, models.CharField) and not field.choices
            if field.unique and text and field.name not in values:
                values[field.name] = unique_text(model, field)
        record = make_clear_of_others(model, values, save=save, fresh=fresh)
        if save and not fresh and model is Provider:
            # A provider is "owned" through the contracts that use it.
            Contract.objects.create(
                authority=authority,
                reference=f"P-{next(_serial)}",
                title="Supply",
                provider=record,
                provider_text="",
            )
        if save and not fresh:
            self.made[key] = record
        return record

    def owner_values(self, model, authority: Authority, *, fresh: bool = False) -> dict:
        """The fields naming the record's owner; a fresh record gets a fresh parent too, so
        no constraint unique per parent (one seat per person) can collide."""
        parent = getattr(model, "parent_field", None)
        if parent:
            parent_model = model._meta.get_field(parent).related_model
            return {parent: self.record(parent_model, authority, fresh=fresh)}
        if model is Partnership:
            return {"lead_authority": authority}
        names = {f.name for f in model._meta.concrete_fields}
        if issubclass(model, AuthorityOrPartnershipOwned):
            return {"authority": authority, "partnership": None}
        path = getattr(model, "authority_path", "authority").split("__")
        if path[0] not in names:
            return {}
        if len(path) == 1:
            return {path[0]: authority}
        related = model._meta.get_field(path[0]).related_model
        return {path[0]: self.record(related, authority, fresh=fresh)}


def make_clear_of_others(model, values: dict, *, save: bool, fresh: bool):
    """Make (or, unsaved, prepare) the record. A fresh one whose period and random choices
    happen to match a record of the same owner under a unique constraint (one spend per
    authority, year and category) is made again a few years on, rather than failing the test
    on the luck of the draw."""
    if not save:
        return baker.prepare(model, **values)
    for _ in range(40):
        try:
            with transaction.atomic():
                return baker.make(model, **values)
        except IntegrityError:
            if not fresh:
                raise
            values |= plausible_periods(model, shift=next(_serial) % 40)
    raise AssertionError(f"no {model.__name__} clear of the others in 40 tries")


def unique_text(model, field) -> str:
    """A value no other record of the model has: "X" and a base-36 serial, then the model's
    name, cut to the field's length (a three-character DfE number gets "X1A", never "205")."""
    number, digits = next(_serial), ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + digits
    return f"X{digits}{model.__name__}"[: field.max_length]


def plausible_periods(model, shift: int = 0) -> dict:
    """Years and dates that make a period (2011/12 to 2013/14): random ones would end before
    they start, which the models refuse."""
    values = {}
    for field in model._meta.concrete_fields:
        name = field.name
        if isinstance(field, models.IntegerField) and name.endswith("year") and field.unique:
            values[name] = 2100 + next(_serial)
        elif isinstance(field, models.IntegerField) and name.endswith("year"):
            first = name.startswith(("start", "first"))
            last = name.startswith(("end", "last"))
            values[name] = shift + (2011 if first else 2013 if last else 2012)
        elif isinstance(field, models.DateField) and name in ("start_date", "end_date"):
            values[name] = dt.date(2011, 4, 1) if name == "start_date" else dt.date(2014, 3, 31)
    return values
