"""DRF permission answered by the one rule set, method by method and record by record."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from childrens_services.permissions import writes

ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def permission_name(model, method: str) -> str:
    return f"{model._meta.app_label}.{ACTIONS[method]}_{model._meta.model_name}"


class RulePermission(BasePermission):
    """``user.has_perm("<app>.<action>_<model>", obj)`` for the request's method.

    Frozen records are let through here so the view can answer 409 with the reason, rather
    than a bare 403 that hides why the write was refused.
    """

    def has_permission(self, request, view) -> bool:
        if request.method not in ACTIONS:
            return False
        model = view.get_queryset().model
        return request.user.has_perm(permission_name(model, request.method))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.user.has_perm(permission_name(type(obj), request.method), obj):
            return True
        frozen = getattr(obj, "frozen_reason", lambda: None)()
        return bool(frozen) and ACTIONS[request.method] != "view" and writes(request.user, obj)
