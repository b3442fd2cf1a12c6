"""The basis: which paper's account of a saving every total counts, where two papers give it.

Seed 000's H&F mandate savings restate H&F's share of seed 003's Tri-borough business case
(``ProgrammeOverlap``). Added together they count H&F's savings twice (2014/15: £10.604m for
£5.3m of savings). Every total across programmes (the dashboards' savings page, overview and
comparison, the lines their exports list, the API's ``savings-programmes/totals/``) asks
``counting`` which cells count and says which programmes it used; nothing else decides it. A
paper's savings table (``savings.blocks``) is one programme's own account, as its paper
printed it, and adds nothing across programmes.

The rule, for each overlap, over the authorities taking part in both programmes:

- ``Basis.AGREED`` (the default): the earlier paper's account counts, the one the partners
  agreed (the business case, for all three boroughs alike);
- ``Basis.RESTATED``: the later paper's restatement counts (H&F's own mandate savings, with its
  year-by-year profile);
- an overlap of kind *supersedes* always counts the later account: a superseded account is no
  longer an alternative, whatever the basis.

The other account is *set aside* for those authorities: still on its programme's own page, as
its paper printed it, and beside the counted one on the data-quality page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum

from childrens_services import financial_years
from childrens_services.caching import authorities_read, cached_figures
from childrens_services.permissions import restrict
from savings.models import ProgrammeOverlap, SavingsProfile, SavingsProgramme

ZERO = Decimal(0)


class Basis(models.TextChoices):
    AGREED = "agreed", "As first agreed"
    RESTATED = "restated", "As restated"


DEFAULT = Basis.AGREED

#: What each basis means, for the radios that choose it.
HINTS = {
    Basis.AGREED: "Where a paper restates savings an earlier paper agreed, count the earlier "
    "paper's figures (for example the Tri-borough business case).",
    Basis.RESTATED: "Count the later paper's restatement instead (for example a borough's own "
    "mandate savings, year by year).",
}


class UnknownBasis(ValueError):
    """The basis asked for is not one of ``Basis``."""


def parse(text: str | None) -> Basis:
    """The basis a query string asks for; blank is the default."""
    if not text:
        return DEFAULT
    try:
        return Basis(text)
    except ValueError as exc:
        choices = " or ".join(f"“{b.value}”" for b in Basis)
        raise UnknownBasis(f"“{text[:20]}” is not a basis: choose {choices}.") from exc


# The rule itself, on plain values -----------------------------------------------------------


@dataclass(frozen=True)
class Overlap:
    """Two programmes' accounts of the same savings, for the authorities taking part in both."""

    later: int
    earlier: int
    kind: str
    authorities: frozenset[int]


@dataclass(frozen=True)
class SetAside:
    """A programme's cells that do not count for these authorities, and the one that does."""

    programme: int
    authorities: frozenset[int]
    counted_instead: int


def counts_later(kind: str, basis: Basis) -> bool:
    """Whether an overlap of ``kind`` counts its later account under ``basis``."""
    return kind == ProgrammeOverlap.Kind.SUPERSEDES or basis == Basis.RESTATED


def set_aside(overlaps: Iterable[Overlap], basis: Basis) -> list[SetAside]:
    """For each overlap, the account the basis does not count, over its shared authorities.

    A chain (C restates B, which restates A) leaves one account standing either way: the
    earliest when agreed, the latest when restated.
    """
    found = []
    for overlap in overlaps:
        if counts_later(overlap.kind, basis):
            found.append(SetAside(overlap.earlier, overlap.authorities, overlap.later))
        else:
            found.append(SetAside(overlap.later, overlap.authorities, overlap.earlier))
    return found


def counts(cell_programme: int, cell_authority: int, aside: Iterable[SetAside]) -> bool:
    """Whether one cell (a programme's figure for an authority) counts."""
    return not any(s.programme == cell_programme and cell_authority in s.authorities for s in aside)


# The rule asked of the records a user may read ------------------------------------------------


@dataclass
class Counting:
    """Which cells count for one user under one basis, and how to say so."""

    basis: Basis
    overlaps: list[ProgrammeOverlap]
    aside: list[SetAside] = field(default_factory=list)

    def q(self, programme: str = "line__programme", authority: str = "authority") -> Q:
        """The rows that count, for a queryset whose rows reach a programme and an authority
        by these paths (a profile cell, a delivery record)."""
        counted = Q()
        for s in self.aside:
            counted &= ~Q(**{programme: s.programme, f"{authority}__in": sorted(s.authorities)})
        return counted

    def key(self) -> tuple:
        """What decides which cells count, for the key of figures counted on it: the basis
        and the cells it sets aside (an overlap recorded between two programmes moves it)."""
        aside = sorted(
            (s.programme, tuple(sorted(s.authorities)), s.counted_instead) for s in self.aside
        )
        return (self.basis.value, tuple(aside))

    @property
    def choosable(self) -> bool:
        """Whether switching basis changes anything: an overlap other than a supersession."""
        return any(o.kind != ProgrammeOverlap.Kind.SUPERSEDES for o in self.overlaps)

    def within(self, authority_ids: list[int] | None) -> Counting:
        """Only the overlaps touching these authorities (``None``: all), to name on a page."""
        if authority_ids is None:
            return self
        wanted = set(authority_ids)
        kept = [
            (o, s) for o, s in zip(self.overlaps, self.aside, strict=True) if s.authorities & wanted
        ]
        return Counting(self.basis, [o for o, _ in kept], [s for _, s in kept])

    def statements(self) -> list[str]:
        """One sentence per overlap: which account counts, for whom, and which is set aside."""
        names = {o.programme_id: o.programme for o in self.overlaps}
        names |= {o.earlier_id: o.earlier for o in self.overlaps}
        sentences = []
        for overlap, s in zip(self.overlaps, self.aside, strict=True):
            who = ", ".join(a.short_name for a in overlap.shared_authorities())
            verb = overlap.get_kind_display().lower()
            how = f"which it {verb}" if s.programme == overlap.earlier_id else f"which {verb} it"
            sentences.append(
                f"{who}: counted from “{names[s.counted_instead]}”; set aside: "
                f"“{names[s.programme]}”, {how}."
            )
        return sentences


def counting(user, basis: Basis = DEFAULT) -> Counting:
    """The one rule, for the overlaps between programmes ``user`` may read both of: kept until
    an overlap or programme the user reads changes, since every savings page asks it first and
    reading it (the rule set's narrowing of programmes and overlaps) cost a repeated savings
    page a fifth of its time."""
    return cached_figures(
        "counting",
        user,
        (basis.value,),
        lambda: _counting(user, basis),
        authorities_read(user, ProgrammeOverlap),
    )


def _counting(user, basis: Basis) -> Counting:
    readable = restrict(user, SavingsProgramme.objects.all()).values("pk")
    overlaps = list(
        restrict(user, ProgrammeOverlap.objects.filter(earlier__in=readable))
        .select_related(
            "programme__authority",
            "programme__partnership",
            "earlier__authority",
            "earlier__partnership",
        )
        .prefetch_related("programme__partnership__members", "earlier__partnership__members")
    )
    plain = [
        Overlap(
            later=o.programme_id,
            earlier=o.earlier_id,
            kind=o.kind,
            authorities=frozenset(a.pk for a in o.shared_authorities()),
        )
        for o in overlaps
    ]
    return Counting(basis, overlaps, set_aside(plain, basis))


# The two accounts side by side, for the data-quality page ------------------------------------


@dataclass(frozen=True)
class Difference:
    """One authority's saving in one year by each account, and how far apart they are."""

    authority: str
    year: int
    earlier: Decimal | None
    later: Decimal | None

    @property
    def year_label(self) -> str:
        return financial_years.label(self.year)

    @property
    def difference(self) -> Decimal | None:
        if self.earlier is None or self.later is None:
            return None
        return self.later - self.earlier


def compare_accounts(
    earlier: dict[tuple[str, int], Decimal], later: dict[tuple[str, int], Decimal]
) -> list[Difference]:
    """Each (authority, year) either account gives, with both figures; a year only one paper
    covers shows the other as missing, not as nought."""
    return [
        Difference(authority, year, earlier.get((authority, year)), later.get((authority, year)))
        for authority, year in sorted(set(earlier) | set(later), key=lambda k: (k[0], k[1]))
    ]


def _account(programme: SavingsProgramme, authority_ids: list[int]) -> dict:
    rows = (
        SavingsProfile.objects.filter(line__programme=programme, authority__in=authority_ids)
        .order_by()
        .values("authority__short_name", "year")
        .annotate(total=Sum("amount"))
    )
    return {(r["authority__short_name"], r["year"]): r["total"] for r in rows}


@dataclass
class OverlapReport:
    overlap: ProgrammeOverlap
    counted_now: str
    differences: list[Difference]

    @property
    def differing(self) -> list[Difference]:
        return [d for d in self.differences if d.difference]


def overlap_reports(found: Counting) -> list[OverlapReport]:
    """Each overlap with both accounts' totals per shared authority and year."""
    reports = []
    for overlap, s in zip(found.overlaps, found.aside, strict=True):
        shared = [a.pk for a in overlap.shared_authorities()]
        counted = (
            overlap.programme if s.counted_instead == overlap.programme_id else overlap.earlier
        )
        reports.append(
            OverlapReport(
                overlap=overlap,
                counted_now=str(counted),
                differences=compare_accounts(
                    _account(overlap.earlier, shared), _account(overlap.programme, shared)
                ),
            )
        )
    return reports


# Totals across programmes, for the API ------------------------------------------------------


@dataclass
class CountedTotals:
    """Savings reached in each year across every programme a user may read, each saving once."""

    counting: Counting
    by_year: dict[int, Decimal]
    by_authority: dict[tuple[str, int], Decimal]
    programmes: list[SavingsProgramme]


def counted_totals(user, basis: Basis, authority_ids: list[int] | None) -> CountedTotals:
    """The cells ``user`` may read, for these authorities (``None``: all), that count on
    ``basis``, summed by the database per authority and year."""
    found = counting(user, basis)
    cells = restrict(user, SavingsProfile.objects.filter(found.q())).order_by()
    if authority_ids is not None:
        cells = cells.filter(authority__in=authority_ids)
    rows = cells.values("authority__short_name", "year").annotate(total=Sum("amount"))
    by_authority = {(r["authority__short_name"], r["year"]): r["total"] for r in rows}
    by_year: dict[int, Decimal] = {}
    for (_authority, year), amount in sorted(by_authority.items(), key=lambda kv: kv[0][1]):
        by_year[year] = by_year.get(year, ZERO) + amount
    programmes = SavingsProgramme.objects.filter(pk__in=cells.values("line__programme")).order_by(
        "name", "pk"
    )
    return CountedTotals(
        counting=found.within(authority_ids),
        by_year=dict(sorted(by_year.items())),
        by_authority=dict(sorted(by_authority.items())),
        programmes=list(programmes),
    )
