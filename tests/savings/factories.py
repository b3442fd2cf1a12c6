"""Small builders for savings records in tests that do not need the seed papers."""

from __future__ import annotations

from decimal import Decimal

from savings.models import SavingsLine, SavingsProfile, SavingsProgramme


def programme_for(owner, **values) -> SavingsProgramme:
    """A programme owned by an authority, or by a partnership when ``owner`` is one."""
    from governance.models import Partnership

    key = "partnership" if isinstance(owner, Partnership) else "authority"
    fields = {"name": f"Savings of {owner}", "first_year": 2011, "last_year": 2014, key: owner}
    fields.update(values)
    return SavingsProgramme.objects.create(**fields)


def line_for(programme, **values) -> SavingsLine:
    fields = {"programme": programme, "description": "Single management team"}
    fields.update(values)
    return SavingsLine.objects.create(**fields)


def amount_for(line, authority, year: int, amount: str) -> SavingsProfile:
    return SavingsProfile.objects.create(
        line=line, authority=authority, year=year, amount=Decimal(amount)
    )
