"""Scrutiny dashboards: read-only pages for councillors, clerks and officers.

Every page is about one scope (an authority, a partnership, or all the user can see) and one
financial year, chosen in the query string (``dashboards.scope``). Figures come from
``dashboards.figures``, which asks each app's own computations. Officers also get "Edit" links
into the admin on records they write.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import chain

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template import Context
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from childrens_services import charts, financial_years, formatting
from childrens_services.caching import (
    authorities_read,
    cached_figures,
    cached_per_authority,
    cached_per_part,
)
from childrens_services.generic import ScopedTableView, offer_under
from childrens_services.permissions import may, restrict
from childrens_services.templatetags.govuk_tables import rows_drawn
from commissioning.filtersets import ContractFilterSet
from commissioning.models import Contract
from commissioning.tables import ContractTable, RenewalTable
from dashboards import figures, pickers
from dashboards.columns import EditColumn
from dashboards.scope import (
    BadQuery,
    Choices,
    Scope,
    as_at,
    owner_of,
    parse_window,
    parse_year,
    query_string,
    resolve_scope,
    year_pointer,
)
from mandates.filtersets import AssetFilterSet
from mandates.models import Asset, Milestone
from mandates.tables import AssetTable
from savings import basis as basis_rule
from savings.filtersets import SavingsLineFilterSet
from savings.models import SavingsLine
from savings.tables import SavingsLineTable
from scrutiny.views import late_items

#: The dashboard pages in the order of the sub-navigation: (URL name, label).
PAGES = [
    ("dashboards:overview", "Overview"),
    ("dashboards:savings", "Savings"),
    ("dashboards:budgets", "Budgets and capital"),
    ("dashboards:contracts", "Contracts register"),
    ("dashboards:renewals", "Renewals timeline"),
    ("dashboards:commissioning", "Commissioning plan"),
    ("dashboards:assets", "Assets"),
    ("dashboards:milestones", "Milestones"),
    ("dashboards:measures", "Success measures"),
    ("dashboards:recommendations", "Scrutiny recommendations"),
    ("dashboards:compare", "Compare authorities"),
]


def edit_column(user, model) -> dict:
    """A table's keyword arguments adding the "Edit" column for staff the rule set lets change
    some ``model`` records (asked of the rules, not ``has_perm``, which reads the database's
    permission tables first)."""
    if user.is_staff and may(user, "change", None, model):
        return {"extra_columns": [("edit", EditColumn())]}
    return {}


class DashboardMixin(LoginRequiredMixin):
    """Resolves the scope (404 if unknown) and the year (400 page if bad) before the page."""

    title = ""
    url_name = ""
    #: The records whose years this page's figures are for: without a year asked for, it opens
    #: on the latest one they have in the scope (``pickers.Pickers.years_with_figures``).
    year_records = pickers.OVERVIEW_YEARS
    #: Whether the page's figures are for a year: a page showing every period, or as things
    #: stand today, offers no year to choose and says none (it would say a year it ignores).
    uses_year = True
    savings_basis = basis_rule.DEFAULT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("mandates.view_mandate"):
            raise PermissionDenied("Your account has no role yet; ask an administrator for one.")
        self.scope, self.pickers = pickers.request_scope(request)
        self.choices = self.pickers.choices
        self.years = self.pickers.years
        try:
            self.read_query(request.GET, timezone.localdate())
        except BadQuery as exc:
            context = {
                "problem": "There is a problem with the year",
                "errors": [str(exc)],
                "way_back": f"Show {(self.title or 'the dashboard').lower()} for the latest year",
                "breadcrumbs": self.crumbs(),
            }
            return render(request, "generic/bad_request.html", context, status=400)
        return super().dispatch(request, *args, **kwargs)

    def read_query(self, query, today) -> None:
        """The year, the date the page counts from and today (overdue is counted to today
        whatever the year), and the basis savings are counted on (``savings.basis``); a page
        reading more adds to it."""
        text = query.get("year", "")
        with_figures = (
            ()
            if text.strip() or not self.uses_year
            else self.pickers.years_with_figures(self.scope, self.year_records)
        )
        self.year = parse_year(text, self.years, today, with_figures)
        self.year_asked = bool(text.strip())
        self.year_pointer = year_pointer(self.year, with_figures, today)
        self.today = today
        self.on = as_at(self.year, today)
        try:
            self.savings_basis = basis_rule.parse(query.get("basis"))
        except basis_rule.UnknownBasis as exc:
            raise BadQuery(str(exc)) from exc

    @property
    def breadcrumbs(self) -> list[tuple[str, str]]:
        return self.crumbs()

    def crumbs(self) -> list[tuple[str, str]]:
        if self.url_name == "dashboards:overview":
            return [("", "Dashboards")]
        return [(reverse("dashboards:overview"), "Dashboards"), ("", self.title)]

    def query(self, **extra) -> str:
        """The scope, year and basis for links to the other pages; a year the page chose for
        itself is left for the next page to choose (each opens on the year its own figures
        have); the default basis is left out."""
        year = financial_years.label(self.year) if self.year_asked else None
        basis = None if self.savings_basis == basis_rule.DEFAULT else self.savings_basis.value
        return query_string(scope=self.scope.key, year=year, basis=basis, **extra)

    def shows_each(self, authorities: Collection[int]) -> bool:
        """Whether the page shows each authority's records in full: for one authority or a
        partnership, or where only one authority has any. Across all authorities a page compares
        them in one table instead, each row linking to that authority's own page: nationally
        the records run to a thousand rows and more (some 1,230 success measures of the latest
        mandates, 1,800 milestones a year, 154 charts) that no member could read through."""
        return self.scope.authority_ids is not None or len(authorities) <= 1

    def compared_then_each(
        self,
        ids: list[int],
        compare: Callable[[list[int]], dict[int, DrawnPart]],
        each: Callable[[list[int]], dict[int, DrawnPart]],
    ) -> tuple[list[DrawnPart], list[DrawnPart]]:
        """The page's two views of the authorities ``ids``: each one's line of a comparison
        (``compare``; a nameless part for one with nothing to show) where more than one has
        something to show, and each one's records in full (``each``) where ``shows_each``
        says so; both by name, and both counting only the authorities with something to show
        (the demo's second mandate has no measures: a comparison of one would be no use)."""
        lines: dict[int, DrawnPart] = {}
        if len(ids) > 1:
            lines = {pk: part for pk, part in compare(ids).items() if part.name}
            ids = list(lines)
        drawn = each(ids) if self.shows_each(ids) else {}
        return DrawnPart.ordered(lines) if len(lines) > 1 else [], DrawnPart.ordered(drawn)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query()
        context.update(
            title=self.title,
            breadcrumbs=self.crumbs(),
            scope=self.scope,
            choices=self.choices,
            authority_options=self.choices.authority_options(self.scope.key),
            partnership_options=self.choices.partnership_options(self.scope.key),
            year=self.year,
            year_label=financial_years.label(self.year),
            uses_year=self.uses_year,
            year_pointer=self.year_pointer,
            years=[(y, financial_years.label(y)) for y in self.years],
            on=self.on,
            today=self.today,
            query=query,
            basis=self.savings_basis,
            basis_param=""
            if self.savings_basis == basis_rule.DEFAULT
            else self.savings_basis.value,
            bases=[(b, b.label, basis_rule.HINTS[b]) for b in basis_rule.Basis],
            pages=[(reverse(name) + query, label, name == self.url_name) for name, label in PAGES],
        )
        return context


class DashboardPage(DashboardMixin, TemplateView):
    """A dashboard page whose body (``page_template`` drawn from ``page_context()``) is drawn
    once per view of the records, address and date until a record changes
    (``childrens_services.caching``): at national scale the figures read tens of thousands of
    rows and the body of an all-authorities page holds hundreds of them."""

    page_template = ""

    def page_context(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.page_template:

            def draw() -> str:
                page = {**context, **self.page_context()}
                return render_to_string(self.page_template, page, request=self.request)

            parts = (self.request.get_full_path(), self.on, self.today)
            context["page_html"] = cached_figures(
                self.url_name, self.request.user, parts, draw, self.authorities_read()
            )
        return context

    def authorities_read(self) -> frozenset[int] | None:
        """The authorities whose records the page body reads (``Scope.authorities_read``)."""
        return self.scope.authorities_read(self.request.user)


class DashboardTable(DashboardMixin, ScopedTableView):
    """A dashboard's table page: the shared list view narrowed to the scope.

    A subclass declares, besides the list view's queryset, filterset and table:
    ``in_scope(rows, user, scope)``, the rows of the scope; ``choices_in_scope``, filter
    fields whose choices narrow to the scope (``{name: f(choices, scope)}``; across every
    authority a field offers only what the address names, and says to choose an authority:
    ``generic.offer_under``);
    ``summary(user, scope, year, rows)``, the figures printed above the table by
    ``dashboards/_<page>_summary.html`` (``<page>`` from ``url_name``), drawn once per scope,
    year and filters until a record changes; and
    ``columns_in_scope(rows, user, scope)``, the table's keyword arguments for columns the
    scope decides (the savings lines' amounts by year), with the rows annotated for them.
    """

    template_name = "dashboards/table_page.html"
    choices_in_scope: dict = {}
    summary = None
    #: The lookup from a row to the authority or partnership owning it (``""``: the row's own
    #: ``authority`` and ``partnership``): the rows are then counted per owner
    #: (``figures.count_per_owner``); ``None``, counted whole after every edit.
    owned_through: str | None = None

    @staticmethod
    def in_scope(rows, user, scope):
        return rows

    @staticmethod
    def columns_in_scope(rows, user, scope) -> dict:
        return {}

    def rows(self, filtered):
        return self.in_scope(filtered, self.request.user, self.scope)

    def count_rows(self, rows) -> int | None:
        if self.owned_through is None or rows.query.distinct:
            return None
        return figures.count_per_owner(self.request.user, rows, self.owned_through)

    def rendered(self, table) -> dict:
        if self.owned_through is not None:
            self.keep_rows_drawn(table)
        return super().rendered(table)

    def keep_rows_drawn(self, table) -> None:
        """Each row of the page kept drawn under the generations of the authorities that read
        its record's owner (``caching.cached_per_part``): after an edit in one borough only
        its records' rows are drawn again, not the page's 250. The key holds the address
        (scope, year, basis, filters), the table's columns (a year's column appears with the
        first amount anyone records in it), the dates the page counts from and what
        ``row_parts`` adds."""
        rows = {row.record.pk: row for row in table.paginated_rows}
        readers = Scope().owners()  # each owner with the authorities that read its records
        owning = self.owned_through.removesuffix("__")

        def whose(record) -> frozenset[int]:
            owner = getattr(record, owning) if owning else record
            return readers[owner_of(owner.authority_id, owner.partnership_id)]

        def draw(missing: list[int]) -> dict[int, str]:
            drawn = rows_drawn(Context(), table, [rows[pk] for pk in missing])
            return dict(zip(missing, drawn, strict=True))

        columns = tuple(column.name for column in table.columns)
        parts = (self.request.get_full_path(), columns, self.on, self.today, *self.row_parts())
        kept = cached_per_part(
            "table-row",
            self.request.user,
            parts,
            {pk: whose(row.record) for pk, row in rows.items()},
            draw,
        )
        table.drawn = [kept[pk] for pk in rows]

    def row_parts(self) -> tuple:
        """What else a row's HTML depends on besides its record and its owner's records."""
        return ()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for name, narrow in self.choices_in_scope.items():
            field = filterset.form.fields[name]
            scoped = self.scope.authority_ids is not None
            under = narrow(field.queryset, self.scope) if scoped else None
            offer_under(field, under, self.request.GET.getlist(name), "authority")
        return filterset

    def get_table_kwargs(self):
        return {
            **super().get_table_kwargs(),
            **self.columns_in_scope(self.object_list, self.request.user, self.scope),
            **edit_column(self.request.user, self.object_list.model),
        }

    def download_scope(self) -> list[tuple[str, str]]:
        year = financial_years.label(self.year)
        return [
            ("Scope", self.scope.label),
            ("Year", f"{year} (the year chosen on the page; the rows are not limited to it)"),
        ]

    def get_export_filename(self, export_format):
        slug = (self.scope.key or "all").replace("&", "and").replace(" ", "-")
        return f"{self.url_name.split(':')[1]}-{slug}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.summary is not None:
            context["summary_html"] = cached_figures(
                f"{self.url_name}-summary",
                self.request.user,
                (self.scope.key, self.year, self.filters()),
                self.draw_summary,
                self.authorities_read(),
            )
        return context

    def authorities_read(self) -> frozenset[int] | None:
        """The scope's authorities (``Scope.authorities_read``): the table, its filters'
        choices (narrowed to the scope, or reference data) and the summary read no others."""
        return self.scope.authorities_read(self.request.user)

    def filters(self) -> list[tuple[str, tuple[str, ...]]]:
        """The filter values asked for, in a fixed order (not the page, sorting or download)."""
        return sorted(
            (key, tuple(values))
            for key, values in self.request.GET.lists()
            if key not in ("page", "sort", "per_page", self.export_trigger_param)
        )

    def draw_summary(self) -> str:
        summary = self.summary(self.request.user, self.scope, self.year, self.object_list)
        context = {**summary, "year_label": financial_years.label(self.year)}
        page = self.url_name.split(":")[1]
        return render_to_string(f"dashboards/_{page}_summary.html", context)


class OverviewView(DashboardPage):
    template_name = "dashboards/overview.html"
    title = "Dashboards overview"
    url_name = "dashboards:overview"

    page_template = "dashboards/pages/overview.html"

    def page_context(self) -> dict:
        overview = figures.overview(
            self.request.user, self.scope, self.year, self.on, self.today, self.savings_basis
        )
        return {"overview": overview}


def savings_summary(user, totals: figures.SavingsTotals) -> dict:
    """The savings page's totals (``figures.savings_totals``) as the summary template reads
    them, with the chart of the first grouping (by confidence) and the basis they count on."""
    year_labels = [financial_years.label(y) for y in totals.years]
    by_confidence = dict(totals.groupings[0][2])
    return {
        "by_year": [(financial_years.label(y), totals.by_year[y]) for y in totals.years],
        "year_cells": totals.by_year,
        "groupings": [
            (heading, key, grouping_rows(user, totals, key, rows))
            for heading, key, rows in totals.groupings
        ],
        "year_labels": year_labels,
        "position": totals.position,
        "counting": totals.counting,
        "programmes": totals.programmes,
        # Joined here, not in a template loop or format_html each: across every authority
        # they are 1,530 names. ``html.escape`` is what Django's ``escape`` applies.
        "programmes_named": mark_safe(  # noqa: S308 - every name escaped
            "; ".join(f"“{html.escape(name)}”" for name in totals.programmes)
        ),
        "chart": charts.bar_chart(
            "Savings planned by financial year (£, saving reached against the base)",
            year_labels,
            by_confidence,
            "£",
            pounds=True,
        )
        if totals.years
        else "",
    }


def grouping_rows(user, totals: figures.SavingsTotals, key: str, rows: list) -> SafeString:
    """The rows of one of the savings page's totals tables as HTML. The by-authority table of
    totals read per authority (``figures.summarised_totals``) is drawn one authority at a
    time, each row kept under its authority's generation: a page about every authority draws
    again, after an edit in one borough, that borough's row, not 153."""
    if key != "authority" or totals.authorities is None:
        return draw_rows(rows)
    values = dict(rows)

    def draw(missing: list[int]) -> dict[int, SafeString]:
        names = {pk: part.name for pk, part in totals.authorities}
        return {
            pk: draw_rows([(names[pk], values[names[pk]])] if names[pk] in values else [])
            for pk in missing
        }

    drawn = cached_per_authority(
        "savings-authority-row",
        user,
        (*totals.parts, tuple(totals.years)),
        [pk for pk, _ in totals.authorities],
        draw,
    )
    return mark_safe("".join(drawn[pk] for pk, _ in totals.authorities))  # noqa: S308 - drawn below


def draw_rows(rows: list) -> SafeString:
    """``dashboards/_savings_rows.html``'s autoescaped output, without the file's last line
    end, so rows drawn apart join as the table's rows drawn at once would."""
    drawn = render_to_string("dashboards/_savings_rows.html", {"rows": rows})
    return mark_safe(drawn.removesuffix("\n"))  # noqa: S308 - the template's own output


class ContractsView(DashboardTable):
    queryset = Contract.objects.all()
    table_class = ContractTable
    filterset_class = ContractFilterSet
    title = "Contracts register"
    url_name = "dashboards:contracts"
    in_scope = staticmethod(figures.scoped_contracts)


class AssetsView(DashboardTable):
    """The assets of each authority's latest mandate, with their money above the table."""

    queryset = Asset.objects.all()
    table_class = AssetTable
    filterset_class = AssetFilterSet
    template_name = "dashboards/assets.html"
    title = "Assets pipeline"
    url_name = "dashboards:assets"
    in_scope = staticmethod(figures.scoped_assets)
    summary = staticmethod(figures.assets_summary)


class CountedOnBasis:
    """A savings table page whose lines and totals count each saving once, on the basis the
    reader chose (``savings.basis``; read with the scope and year by ``DashboardMixin``),
    asked once for the page."""

    @property
    def basis(self) -> basis_rule.Basis:
        """The basis, named in the block above the page's downloads
        (``childrens_services.generic``): only a page counting savings has one."""
        return self.savings_basis

    @cached_property
    def counting(self):
        return basis_rule.counting(self.request.user, self.savings_basis)

    def in_scope(self, rows, user, scope):
        return figures.scoped_savings_lines(rows, user, scope, self.counting)

    def row_parts(self) -> tuple:
        """A line's amounts count on the basis: which cells it sets aside (another
        programme's overlap can change them)."""
        return self.counting.key()

    @cached_property
    def totals(self) -> figures.SavingsTotals:
        """The totals above the lines, read once for the summary and the table's columns."""
        return figures.savings_totals(
            self.request.user,
            self.scope,
            self.year,
            self.object_list,
            self.counting,
            self.summarised_filters(),
        )

    def summary(self, user, scope, year: int, rows) -> dict:
        return savings_summary(user, self.totals)

    def summarised_filters(self) -> dict | None:
        """The filters asked for, when the summary rows can answer all of them
        (``figures.SUMMARISED_FILTERS``); ``None`` sends the totals to the cells."""
        if not self.filterset.is_bound:
            return {}
        form = self.filterset.form
        if not form.is_valid():
            return None
        asked = {name: value for name, value in form.cleaned_data.items() if value}
        return asked if set(asked) <= figures.SUMMARISED_FILTERS else None

    def columns_in_scope(self, rows, user, scope) -> dict:
        # The years the totals have are the years any line has an amount in: the summary
        # rows counted once, not read again.
        summarised = self.summarised_filters()
        years = self.totals.years if summarised is not None else None
        return figures.savings_lines_by_year(rows, user, scope, self.counting, years)


class SavingsLinesView(CountedOnBasis, DashboardTable):
    """Savings by year, confidence, funding and authority, above the lines they add up from."""

    queryset = SavingsLine.objects.all()
    table_class = SavingsLineTable
    filterset_class = SavingsLineFilterSet
    owned_through = "programme__"
    template_name = "dashboards/savings.html"
    title = "Savings"
    url_name = "dashboards:savings"
    year_records = pickers.SAVINGS_YEARS
    choices_in_scope = {"programme": figures.programmes_taking_part}


class SavingsLineView(DashboardPage):
    """One savings line: its profile per authority per year, and its recorded history."""

    template_name = "dashboards/savings_line.html"
    title = "Savings line"
    url_name = "dashboards:savings"
    year_records = pickers.SAVINGS_YEARS

    def crumbs(self):
        return [
            (reverse("dashboards:overview"), "Dashboards"),
            (reverse("dashboards:savings") + self.query(), "Savings"),
            ("", self.title),
        ]

    def get_context_data(self, **kwargs):
        line = get_object_or_404(
            restrict(self.request.user, SavingsLine.objects.select_related("programme")),
            pk=self.kwargs["pk"],
        )
        self.title = line.description
        context = super().get_context_data(**kwargs)
        profile = figures.line_profile(line)
        context.update(
            line=line,
            year_labels=[financial_years.label(y) for y in profile.years],
            grid=profile.rows,
            history=line.history.select_related("history_user").order_by("-history_date")[:50],
        )
        return context


class RenewalsView(DashboardPage):
    """Contracts whose renewal decision falls due in the window (12 months from the year's
    as-at date unless ``on`` and ``months`` say otherwise), by quarter; those past their date
    with no decision; those given in words; the candidates for joint procurement."""

    template_name = "dashboards/renewals.html"
    title = "Renewals timeline"
    url_name = "dashboards:renewals"

    #: Contracts listed under each heading; the counts are of them all (7,500 contracts come
    #: up for renewal in a year across every authority).
    listed = 50

    page_template = "dashboards/pages/renewals.html"

    def read_query(self, query, today) -> None:
        super().read_query(query, today)
        self.on, self.months = parse_window(
            query.get("on", ""), query.get("months", ""), self.on, figures.RENEWAL_MONTHS
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(months=self.months, **kwargs)

    def page_context(self) -> dict:
        """The headings, each listed contract's row kept drawn under its owner's readers'
        generations (``caching.cached_per_part``): after an edit in one borough only its
        contracts' rows among those listed are read and drawn again."""
        user = self.request.user
        found = figures.renewal_headings(user, self.scope, self.on, self.months, self.listed)
        columns = tuple(column.name for column in self.renewal_table([]).columns)
        rows = cached_per_part(
            "renewal-row",
            user,
            columns,
            {pk: found.readers[found.owners[pk]] for pk in found.listed()},
            self.draw_rows,
        )
        drawn = found.listing(rows.__getitem__)
        counts = found.quarter_counts
        return {
            "renewals": found,
            "quarters": [
                self.contract_table(listed, self.quarter_caption(label, count, listed))
                for label, count, listed in drawn.quarters
            ],
            "overdue": self.contract_table(drawn.overdue, "Past their renewal date", shown=False),
            "undated": self.contract_table(drawn.undated, "Renewals given in words", shown=False),
            "joint": self.contract_table(
                drawn.joint, "Potential tri-borough contracts", shown=False
            ),
            "chart": charts.bar_chart(
                "Contracts due for renewal by quarter",
                list(counts),
                {"Contracts": list(counts.values())},
                "Number of contracts",
            )
            if counts
            else "",
        }

    def draw_rows(self, ids: list[int]) -> dict[int, str]:
        """The renewal table's row of each contract of ``ids``, drawn; none for one deleted
        since it was listed (its owner's generation has moved on, so nothing keeps that)."""
        contracts = figures.listed_contracts(self.request.user, self.scope, ids)
        present = [pk for pk in ids if pk in contracts]
        table = self.renewal_table([contracts[pk] for pk in present])
        drawn = dict(zip(present, rows_drawn(Context(), table), strict=True))
        return {pk: drawn.get(pk, "") for pk in ids}

    @staticmethod
    def quarter_caption(label: str, count: int, listed: list) -> str:
        caption = f"{label}: {count} contract{pluralize(count)}"
        if count > len(listed):
            caption += f", the first {len(listed)} to fall due listed"
        return caption

    def renewal_table(self, contracts: list[Contract]) -> RenewalTable:
        """The register's renewal table of ``contracts``, with officers' Edit links."""
        table = RenewalTable(contracts, **edit_column(self.request.user, Contract))
        RequestConfig(self.request, paginate=False).configure(table)
        return table

    def contract_table(self, drawn: list[str], caption: str, shown: bool = True) -> RenewalTable:
        """The renewal table of the contracts whose rows are ``drawn`` (``draw_rows``).

        ``shown=False`` keeps the caption for screen readers only, where the page's own heading
        above the table already says it (a sighted reader would otherwise read it twice)."""
        table = self.renewal_table([])
        table.drawn = drawn
        table.caption = caption
        table.caption_hidden = not shown
        return table


class CommissioningView(DashboardPage):
    """Commissioned share of spend over time: the authorities in scope compared in one table,
    and, for one authority or a partnership, each authority's chart and table by period."""

    template_name = "dashboards/commissioning.html"
    title = "Commissioning plan"
    url_name = "dashboards:commissioning"
    uses_year = False

    page_template = "dashboards/pages/commissioning.html"

    def page_context(self) -> dict:
        """Each authority's line of the comparison, and its chart and table, are drawn and kept
        on their own, under its own generation: after an edit in one borough only that
        borough's are drawn again. Across all authorities the page compares them in one table,
        each linking to its own chart, rather than drawing 154 charts (a 3.7 MB page that no
        one could read through)."""
        user, scope = self.request.user, self.scope
        compared, sections = self.compared_then_each(
            figures.authorities_with_spend(user, scope),
            lambda ids: cached_per_authority(
                "commissioning-compared", user, (), ids, self.draw_lines
            ),
            lambda ids: cached_per_authority(
                "commissioning-authority", user, (), ids, self.draw_charts
            ),
        )
        return {
            "compared": DrawnPart.joined(compared),
            "authorities": len(compared),
            "compared_caption": "Commissioned share of spend",
            "compared_headings": [
                ("Periods", False),
                ("First period", True),
                ("Latest period", True),
                ("Change", True),
                ("Latest commissioned spend", True),
            ],
            "sections": DrawnPart.joined(sections),
            "plans": self.choices.authorities,
        }

    def draw_lines(self, missing: list[int]) -> dict[int, DrawnPart]:
        """Each authority's row of the comparison."""

        def line(authority, rows) -> DrawnPart:
            compared = figures.ShareCompared.of(rows)
            context = {"authority": authority, "line": compared}
            drawn = render_to_string("dashboards/pages/_commissioning_compared.html", context)
            return DrawnPart(name=authority.name, rows=drawn.strip())

        return self.drawn_per_authority(missing, line)

    def draw_charts(self, missing: list[int]) -> dict[int, DrawnPart]:
        """Each authority's heading, chart and table by period."""

        def charted(authority, rows) -> DrawnPart:
            context = {"authority": authority, "rows": rows, "chart": share_chart(authority, rows)}
            drawn = render_to_string("dashboards/pages/_commissioning_authority.html", context)
            return DrawnPart(name=authority.name, rows=drawn)

        return self.drawn_per_authority(missing, charted)

    def drawn_per_authority(self, missing: list[int], draw) -> dict[int, DrawnPart]:
        """``draw(authority, its share rows)`` for each of ``missing``; a nameless part for one
        whose spend was deleted since it was listed."""
        drawn = dict.fromkeys(missing, DrawnPart())
        for authority, rows in figures.share_by_authority(self.request.user, self.scope, missing):
            drawn[authority.pk] = draw(authority, rows)
        return drawn

    def authorities_read(self) -> frozenset[int] | None:
        """Beyond one authority the body lists every authority on offer (``plans``), which any
        authority's first record can change: its key then holds what the user reads."""
        if self.scope.authority is not None:
            return super().authorities_read()
        return authorities_read(self.request.user)


def share_chart(authority, rows: list[figures.ShareRow]) -> str:
    return charts.line_chart(
        f"{authority.short_name}: commissioned share of spend by period",
        [row.label for row in rows],
        {
            "Commissioned (%)": [row.commissioned_share for row in rows],
            "Directly provided (%)": [row.direct_share for row in rows],
        },
        "% of spend",
        y_format=formatting.percent,
    )


class MilestonesView(DashboardPage):
    """Milestones as a grid of divisions by quarter, each with its status in words."""

    template_name = "dashboards/milestones.html"
    title = "Milestones"
    url_name = "dashboards:milestones"
    year_records = pickers.MILESTONE_YEARS

    page_template = "dashboards/pages/milestones.html"

    def page_context(self) -> dict:
        """Each authority's rows of the grid and overdue milestones, or its line of the
        comparison across all authorities, are drawn and kept on their own, under its own
        generation: after an edit in one borough only that borough's are drawn again."""
        mandates = figures.current_mandates(self.request.user, self.scope)
        compared, drawn = self.compared_then_each(
            list(mandates),
            self.parts(mandates, "milestones-compared", "_milestones_compared.html"),
            self.parts(mandates, "milestones-authority", "_milestone_rows.html"),
        )
        return {
            "today": self.today,
            "quarters": [1, 2, 3, 4],
            "compared": DrawnPart.joined(compared),
            "authorities": len(compared),
            "compared_caption": f"Milestones by status, {financial_years.label(self.year)}",
            "compared_headings": [
                ("Total", True),
                *((label, True) for _status, label in Milestone.Status.choices),
                ("Overdue", True),
            ],
            "rows": DrawnPart.joined(drawn),
            "overdue_earlier": [
                mark_safe(row)  # noqa: S308 - drawn below
                for _key, row in sorted(chain(*(part.late for part in drawn)))
            ],
            "count": sum(part.counts["milestones"] for part in compared or drawn),
            "earlier": sum(part.counts["earlier"] for part in compared),
        }

    def parts(
        self, mandates: dict[int, int], name: str, rows_template: str
    ) -> Callable[[list[int]], dict[int, DrawnPart]]:
        """What reads the parts of any authorities drawn with ``rows_template``
        (``draw_parts``), each kept under its authority's generation for the year."""
        return lambda ids: cached_per_authority(
            name,
            self.request.user,
            (self.year, self.today),
            ids,
            lambda missing: self.draw_parts(
                [mandates[pk] for pk in missing], missing, rows_template
            ),
        )

    def draw_parts(
        self, mandates: list[int], authorities: list[int], rows_template: str
    ) -> dict[int, DrawnPart]:
        """The part of each of ``authorities`` (with its latest mandate among ``mandates``):
        its rows of the grid and its milestones overdue from earlier years, or its line of the
        comparison (``_milestones_compared.html``: its milestones counted by status)."""
        grids = figures.milestone_grids(self.request.user, mandates, self.year, self.today)
        parts = dict.fromkeys(authorities, DrawnPart())
        comparing = rows_template == "_milestones_compared.html"
        for pk, grid in grids.items():
            context = {
                "grid": grid.rows,
                "overdue": grid.overdue,
                "today": self.today,
                "authority": grid.authority,
                "line": grid,
                "year_label": financial_years.label(self.year),
            }
            late = [
                (
                    (m.year, m.quarter, m.division.name, m.position, m.pk),
                    render_to_string(
                        "dashboards/pages/_milestone_overdue.html",
                        {"m": m, "today": self.today},
                        request=self.request,
                    ).strip(),
                )
                for m in ([] if comparing else grid.overdue_earlier)
            ]
            parts[pk] = DrawnPart(
                # The comparison is listed by the authorities' names, the grid by the short
                # names its rows are labelled with.
                name=grid.authority.name if comparing else (grid.rows[0][0] if grid.rows else ""),
                rows=render_to_string(
                    f"dashboards/pages/{rows_template}", context, request=self.request
                ).strip(),
                late=late,
                counts=Counter(milestones=grid.count, earlier=len(grid.overdue_earlier)),
            )
        return parts


@dataclass(frozen=True)
class DrawnPart:
    """One authority's part of a page drawn one authority at a time (kept by
    ``cached_per_authority``): the name the parts are listed in order of, its table rows
    drawn, its items of a list ordered across every authority (each with its place in that
    order: the milestones overdue from earlier years) and what it counts (the milestones of
    the year; the measures of each status)."""

    name: str = ""
    rows: str = ""
    late: list[tuple[tuple, str]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @staticmethod
    def ordered(parts: dict[int, DrawnPart]) -> list[DrawnPart]:
        return sorted(parts.values(), key=lambda part: part.name)

    @staticmethod
    def joined(parts: list[DrawnPart]) -> SafeString:
        """The parts' rows, one table body."""
        return mark_safe("".join(part.rows for part in parts))  # noqa: S308 - drawn by templates


class RecommendationsView(DashboardPage):
    """Scrutiny recommendations whose executive response or agreed action is overdue today,
    in the scope; the tracker (``scrutiny:recommendations``) lists every one."""

    template_name = "dashboards/recommendations.html"
    title = "Scrutiny recommendations"
    url_name = "dashboards:recommendations"
    uses_year = False

    page_template = "dashboards/pages/recommendations.html"

    def page_context(self) -> dict:
        return late_items(self.request.user, self.today, self.scope.authority_ids)


class MeasuresView(DashboardPage):
    """Success measures: baseline, latest, target and comparator, with the computed RAG."""

    template_name = "dashboards/measures.html"
    title = "Success measures"
    url_name = "dashboards:measures"
    uses_year = False

    page_template = "dashboards/pages/measures.html"

    def page_context(self) -> dict:
        """Each authority's rows, or its line of the comparison across all authorities, are
        judged, drawn and kept on their own, under its own generation: after an edit in one
        borough only that borough's measures are judged and drawn again."""
        user = self.request.user
        mandates = figures.current_mandates(user, self.scope)
        compared, drawn = self.compared_then_each(
            list(mandates),
            lambda ids: cached_per_authority(
                "measures-compared", user, (), ids, lambda missing: self.draw(mandates, missing)
            ),
            lambda ids: cached_per_authority(
                "measures-authority", user, (), ids,
                lambda missing: self.draw(mandates, missing, "_measure_rows.html"),
            ),
        )  # fmt: skip
        counted = compared or drawn
        rags = figures.rag_counts(sum((part.counts for part in counted), Counter()))
        return {
            "compared": DrawnPart.joined(compared),
            "authorities": len(compared),
            "compared_caption": "Success measures by status",
            "compared_headings": [("Measures", True)] + [(label, True) for _r, label, _n in rags],
            "rows": DrawnPart.joined(drawn),
            "rags": rags,
        }

    def draw(
        self, mandates: dict[int, int], missing: list[int], rows_template="_measures_compared.html"
    ) -> dict[int, DrawnPart]:
        """Each of ``missing``'s measures judged: its rows drawn in full, or its line of the
        comparison (its measures counted by status), with the statuses counted for the page's
        totals. Listed as the measures are ordered: by their mandate's authority's name."""
        judged = figures.measure_rows_of(self.request.user, mandates, missing)
        parts = dict.fromkeys(missing, DrawnPart())
        for pk, rows in judged.items():
            if not rows:
                continue
            authority = rows[0].measure.mandate.authority
            counts = Counter(row.rag for row in rows)
            context = {
                "authority": authority,
                "rows": rows,
                "count": len(rows),
                "rags": figures.rag_counts(counts),
            }
            parts[pk] = DrawnPart(
                name=authority.name,
                rows=render_to_string(
                    f"dashboards/pages/{rows_template}", context, request=self.request
                ).strip(),
                counts=counts,
            )
        return parts


class BudgetsView(DashboardPage):
    """Net budget and FTE by division, and the capital programme, for the year chosen."""

    template_name = "dashboards/budgets.html"
    title = "Budgets and capital"
    url_name = "dashboards:budgets"
    year_records = pickers.BUDGET_YEARS

    page_template = "dashboards/pages/budgets.html"

    def page_context(self) -> dict:
        return vars(figures.budgets(self.request.user, self.scope, self.year))


MAX_COMPARED = 6


class CompareView(DashboardPage):
    """Two or more authorities side by side on the overview's measures."""

    template_name = "dashboards/compare.html"
    title = "Compare authorities"
    url_name = "dashboards:compare"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = [c for c in self.request.GET.getlist("authority") if c.strip()]
        if len(codes) > MAX_COMPARED:
            raise Http404(f"Compare at most {MAX_COMPARED} authorities at once.")
        authorities_only = Choices(authorities=self.choices.authorities)
        scopes = [resolve_scope(code, authorities_only) for code in codes]
        overviews = [
            figures.overview(
                self.request.user, scope, self.year, self.on, self.today, self.savings_basis
            )
            for scope in scopes
        ]
        names = [scope.authority.short_name for scope in scopes]
        rows = figures.comparison(overviews)
        context.update(
            chosen=set(codes),
            compared=scopes,
            rows=rows,
            max_compared=MAX_COMPARED,
            chart=charts.bar_chart(
                "Success measures by RAG status",
                ["Red", "Amber", "Green", "No status"],
                {
                    name: [count for _r, _l, count in o.rags]
                    for name, o in zip(names, overviews, strict=True)
                },
                "Number of measures",
            )
            if len(scopes) >= 2
            else "",
        )
        return context
