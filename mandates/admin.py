"""Officer screens: the mandate's page, its sections' pages, and the lifecycle.

The mandate's page holds its header, buttons for the lifecycle steps open to the user, and a
task list of its sections with each one's row count and last change. Each section is edited on
its own page (``mandates.section_editor``), paginated so no form posts more than a few hundred
fields; a published mandate shows every section read-only with the reason. Success measures,
milestones and assets also have their own lists, to filter and search across mandates.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from childrens_services.admin import ScopedModelAdmin, ScopedTabularInline
from childrens_services.models import FrozenRecordError, StaleRecordError
from mandates import section_editor
from mandates.models import (
    Asset,
    Mandate,
    MeasureActual,
    Milestone,
    OfstedJudgement,
    SuccessMeasure,
)
from mandates.status import measure_judged


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
        ("Introduction, vision and objectives", {
            "fields": ["introduction", "commitments", "vision", "objectives_summary"]
        }),
        ("Commissioning, procurement, savings and assets", {
            "fields": ["commissioning_summary", "procurement_summary", "procurement_note",
                       "savings_summary", "assets_summary"]
        }),
        ("Workforce, performance, success and risks", {
            "fields": ["workforce", "performance_summary", "success_summary", "risks_summary",
                       "risks_note"]
        }),
        ("Commissioning plan annexe", {"fields": ["commissioning_vision"]}),
        ("Lifecycle", {"fields": [
            "status", ("submitted_by", "submitted_at"), ("approved_by", "approved_at"),
            ("published_by", "published_at"),
        ]}),
    ]  # fmt: skip
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
        section = path(
            "<path:object_id>/sections/<slug:section>/",
            self.admin_site.admin_view(self.section_view),
            name="mandates_mandate_section",
        )
        return [step, section, *super().get_urls()]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        mandate = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if mandate is not None:
            extra_context["lifecycle_steps"] = [
                (step.name, step.label)
                for step in Mandate.lifecycle.available(mandate, request.user)
            ]
            if mandate.previous_mandate_id is not None:
                extra_context["compare_url"] = compare_url(mandate.previous_mandate_id, mandate.pk)
            extra_context["sections"] = self.section_tasks(mandate)
            extra_context["ofsted_url"] = (
                reverse("admin:mandates_ofstedjudgement_changelist")
                + f"?authority__id__exact={mandate.authority_id}"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def section_tasks(self, mandate: Mandate) -> list[dict]:
        """The task list: each section with its row count, last change and page."""
        tasks = []
        for section in section_editor.SECTIONS:
            last = section.last_change(mandate)
            tasks.append(
                {
                    "title": section.title,
                    "count": section.rows(mandate).count(),
                    "changed_at": last.history_date if last else None,
                    "changed_by": last.history_user if last else None,
                    "url": reverse(
                        "admin:mandates_mandate_section", args=[mandate.pk, section.slug]
                    ),
                }
            )
        return tasks

    def section_view(self, request: HttpRequest, object_id: str, section: str) -> HttpResponse:
        """One section of the mandate as a page of rows to edit (or to read, with the reason).

        A POST saves the page all-or-nothing; a refused save (stale row, frozen mandate, row
        the user may not write) changes nothing and says why.
        """
        mandate = self.get_object(request, object_id)
        if mandate is None or not self.has_view_permission(request, mandate):
            raise Http404("No such mandate.")
        spec = section_editor.SECTIONS_BY_SLUG.get(section)
        if spec is None:
            raise Http404("No such section.")
        reason = section_editor.refusal_reason(request.user, mandate, spec)
        rows = spec.rows(mandate)
        paginator = Paginator(rows, spec.rows_per_page, allow_empty_first_page=True)
        page = paginator.get_page(request.GET.get("page"))
        first_row = page.start_index() or 1
        formset_class = spec.formset_class()
        kwargs = {"section": spec, "mandate": mandate, "first_row": first_row, "prefix": "rows"}
        status = 200
        if request.method == "POST" and reason:
            messages.error(request, f"Nothing was saved: {reason}")
            status = 403
        if request.method == "POST" and not reason:
            formset = formset_class(request.POST, queryset=rows, **kwargs)
            if formset.is_valid():
                try:
                    result = section_editor.save_page(formset, request.user)
                except (StaleRecordError, FrozenRecordError, PermissionDenied) as exc:
                    messages.error(
                        request, f"Nothing was saved: {getattr(exc, 'message', None) or exc}"
                    )
                    status = 409
                except IntegrityError:
                    messages.error(
                        request,
                        "Nothing was saved: a row clashes with one saved by someone else "
                        "meanwhile (the same number or name twice). Reload the page and check.",
                    )
                    status = 409
                else:
                    messages.success(request, f"{spec.title} saved: {result.summary()}.")
                    return redirect(request.get_full_path())
            else:
                messages.error(
                    request, "Nothing was saved: correct the rows marked below and save again."
                )
        else:
            page_rows = rows.filter(pk__in=[row.pk for row in page.object_list])
            formset = formset_class(queryset=page_rows, **kwargs)
            if reason and request.method == "GET":
                messages.warning(request, f"{reason} It is shown read-only.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": mandate,
            "mandate": mandate,
            "section": spec,
            "title": f"{spec.title}: {mandate}",
            "subtitle": None,
            "formset": formset,
            "columns": [formset.form.base_fields[name] for name in spec.fields],
            "page": page,
            "paginator": paginator,
            "read_only": bool(reason),
            "read_rows": [section_editor.displayed(row, spec) for row in page.object_list],
            "reason": reason,
            "fields_posted": section_editor.fields_posted(formset),
            "media": self.media + formset.media,
            "has_view_permission": True,
            "mandate_url": reverse("admin:mandates_mandate_change", args=[mandate.pk]),
        }
        return TemplateResponse(request, "mandates/admin/section_form.html", context, status=status)

    def lifecycle_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        """Take one lifecycle step on the mandate, then return to its page with a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if step not in Mandate.lifecycle.transitions:
            raise Http404("No such lifecycle step.")
        mandate = self.get_object(request, object_id)
        if mandate is None:
            raise Http404("No such mandate.")
        change_url = reverse("admin:mandates_mandate_change", args=[mandate.pk])
        try:
            Mandate.lifecycle.check(mandate, request.user, step)
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
        status, reason = measure_judged(measure)
        return status.value.capitalize() if status else f"No status ({reason})"


@admin.register(Milestone)
class MilestoneAdmin(ScopedModelAdmin):
    list_display = ["text", "mandate", "division", "period_label", "scope", "status", "overdue"]
    list_filter = ["status", "scope", "year", "quarter", "division", "mandate__authority"]
    search_fields = ["text", "division__name", "mandate__title"]
    autocomplete_fields = ["mandate", "division"]
    ordering = ["mandate", "year", "quarter", "division__name", "position"]

    def get_queryset(self, request: HttpRequest):
        """Each milestone with whether it is overdue today, read by the database for the whole
        page at once (``Milestone.overdue_q``) rather than asked row by row."""
        return super().get_queryset(request).with_overdue(timezone.localdate())

    @admin.display(description="overdue", boolean=True, ordering="overdue")
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
