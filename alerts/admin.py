"""Administrators' view of subscriptions and the outbox (a row left "sending" means a worker
stopped between claiming and sending it: that alert was not sent, and is not retried)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alerts.models import Delivery, Event, Subscription


class AdministratorsOnly:
    """Only superusers (administrators) see these; nobody edits the outbox by hand."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)


@admin.register(Subscription)
class SubscriptionAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["user", "describe", "frequency", "created_at"]
    list_filter = ["frequency", "content_type", "topic"]
    search_fields = ["user__username", "user__email"]


@admin.register(Event)
class EventAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["kind", "content_type", "object_id", "happened_at"]
    list_filter = ["kind"]


@admin.register(Delivery)
class DeliveryAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["event", "user", "digest", "status", "created_at", "sent_at"]
    list_filter = ["status", "digest"]
    search_fields = ["user__username"]
