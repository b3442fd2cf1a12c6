"""Officer screens: one mandate page from which every section is edited, and the lifecycle.

The mandate's page carries every section as an inline (ordered, with autocomplete for
divisions), and buttons for the lifecycle steps open to the user; a published mandate shows
read-only with a message saying why. Success measures, milestones and assets also have their
own lists, to filter and search across mandates.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse

from childrens_services.admin import ScopedModelAdmin, ScopedStackedInline, ScopedTabularInline
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    MeasureActual,
    Milestone,
    Objective,
    OfstedJudgement,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)
from mandates.status import measure_rag

#: Lifecycle steps as (method name, button label, status the mandate must have).
LIFECYCLE_STEPS = [
    ("submit", "Submit for approval", Mandate.Status.DRAFT),
    ("approve", "Record approval", Mandate.Status.SUBMITTED),
    ("publish", "Publish", Mandate.Status.APPROVED),
    ("roll_forward", "Roll forward to next year's draft", Mandate.Status.PUBLISHED),
]


class StatutoryResponsibilityInline(ScopedTabularInline):
    model = StatutoryResponsibility
    fields = ["position", "text"]
    ordering = ["position"]


class ServiceChallengeInline(ScopedTabularInline):
    model = ServiceChallenge
    fields = ["kind", "position", "text"]
    ordering = ["kind", "position"]


class KeyFactInline(ScopedTabularInline):
    model = KeyFact
    fields = [
        "area", "position", "label", "value", "unit", "value_text", "as_at", "period", "source",
    ]  # fmt: skip
    ordering = ["area", "position"]


class StrategicPriorityInline(ScopedTabularInline):
    model = StrategicPriority
    fields = ["number", "text"]
    ordering = ["number"]


class ObjectiveInline(ScopedTabularInline):
    model = Objective
    fields = ["area", "position", "text"]
    ordering = ["area", "position"]


class AssetInline(ScopedTabularInline):
    model = Asset
    fields = [
        "asset_list", "position", "name", "status", "status_detail", "expected_receipt",
        "actual_receipt", "running_cost_saving",
    ]  # fmt: skip
    ordering = ["asset_list", "position"]


class PerformanceArrangementInline(ScopedTabularInline):
    model = PerformanceArrangement
    fields = ["position", "text"]
    ordering = ["position"]


class SuccessMeasureInline(ScopedStackedInline):
    model = SuccessMeasure
    fieldsets = [
        (None, {"fields": ["position", "theme", "indicator", ("unit", "polarity")]}),
        ("Baseline and comparator", {
            "fields": [("baseline_value", "baseline_period"), ("comparator", "comparator_value")]
        }),
        ("Target", {"fields": [("target_kind", "target_value", "target_date"), "target_text"]}),
    ]  # fmt: skip
    ordering = ["position"]
    show_change_link = True


class RiskInline(ScopedTabularInline):
    model = Risk
    fields = ["position", "description", "likelihood", "impact", "mitigation", "owner"]
    ordering = ["position"]


class MilestoneInline(ScopedTabularInline):
    model = Milestone
    fields = ["year", "quarter", "division", "position", "text", "scope", "status"]
    autocomplete_fields = ["division"]
    ordering = ["year", "quarter", "division__name", "position"]


def compare_url(older: int, newer: int) -> str | None:
    """The comparison page's address, or ``None`` while the mandates pages are not wired."""
    try:
        return reverse("mandates:compare", args=[older, newer])
    except NoReverseMatch:
        return None


@admin.register(Mandate)
class MandateAdmin(ScopedModelAdmin):
    list_display = ["title", "authority", "period", "status", "previous_mandate"]
    list_filter = ["status", "authority"]
    search_fields = ["title", "authority__name", "authority__short_name"]
    autocomplete_fields = ["authority", "previous_mandate"]
    ordering = ["authority__name", "-start_year"]
    readonly_fields = [
        "status", "submitted_by", "submitted_at", "approved_by", "approved_at", "published_by",
        "published_at",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["authority", "title", ("start_year", "end_year"), "previous_mandate"]}),
        ("Introduction and vision", {"fields": ["introduction", "vision", "commitments"]}),
        ("Workforce, performance, success and risks", {
            "fields": ["workforce", "performance_summary", "success_summary", "risks_summary"]
        }),
        ("Lifecycle", {"fields": [
            "status", ("submitted_by", "submitted_at"), ("approved_by", "approved_at"),
            ("published_by", "published_at"),
        ]}),
    ]  # fmt: skip
    inlines = [
        StatutoryResponsibilityInline,
        KeyFactInline,
        StrategicPriorityInline,
        ObjectiveInline,
        AssetInline,
        PerformanceArrangementInline,
        SuccessMeasureInline,
        RiskInline,
        MilestoneInline,
        ServiceChallengeInline,
    ]
    change_form_template = "mandates/admin/mandate_change_form.html"

    @admin.display(description="period", ordering="start_year")
    def period(self, mandate: Mandate) -> str:
        return mandate.period_label

    def get_urls(self):
        step = path(
            "<path:object_id>/lifecycle/<str:step>/",
            self.admin_site.admin_view(self.lifecycle_view),
            name="mandates_mandate_lifecycle",
        )
        return [step, *super().get_urls()]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        mandate = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if mandate is not None:
            extra_context["lifecycle_steps"] = [
                (name, label)
                for name, label, status in LIFECYCLE_STEPS
                if mandate.status == status
                and request.user.has_perm(
                    "mandates.add_mandate" if name == "roll_forward" else "mandates.change_mandate",
                    mandate,
                )
            ]
            if mandate.previous_mandate_id is not None:
                extra_context["compare_url"] = compare_url(mandate.previous_mandate_id, mandate.pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def lifecycle_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        """Take one lifecycle step on the mandate, then return to its page with a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if step not in {name for name, _label, _status in LIFECYCLE_STEPS}:
            raise Http404("No such lifecycle step.")
        mandate = self.get_object(request, object_id)
        if mandate is None:
            raise Http404("No such mandate.")
        change_url = reverse("admin:mandates_mandate_change", args=[mandate.pk])
        try:
            result = getattr(mandate, step)(request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(change_url)
        if step == "roll_forward":
            messages.success(request, f"Next year's draft “{result}” was rolled forward.")
            return redirect(reverse("admin:mandates_mandate_change", args=[result.pk]))
        messages.success(request, f"“{mandate}” is now {mandate.get_status_display().lower()}.")
        return redirect(change_url)


class MeasureActualInline(ScopedTabularInline):
    model = MeasureActual
    fields = ["period", "as_at", "value", "comparator_value"]
    ordering = ["as_at"]


@admin.register(SuccessMeasure)
class SuccessMeasureAdmin(ScopedModelAdmin):
    list_display = ["indicator", "mandate", "theme", "target_kind", "rag"]
    list_filter = ["mandate__authority", "polarity", "target_kind", "unit"]
    search_fields = ["indicator", "theme", "mandate__title"]
    autocomplete_fields = ["mandate"]
    ordering = ["mandate", "position"]
    inlines = [MeasureActualInline]

    @admin.display(description="RAG")
    def rag(self, measure: SuccessMeasure) -> str:
        status = measure_rag(measure)
        return status.value.capitalize() if status else "No status"


@admin.register(Milestone)
class MilestoneAdmin(ScopedModelAdmin):
    list_display = ["text", "mandate", "division", "period_label", "scope", "status", "overdue"]
    list_filter = ["status", "scope", "year", "quarter", "division", "mandate__authority"]
    search_fields = ["text", "division__name", "mandate__title"]
    autocomplete_fields = ["mandate", "division"]
    ordering = ["mandate", "year", "quarter", "division__name", "position"]

    @admin.display(description="overdue", boolean=True)
    def overdue(self, milestone: Milestone) -> bool:
        return milestone.is_overdue()


@admin.register(Asset)
class AssetAdmin(ScopedModelAdmin):
    list_display = ["name", "mandate", "asset_list", "status", "status_detail"]
    list_filter = ["asset_list", "status", "mandate__authority"]
    search_fields = ["name", "status_detail", "mandate__title"]
    autocomplete_fields = ["mandate"]
    ordering = ["mandate", "asset_list", "position"]


@admin.register(OfstedJudgement)
class OfstedJudgementAdmin(ScopedModelAdmin):
    list_display = [
        "school", "authority", "previous_outcome", "previous_inspected", "new_outcome",
        "new_inspected",
    ]  # fmt: skip
    list_filter = ["authority", "previous_outcome", "new_outcome"]
    search_fields = ["school", "previous_note"]
    autocomplete_fields = ["authority"]
    ordering = ["authority__name", "school"]
