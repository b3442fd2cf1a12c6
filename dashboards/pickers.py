"""What every dashboard page offers to pick before its figures: the authorities and partnerships
(the scope), the financial years, and the year a page opens on.

Every page asks all three, and each reads the whole country (whether each of 153 authorities
holds a record the reader may see; the years of 1,530 mandates and programmes and of 150,000
milestones; the years of 35,000 savings summary rows), so they are read for each owner, an
authority or a partnership, and kept under that owner's generations
(``caching.cached_per_part``): after an edit in one borough only its part is read again,
in a handful of queries narrowed to it. What one reader is offered is put together from the
parts and kept whole until a record they read changes, so a page asked again reads one key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import HttpRequest

from childrens_services import financial_years
from childrens_services.caching import authorities_read, cached_figures, cached_per_part
from childrens_services.permissions import authorities_with_records, restrict, scope_for
from dashboards.scope import (
    Choices,
    Owner,
    Scope,
    authorities_by_name,
    owned_q,
    owner_of,
    resolve_scope,
)
from governance.models import Authority, Partnership, PartnershipMember
from mandates.models import Mandate, Milestone
from savings.models import CapitalProgrammeLine, DivisionBudget, SavingsProgramme, SavingsSummary

#: The records whose years a page's figures are for, each with the lookup to its authority:
#: a page opens on the latest year one of them has in its scope (``scope.default_year``).
#: The savings cells' and delivery records' years are their summary rows' (``savings.summaries``:
#: a row for every programme, authority and year either has), read from 35,000 rows, not
#: 530,000.
SAVINGS_YEARS = ((SavingsSummary, "authority"),)
MILESTONE_YEARS = ((Milestone, "mandate__authority"),)
BUDGET_YEARS = ((DivisionBudget, "division__authority"), (CapitalProgrammeLine, "authority"))
OVERVIEW_YEARS = SAVINGS_YEARS + MILESTONE_YEARS

#: The periods the year picker offers: each kind of record with its first and last year.
PERIODS = ((Mandate, "start_year", "end_year"), (SavingsProgramme, "first_year", "last_year"))
#: Records with a year of their own, besides the periods (the dated ones of the tuples above).
DATED = MILESTONE_YEARS + BUDGET_YEARS


@dataclass(frozen=True)
class Part:
    """One owner's part of the pickers, as one reader sees its records."""

    #: An authority some record the reader may see is about (``authorities_with_records``).
    holds: bool = False
    #: The years of its periods and dated records (the year picker's).
    years: frozenset[int] = frozenset()
    #: The years each kind of record (by model label) has for it (a page's default year).
    with_figures: dict[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Pickers:
    """What one reader is offered: the scopes, the years, and each authority's years with
    figures by kind of record."""

    choices: Choices
    years: list[int]
    with_figures: dict[int, dict[str, frozenset[int]]]

    def years_with_figures(self, scope: Scope, records) -> list[int]:
        """The years ``records`` (one of the tuples above) hold figures for in ``scope``: the
        years a savings profile has an amount in, not every year of its programme's period."""
        ids = scope.authority_ids
        if ids is None:
            ids = list(self.with_figures)
        years: set[int] = set()
        for pk in ids:
            kinds = self.with_figures.get(pk, {})
            for model, _path in records:
                years |= kinds.get(model._meta.label, frozenset())
        return sorted(years)


def pickers(user) -> Pickers:
    """The reader's scopes and years, put together from each owner's ``Part``.

    Authorities: those the rule set finds a record about that the reader may see (the one
    source of every authority picker); an officer is offered only their own. Partnerships:
    those with members, of whichever the reader reads. Years: the periods of the mandates and
    savings programmes the reader can see and the years of their milestones, budgets and
    capital lines; a savings profile's years are its programme's (a cell outside them is
    refused), so periods are read rather than 380,000 cells.
    """
    return cached_figures(
        "pickers", user, (), lambda: _pickers(user), authorities_read(user), shared_in_process=True
    )


def _pickers(user) -> Pickers:
    everyone = authorities_by_name()
    owners = Scope().owners()  # every authority and partnership, with their readers
    parts = cached_per_part("picker-of-owner", user, (), owners, lambda ask: _parts(user, ask))
    return Pickers(
        choices=Choices(
            authorities=[a for a in everyone if parts[("authority", a.pk)].holds],
            partnerships=_partnership_choices(user),
        ),
        years=sorted(set().union(*(part.years for part in parts.values()))),
        with_figures={
            pk: part.with_figures for (kind, pk), part in parts.items() if kind == "authority"
        },
    )


def _partnership_choices(user) -> list[Partnership]:
    # Whose data the user reads is the rule for a borough's own records (mandates), asked of
    # the partnerships themselves: an officer reads the partnerships their authorities belong
    # to; other roles read every one; no role reads none.
    reads = scope_for(user, Mandate, "view")
    partnerships = Partnership.objects.filter(
        pk__in=PartnershipMember.objects.values("partnership")
    ).filter(reads.q(Partnership))
    return list(partnerships.order_by("name"))


def _parts(user, owners: list[Owner]) -> dict[Owner, Part]:
    """The parts of ``owners``, each kind of record read for all of them in one query."""
    authorities = [pk for kind, pk in owners if kind == "authority"]
    years: dict[Owner, set[int]] = {owner: set() for owner in owners}
    for model, first, last in PERIODS:
        # A mandate is an authority's; a savings programme an authority's or a partnership's.
        shared = any(f.name == "partnership" for f in model._meta.concrete_fields)
        theirs = owned_q(owners) if shared else Q(authority__in=authorities)
        rows = restrict(user, model.objects.filter(theirs)).order_by()
        columns = ("authority", "partnership") if shared else ("authority",)
        for *whose, start, end in rows.values_list(*columns, first, last).distinct():
            owner = owner_of(*whose) if shared else ("authority", whose[0])
            # Clamped, so a year stored before the range was enforced cannot list thousands.
            start, end = max(start, financial_years.FIRST_YEAR), min(end, financial_years.LAST_YEAR)
            years[owner].update(range(start, end + 1))
    found: dict[int, dict[str, set[int]]] = {pk: defaultdict(set) for pk in authorities}
    # DISTINCT in SQL (with the models' default ordering cleared, or it joins the DISTINCT).
    for model, path in SAVINGS_YEARS + DATED:
        rows = restrict(user, model.objects.filter(**{f"{path}__in": authorities})).order_by()
        for pk, year in rows.values_list(path, "year").distinct():
            found[pk][model._meta.label].add(year)
            if (model, path) in DATED:
                years[("authority", pk)].add(year)
    # An authority with a year of its own holds a record; only the others are asked the
    # rule set's question (an EXISTS for each kind of record).
    reads = authorities_read(user)  # an officer is offered only their own authorities
    asked = [pk for pk in authorities if reads is None or pk in reads]
    unsure = [pk for pk in asked if not years[("authority", pk)]]
    holding = set(asked) - set(unsure)
    if unsure:
        held = authorities_with_records(user, Authority.objects.filter(pk__in=unsure))
        holding |= set(held.values_list("pk", flat=True))
    return {
        owner: Part(
            holds=owner[0] == "authority" and owner[1] in holding,
            years=frozenset(years[owner]),
            with_figures={label: frozenset(kept) for label, kept in found.get(owner[1], {}).items()}
            if owner[0] == "authority"
            else {},
        )
        for owner in owners
    }


def scope_choices(user) -> Choices:
    """The authorities and partnerships the reader may pick (``pickers``)."""
    return pickers(user).choices


def request_scope(request: HttpRequest) -> tuple[Scope, Pickers]:
    """The scope the address asks for (404 if the reader may not pick it), and the pickers."""
    offered = pickers(request.user)
    return resolve_scope(request.GET.get("scope", ""), offered.choices), offered
