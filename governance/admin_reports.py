"""The admin's view of committee reports. Clerks compose them in the composer at /reports/
(``governance.views``); here an appendix's live-block parameters are shown in words, never
typed as JSON, with a link to the composer page that picks them from lists."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from childrens_services import blocks
from childrens_services.admin import ScopedModelAdmin, ScopedStackedInline, ScopedTabularInline
from governance.forms import FrontMatterForm
from governance.models import (
    Appendix,
    BackgroundPaper,
    CommitteeReport,
    Implication,
    Recommendation,
    ReportSection,
    StatutoryClearance,
)


class RecommendationInline(ScopedTabularInline):
    model = Recommendation
    fields = ["position", "text"]


class ReportSectionInline(ScopedStackedInline):
    model = ReportSection
    fields = ["position", "heading", "body"]


class ImplicationInline(ScopedStackedInline):
    model = Implication
    fields = ["position", "kind", "heading", "body"]


class StatutoryClearanceInline(ScopedTabularInline):
    model = StatutoryClearance
    fields = ["position", "name", "role", "date"]


class BackgroundPaperInline(ScopedTabularInline):
    model = BackgroundPaper
    fields = ["position", "description", "held_by"]


class AppendixInline(ScopedStackedInline):
    """Text appendices can be edited here; a live table's kind and parameters are read-only,
    in words, and changed in the composer, which offers them as lists (issue 17: nobody types
    JSON). A row added here is a text appendix."""

    model = Appendix
    fields = ["position", "title", "placement", "label", "kind_name", "parameters", "text"]
    readonly_fields = ["kind_name", "parameters"]

    @admin.display(description="Kind")
    def kind_name(self, appendix: Appendix) -> str:
        if appendix.kind == blocks.TEXT or not blocks.is_registered(appendix.kind):
            return "Text" if appendix.kind == blocks.TEXT else appendix.kind
        return blocks.get(appendix.kind).name

    @admin.display(description="What it shows")
    def parameters(self, appendix: Appendix) -> str:
        if appendix.pk is None:
            return "Live tables are added in the composer (the report's page, “Edit the report”)."
        link = reverse("reports:appendix", args=[appendix.report_id, appendix.pk])
        if appendix.kind == blocks.TEXT or not blocks.is_registered(appendix.kind):
            return format_html('<a href="{}">Change it in the composer</a>', link)
        described = blocks.get(appendix.kind).describe(appendix.params)
        return format_html(
            '{} <a href="{}">Change them in the composer</a>',
            format_html_join("", "{}: {}. ", described),
            link,
        )


@admin.register(CommitteeReport)
class CommitteeReportAdmin(ScopedModelAdmin):
    list_display = ["title", "meeting", "agenda_item", "classification", "status", "published_at"]
    list_filter = ["status", "classification", "key_decision", "meeting__committee"]
    search_fields = ["title", "author_name", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "agenda_item"]
    ordering = ["-meeting__date", "agenda_item__number"]
    readonly_fields = ["status", "published_at", "pdf_sha256", "supersedes", "preview"]
    # The front matter in the composer's groups, so the two screens ask for the same fields.
    fieldsets = [
        (None, {"fields": ["meeting", "agenda_item", "preview"]}),
        *[(legend, {"fields": names}) for legend, names in FrontMatterForm.GROUPS],
        ("Publication", {"fields": ["status", "published_at", "pdf_sha256", "supersedes"]}),
    ]
    inlines = [
        RecommendationInline,
        ReportSectionInline,
        ImplicationInline,
        StatutoryClearanceInline,
        BackgroundPaperInline,
        AppendixInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "snapshot")

    @admin.display(description="Compose, preview, publish and download")
    def preview(self, report: CommitteeReport) -> str:
        if report.pk is None:
            return "Save the report first."
        return format_html(
            '<a href="{}">Open it in the composer</a> · <a href="{}">Open the preview page</a>',
            reverse("reports:compose", args=[report.pk]),
            reverse("reports:detail", args=[report.pk]),
        )
