"""What a dashboard page is about: one authority, one partnership or all, and a financial year.

Read from the query string (``?scope=205`` by DfE code, ``?scope=Tri-borough`` by partnership
short name, none for all; ``?year=2012/13``). A scope the user may not look at is answered as
if it did not exist (404), so the page does not reveal whose records exist; a year that is not
a financial year, or one with no figures, is a 400 that names the years there are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe

from childrens_services import financial_years
from childrens_services.caching import authorities_read, cached_value
from governance.models import Authority, Partnership, PartnershipMember


class BadQuery(ValueError):
    """A value in the query string the page cannot read; the page answers 400 saying why."""


class BadYear(BadQuery):
    """The ``year`` asked for is not a financial year the dashboards hold figures for."""


@dataclass(frozen=True)
class Scope:
    """One authority, one partnership (its members' records and its own), or everything."""

    authority: Authority | None = None
    partnership: Partnership | None = None
    member_ids: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        if self.authority is not None:
            return self.authority.dfe_code
        if self.partnership is not None:
            return self.partnership.short_name
        return ""

    @property
    def name(self) -> str:
        """The authority's or partnership's name, for titles: never its code."""
        if self.authority is not None:
            return self.authority.name
        if self.partnership is not None:
            return self.partnership.name
        return ""

    @property
    def label(self) -> str:
        if self.authority is not None:
            return self.authority.name
        if self.partnership is not None:
            return f"{self.partnership.name} (its own and its members' records)"
        return "All authorities you can see"

    @property
    def authority_ids(self) -> list[int] | None:
        """The authorities whose records are in scope; ``None`` means no narrowing."""
        if self.authority is not None:
            return [self.authority.pk]
        if self.partnership is not None:
            return list(self.member_ids)
        return None

    def authorities_read(self, user) -> frozenset[int] | None:
        """The authorities whose records the scope's figures read, for the key they are cached
        under (``caching.cached_figures``), so an edit in another borough leaves them served:
        the authority; a partnership's members and its lead (its own records count against
        each); for every authority, what the user reads (``None``, every one, but for an
        officer). Reference data counts against the shared generation, in every key."""
        if self.authority is not None:
            return frozenset({self.authority.pk})
        if self.partnership is not None:
            return frozenset({*self.member_ids, self.partnership.lead_authority_id})
        return authorities_read(user)

    def q(self, authority_path: str = "authority") -> Q:
        """Records of an authority-owned model (owner reached through ``authority_path``)."""
        ids = self.authority_ids
        return Q() if ids is None else Q(**{f"{authority_path}__in": ids})

    def contracts_q(self) -> Q:
        """Contracts: an authority's own; a partnership's own and its members'."""
        if self.partnership is not None:
            return Q(partnership=self.partnership) | Q(authority__in=self.member_ids)
        return self.q()

    def owners(self) -> dict[Owner, frozenset[int]]:
        """Whose records ``contracts_q`` takes in (an authority's own; a partnership's own and
        its members'; every authority's and partnership's), each owner with the authorities
        whose generations count a change to its records (``caching.cached_per_part``): an
        authority itself, a partnership its members and its lead (``authorities_of``)."""
        ids = self.authority_ids
        if ids is None:
            ids = [authority.pk for authority in authorities_by_name()]
        owners = {("authority", pk): frozenset({pk}) for pk in ids}
        if self.authority is not None:
            return owners
        readers = partnership_readers()
        if self.partnership is not None:
            readers = {self.partnership.pk: readers.get(self.partnership.pk, frozenset())}
        owners.update({("partnership", pk): found for pk, found in readers.items()})
        return owners


def authorities_by_name() -> list[Authority]:
    """Every authority (the DfE's list, reference data), by name: kept until reference data
    changes (the shared generation alone), not read again after every edit in a borough."""
    return cached_value(
        "authorities-by-name",
        (),
        lambda: list(Authority.objects.order_by("name")),
        frozenset(),
        shared_in_process=True,
    )


def partnership_readers() -> dict[int, frozenset[int]]:
    """Each partnership's id with its lead and members, whose generations a change to its
    records counts against (``caching.authorities_of``); kept, as reference data, until
    reference data changes."""

    def read() -> dict[int, frozenset[int]]:
        readers: dict[int, set[int]] = defaultdict(set)
        rows = Partnership.objects.order_by().values_list("pk", "lead_authority", "members")
        for pk, lead, member in rows:
            readers[pk] |= {lead, member} - {None}
        return {pk: frozenset(found) for pk, found in readers.items()}

    return cached_value("partnership-readers", (), read, frozenset(), shared_in_process=True)


#: An owner of authority-or-partnership records: ``("authority", id)`` or ``("partnership", id)``.
Owner = tuple[str, int]


def owned_q(owners: Collection[Owner]) -> Q:
    """The records of ``owners`` (``Scope.owners``), by their ``authority`` or ``partnership``."""
    authorities = [pk for kind, pk in owners if kind == "authority"]
    partnerships = [pk for kind, pk in owners if kind == "partnership"]
    return Q(authority__in=authorities) | Q(partnership__in=partnerships)


def owner_of(authority: int | None, partnership: int | None) -> Owner:
    """The owner of a record read as its ``authority`` and ``partnership`` ids (one is set)."""
    return ("authority", authority) if authority else ("partnership", partnership)


@dataclass(frozen=True)
class Choices:
    """The scopes a user may pick: authorities with records they can see, and partnerships."""

    authorities: list[Authority] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)

    def authority_options(self, selected: str) -> SafeString:
        """The scope picker's ``<option>`` of each authority, the one ``selected`` (a scope's
        ``key``) marked: drawn here, not by a template loop, which for 153 authorities was a
        third of a repeated dashboard page's time."""
        return _options(((a.dfe_code, a.name) for a in self.authorities), selected)

    def partnership_options(self, selected: str) -> SafeString:
        """The scope picker's ``<option>`` of each partnership (as ``authority_options``)."""
        return _options(((p.short_name, p.name) for p in self.partnerships), selected)


def _options(choices, selected: str) -> SafeString:
    # html.escape with quotes, as Django's ``escape`` (a few microseconds less an option than
    # ``format_html_join``, whose checks dominated 153 options).
    drawn = (
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(label)}</option>"
        for value, label in choices
    )
    return mark_safe("".join(drawn))  # noqa: S308 - each value and label escaped above


def resolve_scope(key: str, choices: Choices) -> Scope:
    """The scope named by ``key`` among ``choices``; 404 for anything else."""
    key = key.strip()
    if not key:
        return Scope()
    for authority in choices.authorities:
        if key == authority.dfe_code:
            return Scope(authority=authority)
    for partnership in choices.partnerships:
        if key == partnership.short_name:
            members = PartnershipMember.objects.filter(partnership=partnership)
            return Scope(
                partnership=partnership,
                member_ids=tuple(sorted(members.values_list("authority_id", flat=True))),
            )
    raise Http404("There is no authority or partnership of that name that you can see.")


def default_year(with_figures: Collection[int], years: list[int], today: dt.date) -> int:
    """The year a page opens on when none is asked for.

    The current financial year when the scope has figures in it; else the latest year with
    figures before it; else the first with figures after it (a plan that starts next year).
    ``with_figures`` are the years the scope's own records have figures for; a year merely
    inside a mandate's or programme's period (``years``, the picker's) is not enough, or a
    page would open on a year where nothing is planned. With no figures at all it is the
    current year if offered, else the latest offered before it, else the first offered.
    """
    current = financial_years.of_date(today)
    found = sorted(set(with_figures) & set(years))
    if found:
        earlier = [year for year in found if year <= current]
        return max(earlier) if earlier else min(found)
    earlier = [year for year in years if year <= current]
    if current in years or not years:
        return current
    return max(earlier) if earlier else min(years)


def year_pointer(year: int, with_figures: Collection[int], today: dt.date) -> str:
    """What a page opened on its default year says when that is not the current year: that
    the current year has no figures and which year is shown instead. Empty otherwise, and
    when the scope has figures in no year (there is then no year to point to)."""
    current = financial_years.of_date(today)
    if year == current or year not in with_figures:
        return ""
    which = "latest" if year < current else "nearest"
    return (
        f"There are no figures for {financial_years.label(current)}, the current financial "
        f"year, so the {which} year with figures, {financial_years.label(year)}, is shown."
    )


def parse_year(
    text: str, years: list[int], today: dt.date, with_figures: Collection[int] = ()
) -> int:
    """The financial year asked for (``2012/13`` or ``2012``), or the default one
    (``default_year``)."""
    text = text.strip()
    if not text:
        return default_year(with_figures, years, today)
    try:
        if re.fullmatch(r"[0-9]{4}", text):
            year = financial_years.check_year(int(text))
        else:
            year = financial_years.parse(text)
    except ValueError as exc:
        raise BadYear(f"“{text[:20]}” is not a financial year such as 2012/13: {exc}") from exc
    if year not in years:
        offered = ", ".join(financial_years.label(y) for y in years) or "none yet"
        raise BadYear(
            f"There are no figures for {financial_years.label(year)}. Years with figures: "
            f"{offered}."
        )
    return year


def as_at(year: int, today: dt.date) -> dt.date:
    """The date "this quarter" and "the next 12 months" count from: today within the chosen
    year, otherwise the year's first day (so a past year shows what was ahead of it then)."""
    start, end = financial_years.start_date(year), financial_years.end_date(year)
    return today if start <= today <= end else start


#: The longest renewals window one may ask for, in months.
MOST_MONTHS = 60


def parse_window(on: str, months: str, default_on: dt.date, default_months: int):
    """The window a renewals list looks ahead over: from ``on`` (an ISO date such as
    2012-09-01, else ``default_on``) for ``months`` months (1 to 60, else ``default_months``)."""
    try:
        start = dt.date.fromisoformat(on.strip()) if on.strip() else default_on
    except ValueError as exc:
        raise BadQuery(f"“{on[:20]}” is not a date such as 2012-09-01.") from exc
    try:
        length = int(months) if months.strip() else default_months
    except ValueError as exc:
        raise BadQuery(f"“{months[:20]}” is not a number of months.") from exc
    if not 1 <= length <= MOST_MONTHS:
        raise BadQuery(f"Choose a window of 1 to {MOST_MONTHS} months.")
    return start, length


def query_string(**params: str | int | None) -> str:
    """``?scope=205&year=2012`` with empty values left out."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""
