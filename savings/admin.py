"""Admin screens for savings: borough-scoped, rule-checked, with computed figures beside stored.

A savings line's per-year amounts are edited as one grid on the line's page
(``savings.forms.SavingsLineForm``); reported figures show what the system computes beside
them, and can be filtered to the disagreements.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from childrens_services import financial_years, formatting
from childrens_services.admin import ScopedModelAdmin, ScopedTabularInline, with_version_field
from savings import computations as calc
from savings import figures
from savings.forms import SavingsLineForm
from savings.models import (
    CapitalProgrammeLine,
    DeliveryRecord,
    DivisionBudget,
    ImplementationCost,
    ProgrammeOverlap,
    ReportedFigure,
    RestructurePosition,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    SavingsTarget,
    StaffingRestructure,
)


class SavingsLineInline(ScopedTabularInline):
    model = SavingsLine
    fields = [
        "position",
        "description",
        "confidence",
        "funding",
        "budget_status",
        "attribution_method",
    ]
    show_change_link = True


class SavingsTargetInline(ScopedTabularInline):
    model = SavingsTarget
    fields = ["year", "amount", "notes"]


class ImplementationCostInline(ScopedTabularInline):
    model = ImplementationCost
    fields = ["kind", "year", "amount", "quantity", "description", "funded_from"]


class StaffingRestructureInline(ScopedTabularInline):
    model = StaffingRestructure
    fields = ["position", "service", "budget_label"]
    show_change_link = True


class ProgrammeOverlapInline(ScopedTabularInline):
    """What this programme restates: its officers link it only to programmes they may read."""

    model = ProgrammeOverlap
    fk_name = "programme"
    fields = ["earlier", "kind", "note"]
    autocomplete_fields = ["earlier"]
    verbose_name = "programme whose savings this one restates"
    verbose_name_plural = "programmes whose savings this one restates"


@admin.register(SavingsProgramme)
class SavingsProgrammeAdmin(ScopedModelAdmin):
    list_display = ["name", "owner", "period_label", "paper_form", "paper_unit"]
    list_filter = ["authority", "partnership", "paper_form"]
    search_fields = ["name", "source"]
    ordering = ["name"]
    autocomplete_fields = ["authority", "partnership"]
    readonly_fields = ["computed_totals"]
    inlines = [
        ProgrammeOverlapInline,
        SavingsLineInline,
        StaffingRestructureInline,
        SavingsTargetInline,
        ImplementationCostInline,
    ]

    @admin.display(description="Totals (computed from the lines, in the paper's form)")
    def computed_totals(self, obj: SavingsProgramme) -> str:
        if obj.pk is None:
            return "—"
        table = figures.programme_table(obj)
        years = format_html_join(
            "",
            "<li>{}: {}</li>",
            (
                (financial_years.label(y), formatting.money(v, blank=formatting.MISSING))
                for y, v in table.total.by_year.items()
            ),
        )
        split = table.split
        return format_html(
            "<ul>{}<li>Full year: {}</li><li>Existing MTFS: {}; additional: {} after excluding "
            "DSG savings of {}</li></ul>",
            years,
            formatting.money(table.total.full_year, blank=formatting.MISSING),
            formatting.money(split.mtfs, blank=formatting.MISSING),
            formatting.money(split.additional, blank=formatting.MISSING),
            formatting.money(split.dsg_exclusion, blank=formatting.MISSING),
        )


@admin.register(ProgrammeOverlap)
class ProgrammeOverlapAdmin(ScopedModelAdmin):
    """Overlaps between programmes, each owned with its later (restating) programme."""

    list_display = ["programme", "kind", "earlier"]
    list_filter = ["kind"]
    search_fields = ["programme__name", "earlier__name", "note"]
    autocomplete_fields = ["programme", "earlier"]


class DeliveryRecordInline(ScopedTabularInline):
    model = DeliveryRecord
    fields = ["authority", "year", "forecast", "achieved", "notes"]
    autocomplete_fields = ["authority"]


@admin.register(SavingsLine)
class SavingsLineAdmin(ScopedModelAdmin):
    form = SavingsLineForm
    list_display = [
        "description",
        "programme",
        "confidence",
        "funding",
        "budget_status",
        "attribution_method",
        "full_year_saving",
    ]
    list_filter = ["programme", "confidence", "funding", "budget_status", "attribution_method"]
    search_fields = ["description", "service", "owner", "notes"]
    ordering = ["programme", "position"]
    autocomplete_fields = ["programme", "basis_restructure"]
    readonly_fields = ["profile", "apportionment"]
    inlines = [DeliveryRecordInline]
    base_fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "position",
                    "description",
                    "service",
                    "owner",
                    "confidence",
                    "funding",
                    "budget_status",
                    "split_amount_as_reported",
                    "notes",
                ]
            },
        ),
        (
            "Attribution between authorities",
            {"fields": ["attribution_method", "attribution_basis", "apportionment"]},
        ),
    ]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(self.base_fieldsets)
        if obj is not None:
            if self.has_change_permission(request, obj):
                rows = SavingsLineForm(instance=obj).grid_field_rows()
                fieldsets.append(
                    (
                        "Profile: saving reached in each year (£), one row per authority",
                        {"fields": [cells for _, cells in rows]},
                    )
                )
            else:
                fieldsets.append(("Profile", {"fields": ["profile"]}))
        return with_version_field(fieldsets)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        """The line's own fields; the grid cells are added by the form itself, per line.

        The history view asks without ``fields``, so the fieldsets' cells are dropped here too.
        """
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if not f.startswith("amount_")]
        return super().get_form(request, obj, change=change, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if hasattr(form, "save_grid"):
            form.save_grid()

    @admin.display(description="Full-year saving")
    def full_year_saving(self, obj: SavingsLine) -> str:
        last = obj.programme.last_year
        return formatting.money(
            sum((a.amount for a in obj.amounts.all() if a.year == last), calc.ZERO),
            blank=formatting.MISSING,
        )

    @admin.display(description="Profile (£, saving reached in each year)")
    def profile(self, obj: SavingsLine) -> str:
        if obj.pk is None:
            return "—"
        years = obj.programme.years
        cells = {
            (a.authority.short_name, a.year): a.amount
            for a in obj.amounts.select_related("authority")
        }
        header = format_html_join(
            "", "<th scope='col'>{}</th>", ((financial_years.label(y),) for y in years)
        )
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th>{}</tr>",
            (
                (
                    a.short_name,
                    format_html_join(
                        "",
                        "<td>{}</td>",
                        (
                            (
                                formatting.money(
                                    cells.get((a.short_name, y)), blank=formatting.MISSING
                                ),
                            )
                            for y in years
                        ),
                    ),
                )
                for a in obj.programme.participating_authorities()
            ),
        )
        return format_html("<table><tr><th></th>{}</tr>{}</table>", header, rows)

    @admin.display(description="Full-year saving apportioned by the method")
    def apportionment(self, obj: SavingsLine) -> str:
        """The split the method and its basis give, to set beside the stored borough figures."""
        if obj.pk is None or not obj.attribution_method:
            return "—"
        try:
            parts = figures.apportioned(obj)
        except calc.ApportionmentError as exc:
            return f"Method {obj.attribution_method}: {exc}"
        return format_html(
            "Method {}: {}",
            obj.get_attribution_method_display(),
            ", ".join(
                f"{name} {formatting.money(value, blank=formatting.MISSING)}"
                for name, value in parts.items()
            ),
        )


@admin.register(SavingsProfile)
class SavingsProfileAdmin(ScopedModelAdmin):
    list_display = ["line", "authority", "year_label", "amount"]
    list_filter = ["line__programme", "authority", "year"]
    search_fields = ["line__description"]
    ordering = ["line__programme", "line__position", "authority__name", "year"]
    autocomplete_fields = ["line", "authority"]

    @admin.display(description="Year", ordering="year")
    def year_label(self, obj: SavingsProfile) -> str:
        return financial_years.label(obj.year)


class RestructurePositionInline(ScopedTabularInline):
    model = RestructurePosition
    fields = [
        "authority",
        "starting_budget",
        "closing_budget",
        "budget_additionality",
        "starting_fte",
        "closing_fte",
        "fte_additionality",
        "note",
    ]
    readonly_fields = ["budget_additionality", "fte_additionality"]
    autocomplete_fields = ["authority"]

    @admin.display(description="Budget additionality")
    def budget_additionality(self, obj: RestructurePosition) -> str:
        return formatting.money(
            calc.additionality(obj.starting_budget, obj.closing_budget), blank=formatting.MISSING
        )

    @admin.display(description="FTE additionality")
    def fte_additionality(self, obj: RestructurePosition):
        value = calc.additionality(obj.starting_fte, obj.closing_fte)
        return formatting.count(value) or formatting.MISSING


@admin.register(StaffingRestructure)
class StaffingRestructureAdmin(ScopedModelAdmin):
    list_display = ["service", "budget_label", "programme"]
    list_filter = ["programme"]
    search_fields = ["service", "budget_label", "attribution"]
    ordering = ["programme", "position"]
    autocomplete_fields = ["programme"]
    inlines = [RestructurePositionInline]


@admin.register(ImplementationCost)
class ImplementationCostAdmin(ScopedModelAdmin):
    list_display = ["description", "kind", "programme", "year", "amount", "quantity"]
    list_filter = ["kind", "programme"]
    search_fields = ["description", "funded_from"]
    ordering = ["programme", "kind", "year"]
    autocomplete_fields = ["programme"]


@admin.register(DivisionBudget)
class DivisionBudgetAdmin(ScopedModelAdmin):
    list_display = ["division", "year", "net_budget", "fte"]
    list_filter = ["division__authority", "year"]
    search_fields = ["division__name", "notes"]
    ordering = ["division__authority__name", "year", "division__name"]
    autocomplete_fields = ["division"]


@admin.register(SavingsTarget)
class SavingsTargetAdmin(ScopedModelAdmin):
    list_display = ["programme", "year", "amount"]
    list_filter = ["programme"]
    search_fields = ["programme__name", "notes"]
    ordering = ["programme", "year"]
    autocomplete_fields = ["programme"]


@admin.register(CapitalProgrammeLine)
class CapitalProgrammeLineAdmin(ScopedModelAdmin):
    list_display = ["category", "programme_name", "authority", "year", "amount"]
    list_filter = ["authority", "programme_name", "year"]
    search_fields = ["category", "programme_name"]
    ordering = ["authority__name", "programme_name", "category", "year"]
    autocomplete_fields = ["authority"]


@admin.register(DeliveryRecord)
class DeliveryRecordAdmin(ScopedModelAdmin):
    list_display = ["line", "authority", "year", "planned", "forecast", "achieved", "gap", "status"]
    list_filter = ["line__programme", "authority", "year"]
    search_fields = ["line__description", "notes"]
    ordering = ["line__programme", "line__position", "authority__name", "year"]
    autocomplete_fields = ["line", "authority"]

    def planned_amount(self, obj: DeliveryRecord):
        return obj.planned()

    @admin.display(description="Planned")
    def planned(self, obj: DeliveryRecord) -> str:
        return formatting.money(self.planned_amount(obj), blank=formatting.MISSING)

    @admin.display(description="Shortfall")
    def gap(self, obj: DeliveryRecord) -> str:
        return formatting.money(
            calc.shortfall(self.planned_amount(obj), obj.forecast, obj.achieved),
            blank=formatting.MISSING,
        )

    @admin.display(description="RAG")
    def status(self, obj: DeliveryRecord) -> str:
        return obj.rag().value


class AgreementFilter(admin.SimpleListFilter):
    """Filters reported figures by whether the computed figure agrees (computed in Python)."""

    title = "agreement with the computed figure"
    parameter_name = "agreement"

    def lookups(self, request, model_admin):
        return [(a.value, a.value.capitalize()) for a in calc.Agreement] + [
            ("disagrees", "Any disagreement")
        ]

    def queryset(self, request, queryset):
        wanted = self.value()
        if not wanted:
            return queryset
        keep = []
        for found in figures.checks(queryset):
            agreement = found.agreement
            if agreement == wanted or (
                wanted == "disagrees" and agreement != calc.Agreement.AGREES
            ):
                keep.append(found.admin_object.pk)
        return queryset.filter(pk__in=keep)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(ScopedModelAdmin):
    list_display = ["label", "owner", "kind", "value", "computed", "difference", "agreement"]
    list_filter = [AgreementFilter, "kind", "programme", "authority", "partnership"]
    search_fields = ["label"]
    ordering = ["programme", "kind", "pk"]
    autocomplete_fields = [
        "authority",
        "partnership",
        "programme",
        "line",
        "restructure",
        "column_authority",
    ]
    readonly_fields = ["computed", "difference", "agreement"]
    list_select_related = figures.CHECK_RELATED

    def get_changelist_instance(self, request):
        """The page's figures checked together (``figures.checks``), so each programme is read
        once for the page rather than three times for each of its figures."""
        changelist = super().get_changelist_instance(request)
        for found in figures.checks(list(changelist.result_list)):
            found.admin_object.checked = found
        return changelist

    @staticmethod
    def _check(obj: ReportedFigure) -> figures.Check | None:
        """The figure's check: the changelist's, or worked out here for the change form."""
        if not obj.pk:
            return None
        if not hasattr(obj, "checked"):
            obj.checked = figures.check(obj)
        return obj.checked

    @admin.display(description="Computed")
    def computed(self, obj: ReportedFigure):
        found = self._check(obj)
        return formatting.count(found and found.computed) or formatting.MISSING

    @admin.display(description="Reported − computed")
    def difference(self, obj: ReportedFigure):
        found = self._check(obj)
        return formatting.count(found and found.difference) or formatting.MISSING

    @admin.display(description="Agreement")
    def agreement(self, obj: ReportedFigure) -> str:
        found = self._check(obj)
        return found.agreement.value if found else "—"
