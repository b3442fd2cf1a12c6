"""Compare two versions of a mandate, section by section: what was added, removed and changed.

Rows are matched across versions by each section's natural key (a success measure by its
indicator, a milestone by its division and text, an asset by its list and name), so a changed
target shows as a change to the same measure rather than as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from childrens_services import formatting
from mandates.models import SECTION_MODELS, Mandate, MandateSection


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class RowChange:
    row: str
    changes: list[FieldChange]


@dataclass
class SectionDifference:
    section: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _shown(obj, name: str) -> str:
    """A field's value as a reader sees it (choice labels, not codes; blank as a dash)."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display is not None else getattr(obj, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return formatting.for_field(obj._meta.get_field(name), value) or str(value)
    return str(value)


def _field_changes(old, new, names) -> list[FieldChange]:
    return [
        FieldChange(
            str(old._meta.get_field(name).verbose_name), _shown(old, name), _shown(new, name)
        )
        for name in names
        if getattr(old, name) != getattr(new, name)
    ]


def _key(row: MandateSection) -> tuple:
    return tuple(getattr(row, name) for name in row.natural_key_fields)


def compare_section(
    model: type[MandateSection], older: Mandate, newer: Mandate
) -> SectionDifference:
    before = {_key(row): row for row in model.objects.filter(mandate=older)}
    after = {_key(row): row for row in model.objects.filter(mandate=newer)}
    difference = SectionDifference(section=str(model._meta.verbose_name_plural).capitalize())
    difference.added = [str(after[key]) for key in after if key not in before]
    difference.removed = [str(before[key]) for key in before if key not in after]
    for key in before.keys() & after.keys():
        changes = _field_changes(before[key], after[key], model.compared_fields)
        if changes:
            difference.changed.append(RowChange(str(after[key]), changes))
    difference.changed.sort(key=lambda change: change.row)
    return difference


MANDATE_FIELDS = (
    "title",
    "start_year",
    "end_year",
    *Mandate.copied_text_fields(),
)


def compare_mandates(older: Mandate, newer: Mandate) -> list[SectionDifference]:
    """Per section (the mandate's own fields first), the rows added, removed and changed."""
    own = SectionDifference(section="Mandate")
    changes = _field_changes(older, newer, MANDATE_FIELDS)
    if changes:
        own.changed.append(RowChange(str(newer), changes))
    return [own, *(compare_section(model, older, newer) for model in SECTION_MODELS)]
