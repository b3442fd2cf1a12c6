"""The savings line form: the line's fields plus its whole profile as one grid to edit.

Officers enter a line's amounts for every authority and year on one screen (one row per
authority, one column per financial year) instead of one record at a time. Each cell is saved
as its own ``SavingsProfile`` so history, locking and validation stay per cell.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from childrens_services import financial_years
from childrens_services.forms import FigureInput, VersionedModelForm
from savings.models import SavingsLine, SavingsProfile


def cell_name(authority_id: int, year: int) -> str:
    return f"amount_{authority_id}_{year}"


class SavingsLineForm(VersionedModelForm):
    """A savings line with a grid of its amounts (pounds, saving reached in each year)."""

    class Meta:
        model = SavingsLine
        fields = "__all__"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[object, list[tuple[int, str]]]] = []
        line = self.instance
        if line.pk is None or not line.programme_id:
            return
        programme = line.programme
        stored = {(a.authority_id, a.year): a.amount for a in line.amounts.all()}
        for authority in programme.participating_authorities():
            cells = []
            for year in programme.years:
                name = cell_name(authority.pk, year)
                self.fields[name] = forms.DecimalField(
                    label=f"{authority.short_name} {financial_years.label(year)}",
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    initial=stored.get((authority.pk, year)),
                    help_text="Pounds; the saving reached in the year.",
                    widget=FigureInput,  # 680000, not 680000.00, like every figure box
                )
                cells.append((year, name))
            self.grid.append((authority, cells))

    def grid_field_rows(self) -> list[tuple[str, tuple[str, ...]]]:
        """(authority, its cell field names) for the admin's fieldsets: one row per authority."""
        return [(a.short_name, tuple(name for _, name in cells)) for a, cells in self.grid]

    def save_grid(self) -> None:
        """Write the grid: a new figure is created, a changed one updated, a cleared one deleted.

        Unchanged cells are not saved, so an untouched grid adds no history.
        """
        line = self.instance
        existing = {(a.authority_id, a.year): a for a in line.amounts.all()}
        for authority, cells in self.grid:
            for year, name in cells:
                value: Decimal | None = self.cleaned_data.get(name)
                record = existing.get((authority.pk, year))
                if value is None:
                    if record is not None:
                        record.delete()
                    continue
                if record is None:
                    record = SavingsProfile(line=line, authority=authority, year=year, amount=value)
                elif record.amount == value:
                    continue
                record.amount = value
                try:
                    record.full_clean(validate_unique=False)
                except ValidationError as exc:
                    raise ValidationError({name: exc.messages}) from exc
                record.save()
