"""Admin screens where clerks compose committee reports; preview and publish are pages."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from childrens_services import blocks
from childrens_services.admin import ScopedModelAdmin, ScopedStackedInline, ScopedTabularInline
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
    model = Appendix
    fields = ["position", "title", "kind", "text", "params"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The appendix kind is chosen from the blocks the apps have registered."""
        if db_field.name == "kind":
            return forms.ChoiceField(
                choices=blocks.choices(request.user),
                initial=blocks.TEXT,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(CommitteeReport)
class CommitteeReportAdmin(ScopedModelAdmin):
    list_display = ["title", "meeting", "agenda_item", "classification", "status", "published_at"]
    list_filter = ["status", "classification", "key_decision", "meeting__committee"]
    search_fields = ["title", "author_name", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "agenda_item"]
    ordering = ["-meeting__date", "agenda_item__number"]
    readonly_fields = ["status", "published_at", "pdf_sha256", "supersedes", "preview"]
    fieldsets = [
        (
            None,
            {"fields": ["meeting", "agenda_item", "title", "report_of", "preview"]},
        ),
        (
            "Front page",
            {
                "fields": [
                    "wards",
                    "classification",
                    "exemption_paragraph",
                    "key_decision",
                    "author_name",
                    "author_role",
                    "author_telephone",
                    "author_email",
                    "accountable_director",
                    "lead_members",
                    "synopsis",
                ]
            },
        ),
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

    @admin.display(description="Preview, publish and download")
    def preview(self, report: CommitteeReport) -> str:
        if report.pk is None:
            return "Save the report first."
        return format_html(
            '<a href="{}">Open the preview page</a>', reverse("reports:detail", args=[report.pk])
        )
