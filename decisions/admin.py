"""Clerks' screens for the forward plan and decision notices.

The lifecycle steps a clerk takes here (publish an entry or a notice, withdraw an entry) are
admin actions checked through each model's ``lifecycle``: a refused record is named with its
reason and the others still take the step. A draft entry's page warns when publishing now
would give too little notice (``ForwardPlanEntry.notice_warning``), before the save refuses.
Calling a decision in is a scrutiny member's step, taken on the decision's page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from childrens_services import formatting
from childrens_services.admin import ScopedModelAdmin, ScopedTabularInline
from decisions.models import CallIn, DecisionNotice, ForwardPlanEntry


def _take(modeladmin, request: HttpRequest, queryset, step: str) -> None:
    """Take ``step`` on each selected record the user may, saying which were refused and why."""
    done, refused = [], []
    for record in queryset:
        try:
            type(record).lifecycle.check(record, request.user, step)
            getattr(record, step)(request.user)
        except ValidationError as exc:
            refused.append(f"“{record}”: {' '.join(exc.messages)}")
        else:
            done.append(f"“{record}”")
    if done:
        messages.success(request, f"{', '.join(done)}: {step.replace('_', ' ')} done.")
    for refusal in refused:
        messages.error(request, refusal)


@admin.register(ForwardPlanEntry)
class ForwardPlanEntryAdmin(ScopedModelAdmin):
    list_display = ["reference", "subject", "authority", "decision_date", "status"]
    list_filter = ["status", "decision_maker_kind", "authority"]
    search_fields = ["reference", "subject"]
    autocomplete_fields = ["committee", "report"]
    readonly_fields = ["status", "published_on", "published_by", "notice_position"]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": [
            "authority", "reference", "subject", "summary", ("decision_maker_kind",
            "decision_maker"), "committee", "decision_date", "wards", "report", "documents",
        ]}),
        ("Contact", {"fields": ["contact_name", "contact_email", "contact_telephone"]}),
        ("Open or exempt", {"fields": ["classification", "exemption_paragraph"]}),
        ("Notice", {"fields": [
            "notice_position", "notice_route", "exception_notice_published_on",
            "exception_reason", "scrutiny_chair",
        ]}),
        ("Lifecycle", {"fields": ["status", "published_on", "published_by", "illustrative"]}),
    ]  # fmt: skip

    @admin.display(description="notice of the decision")
    def notice_position(self, entry: ForwardPlanEntry) -> str:
        """The clear days given and needed, or the warning that publishing now is too late."""
        warning = entry.notice_warning() if entry.pk else ""
        if warning:
            return warning
        notice = entry.notice()
        if notice is None and entry.decision_date is None:
            return "Set the date of decision."
        if notice is None:
            return f"To give 28 clear days, publish by {formatting.day(entry.publish_by)}."
        return notice.problem or f"{notice.given} clear days given; {notice.needed} needed."

    @admin.action(description="Publish the selected entries on the forward plan")
    def publish(self, request: HttpRequest, queryset) -> None:
        _take(self, request, queryset, "publish")

    @admin.action(description="Withdraw the selected entries from the forward plan")
    def withdraw(self, request: HttpRequest, queryset) -> None:
        _take(self, request, queryset, "withdraw")


class CallInInline(ScopedTabularInline):
    model = CallIn
    fields = ["called_at", "members", "reasons", "outcome", "outcome_note", "resolved_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(ScopedModelAdmin):
    list_display = ["title", "authority", "decided_on", "status", "call_in_closes"]
    list_filter = ["status", "key_decision", "authority"]
    search_fields = ["title", "decision"]
    autocomplete_fields = ["committee", "meeting", "forward_plan_entry"]
    readonly_fields = ["status", "published_on", "published_by", "call_in_closes"]
    actions = ["publish"]
    inlines = [CallInInline]
    fieldsets = [
        (None, {"fields": [
            "authority", "title", ("key_decision", "forward_plan_entry"),
            ("decision_maker_kind", "decision_maker"), "committee", "meeting", "decided_on",
        ]}),
        ("The decision", {"fields": [
            "decision", "reasons", "alternatives_rejected", "conflicts_declared", "dispensations",
        ]}),
        ("Open or exempt", {"fields": ["classification", "exemption_paragraph"]}),
        ("Call-in", {"fields": ["call_in_working_days", "call_in_closes"]}),
        ("Lifecycle", {"fields": ["status", "published_on", "published_by", "illustrative"]}),
    ]  # fmt: skip

    @admin.action(description="Publish the selected decision notices")
    def publish(self, request: HttpRequest, queryset) -> None:
        _take(self, request, queryset, "publish")
