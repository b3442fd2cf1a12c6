"""Admin screens for clerks and officers: recommendations, the executive's responses, actions
and reviews. Status changes are the lifecycle's named steps, taken as admin actions (each
checked with ``lifecycle.check``), never by editing the status."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from childrens_services.admin import ScopedModelAdmin, ScopedTabularInline
from childrens_services.models import StaleRecordError
from scrutiny.models import RecommendationAction, RecommendationReview, ScrutinyRecommendation


def _take(request: HttpRequest, queryset, step: str, call) -> None:
    """Take ``step`` on each chosen record the user may; say what was done and what refused."""
    taken, refused = 0, []
    for record in queryset:
        try:
            type(record).lifecycle.check(record, request.user, step)
            call(record)
        except (ValidationError, StaleRecordError) as exc:
            words = " ".join(getattr(exc, "messages", [getattr(exc, "message", str(exc))]))
            refused.append(f"“{record}”: {words}")
        else:
            taken += 1
    if taken:
        messages.success(request, f"{step.capitalize()}: {taken} done.")
    for refusal in refused:
        messages.error(request, f"Not changed: {refusal}")


@admin.action(description="Send to the executive (the response falls due in two months)")
def send(modeladmin, request, queryset):
    _take(request, queryset, "send", lambda r: r.send(request.user))


@admin.action(description="Record the executive's response as entered on each")
def respond(modeladmin, request, queryset):
    _take(
        request,
        queryset,
        "respond",
        lambda r: r.respond(request.user, r.response, r.response_reasons, r.responded_on),
    )


@admin.action(description="Mark implemented")
def implement(modeladmin, request, queryset):
    _take(request, queryset, "implement", lambda r: r.implement(request.user))


@admin.action(description="Close (the outcome note says why)")
def close(modeladmin, request, queryset):
    _take(request, queryset, "close", lambda r: r.close(request.user))


@admin.action(description="Mark the actions done")
def complete(modeladmin, request, queryset):
    _take(request, queryset, "complete", lambda a: a.complete(request.user))


class ActionInline(ScopedTabularInline):
    model = RecommendationAction
    fields = ["description", "owner", "due", "status", "completed_on", "illustrative"]
    readonly_fields = ["status", "completed_on"]


class ReviewInline(ScopedTabularInline):
    model = RecommendationReview
    fields = ["meeting", "note", "illustrative"]
    autocomplete_fields = ["meeting"]


@admin.register(ScrutinyRecommendation)
class ScrutinyRecommendationAdmin(ScopedModelAdmin):
    list_display = ["__str__", "committee", "status", "response_due", "response", "illustrative"]
    list_filter = ["status", "response", "illustrative", "committee"]
    search_fields = ["text", "reference", "committee__name"]
    autocomplete_fields = ["committee", "meeting"]
    readonly_fields = ["status", "sent_on", "response_due", "due_announced_at"]
    fieldsets = [
        (None, {"fields": ["committee", "meeting", "reference", "text", "addressed_to",
                           "report_recommendation", "minute_reference", "illustrative"]}),
        ("Sent and due", {"fields": ["status", "sent_on", "response_due", "due_announced_at"]}),
        ("The executive's response", {"fields": ["response", "response_reasons", "responded_on"]}),
        ("Outcome", {"fields": ["outcome_note"]}),
    ]  # fmt: skip
    inlines = [ActionInline, ReviewInline]
    actions = [send, respond, implement, close]


@admin.register(RecommendationAction)
class RecommendationActionAdmin(ScopedModelAdmin):
    list_display = ["__str__", "owner", "due", "status", "recommendation"]
    list_filter = ["status", "illustrative"]
    search_fields = ["description", "owner", "recommendation__text"]
    autocomplete_fields = ["recommendation"]
    readonly_fields = ["status", "completed_on"]
    actions = [complete]


@admin.register(RecommendationReview)
class RecommendationReviewAdmin(ScopedModelAdmin):
    list_display = ["__str__", "recommendation"]
    search_fields = ["note", "recommendation__text"]
    autocomplete_fields = ["recommendation", "meeting"]
