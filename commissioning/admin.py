"""Admin screens for commissioning: the plan, providers, and the contracts register.

The contract list carries the register's import (upload, preview of every create, change and
bad row, then confirm) and links to the renewals pipeline and the exports.
"""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from childrens_services.admin import ScopedModelAdmin, ScopedTabularInline
from childrens_services.permissions import linkable
from commissioning.imports import (
    LIMITS,
    MAX_UPLOAD_BYTES,
    ImportRefused,
    apply_import,
    owner_lookup,
    plan_import,
)
from commissioning.models import (
    Contract,
    ContractForecast,
    ContractLot,
    DeliveryModelSpend,
    Provider,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
)
from commissioning.spend import shares
from governance.models import Authority, Partnership

SESSION_KEY = "commissioning_contract_import"


class ServiceInline(ScopedTabularInline):
    model = Service
    fields = ["order", "name", "objectives"]


@admin.register(ServiceGroup)
class ServiceGroupAdmin(ScopedModelAdmin):
    list_display = ["name", "authority", "order"]
    list_filter = ["authority"]
    search_fields = ["name", "objectives", "metrics"]
    autocomplete_fields = ["authority"]
    ordering = ["authority__short_name", "order"]
    inlines = [ServiceInline]


class ServiceDeliveryModelInline(ScopedTabularInline):
    model = ServiceDeliveryModel
    fields = ["start_year", "end_year", "model", "qualifier", "is_planned"]


@admin.register(Service)
class ServiceAdmin(ScopedModelAdmin):
    list_display = ["name", "group", "order"]
    list_filter = ["group__authority", "delivery_models__model"]
    search_fields = ["name", "objectives", "group__name"]
    autocomplete_fields = ["group"]
    ordering = ["group__authority__short_name", "group__order", "order"]
    inlines = [ServiceDeliveryModelInline]


@admin.register(DeliveryModelSpend)
class DeliveryModelSpendAdmin(ScopedModelAdmin):
    list_display = ["authority", "period", "category", "amount", "share"]
    list_filter = ["authority", "category"]
    search_fields = ["authority__short_name"]
    autocomplete_fields = ["authority"]
    ordering = ["authority__short_name", "start_year", "category"]

    @admin.display(description="share of the period's spend (%)")
    def share(self, obj: DeliveryModelSpend) -> Decimal:
        """Computed from every category's spend in the same period, never typed in."""
        siblings = DeliveryModelSpend.objects.filter(
            authority=obj.authority_id, start_year=obj.start_year
        )
        return shares({row.category: row.amount for row in siblings})[obj.category]


@admin.register(Provider)
class ProviderAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "companies_house_number", "charity_number", "is_sme"]
    list_filter = ["kind", "is_sme", "is_vcse"]
    search_fields = ["name", "companies_house_number", "charity_number"]
    ordering = ["name"]


class ContractLotInline(ScopedTabularInline):
    model = ContractLot
    fields = ["number", "title", "provider"]
    autocomplete_fields = ["provider"]


class ContractForecastInline(ScopedTabularInline):
    model = ContractForecast
    fields = ["financial_year", "amount"]


def writable_owners(user) -> list[Authority | Partnership]:
    """The authorities and partnerships whose contracts ``user`` may add to."""
    authorities = linkable(user, Contract, "authority")
    partnerships = linkable(user, Contract, "partnership")
    owners = [*authorities.order_by("short_name"), *partnerships.order_by("short_name")]
    return [o for o in owners if user.has_perm("commissioning.add_contract", _probe(o))]


def _probe(owner: Authority | Partnership) -> Contract:
    return Contract(**owner_lookup(owner))


def owner_key(owner: Authority | Partnership) -> str:
    return f"{'p' if isinstance(owner, Partnership) else 'a'}:{owner.pk}"


class ContractImportForm(forms.Form):
    owner = forms.ChoiceField(label="Import for")
    file = forms.FileField(
        help_text=(
            "A CSV or XLSX file in the Transparency Code 2015 contracts layout (or this "
            f"system's export), {LIMITS}."
        )
    )

    def __init__(self, *args, owners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(owner_key(o), str(o)) for o in owners]


@admin.register(Contract)
class ContractAdmin(ScopedModelAdmin):
    list_display = [
        "reference",
        "title",
        "owner",
        "supplier",
        "total_value",
        "end_date",
        "future_intention",
        "status",
    ]
    list_filter = ["authority", "partnership", "future_intention", "status"]
    search_fields = ["reference", "title", "description", "provider__name", "provider_text"]
    autocomplete_fields = ["authority", "partnership", "provider"]
    ordering = ["reference"]
    date_hierarchy = "end_date"
    inlines = [ContractLotInline, ContractForecastInline]
    change_list_template = "commissioning/contract_change_list.html"
    fieldsets = [
        (None, {"fields": ["authority", "partnership", "reference", "title", "description"]}),
        ("Supplier", {"fields": ["provider", "provider_text", "responsible_department"]}),
        (
            "Value and dates",
            {
                "fields": [
                    "total_value",
                    "irrecoverable_vat",
                    "start_date",
                    "end_date",
                    "review_date",
                    "renewal_text",
                    "initial_term_years",
                    "extension_years",
                ]
            },
        ),
        (
            "Commissioning",
            {
                "fields": [
                    "future_intention",
                    "procurement_process",
                    "procurement_route",
                    "social_value",
                    "apprenticeships",
                    "status",
                    "renewal_decision",
                    "renewal_decided_on",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("provider", "authority", "partnership")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        """The list, with download links for every register the user can see a contract of."""
        visible = self.get_queryset(request)
        owners = [
            *Authority.objects.filter(pk__in=visible.values("authority")).order_by("short_name"),
            *Partnership.objects.filter(pk__in=visible.values("partnership")).order_by("name"),
        ]
        exports = [
            (
                owner.short_name,
                *(
                    reverse(
                        "commissioning:export",
                        args=[
                            "authority" if isinstance(owner, Authority) else "partnership",
                            owner.dfe_code if isinstance(owner, Authority) else owner.pk,
                            fmt,
                        ],
                    )
                    for fmt in ("csv", "json")
                ),
            )
            for owner in owners
        ]
        may_import = bool(writable_owners(request.user))
        return super().changelist_view(
            request, {**(extra_context or {}), "exports": exports, "may_import": may_import}
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="commissioning_contract_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload, preview every create, change and bad row, then confirm: all or nothing."""
        owners = writable_owners(request.user)
        if not owners:
            raise PermissionDenied("You may not add contracts for any authority.")
        by_key = {owner_key(o): o for o in owners}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a contracts register",
        }
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request, by_key)
        form = ContractImportForm(request.POST or None, request.FILES or None, owners=owners)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            owner = by_key[form.cleaned_data["owner"]]
            if upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", f"The limit is {MAX_UPLOAD_BYTES // 1048576} MB.")
                return TemplateResponse(request, "commissioning/contract_import.html", context)
            content = upload.read()
            try:
                plan = plan_import(owner, upload.name, content)
            except ImportRefused as exc:
                form.add_error("file", str(exc))
                return TemplateResponse(request, "commissioning/contract_import.html", context)
            digest = hashlib.sha256(content).hexdigest()
            if plan.ok:
                request.session[SESSION_KEY] = {
                    "owner": owner_key(owner),
                    "filename": upload.name,
                    "content": base64.b64encode(content).decode("ascii"),
                    "sha256": digest,
                }
            context.update(plan=plan, sha256=digest)
        return TemplateResponse(request, "commissioning/contract_import.html", context)

    def _confirm_import(self, request: HttpRequest, by_key: dict) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        back = reverse("admin:commissioning_contract_import")
        if not pending or pending["sha256"] != request.POST.get("sha256"):
            messages.error(request, "That preview has expired; upload the file again.")
            return HttpResponseRedirect(back)
        owner = by_key.get(pending["owner"])
        if owner is None:
            raise PermissionDenied("You may not add contracts for that owner.")
        content = base64.b64decode(pending["content"])
        try:
            plan = plan_import(owner, pending["filename"], content)
            apply_import(plan)
        except ImportRefused as exc:
            messages.error(request, f"{exc} The register changed since the preview: try again.")
            return HttpResponseRedirect(back)
        del request.session[SESSION_KEY]
        messages.success(request, plan.summary())
        return HttpResponseRedirect(reverse("admin:commissioning_contract_changelist"))
