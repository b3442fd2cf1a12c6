"""Admin base classes: every domain admin narrows, checks and records through these.

``ScopedModelAdmin`` asks the one rule set (``user.has_perm(perm, obj)``) for every view, add,
change and delete; narrows lists and foreign-key choices to what the user may see or use;
carries the optimistic-lock version in every form; and shows the audit history.

A frozen record (a published report or mandate, and its parts) is read-only here for everyone,
superusers included: Django's ``has_perm`` answers ``True`` to a superuser before any rule is
asked, so the change and delete hooks ask the record's frozen state themselves, and the delete
view and the bulk "Delete selected" action refuse with the reason instead of failing.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers as admin_helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import (
    NotRelationField,
    flatten_fieldsets,
    get_fields_from_path,
    quote,
    unquote,
)
from django.contrib.admin.utils import display_for_field as _django_display_for_field
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from childrens_services import formatting
from childrens_services.forms import VersionedModelForm
from childrens_services.models import FrozenRecordError, StaleRecordError
from childrens_services.permissions import (
    COMMITTEE,
    FOLLOW_UP,
    OWNED,
    linkable,
    record_kind,
    restrict,
)

#: Who changes each kind of record, as a refusal names them (reference data has no owner).
WRITER_ROLES = {OWNED: "officers", COMMITTEE: "clerks", FOLLOW_UP: "clerks and officers"}


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django's display of a field in list columns and read-only views, with figures as the
    papers write them (``childrens_services.formatting``): ``£19,365,000``, ``34,853``,
    ``(£620)``. Installed over Django's own by ``install_figure_display``."""
    shown = formatting.for_field(field, value)
    if shown is not None and not getattr(field, "flatchoices", None):
        return shown
    return _django_display_for_field(value, field, empty_value_display, avoid_link)


def install_figure_display() -> None:
    """Make the admin's list columns and read-only fields use ``display_for_field`` above.

    Django reads the function from these two modules by name; there is no setting for it.
    """
    admin_helpers.display_for_field = display_for_field
    admin_list.display_for_field = display_for_field


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _frozen_reason(obj) -> str | None:
    return obj.frozen_reason() if obj is not None and hasattr(obj, "frozen_reason") else None


class RuleCheckedMixin:
    """Admin permission hooks answered by the rules backend, object by object."""

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(_perm(self.model, "view"), obj) or self.has_change_permission(
            request, obj
        )

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(_perm(self.model, "add"), obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        """Never for a frozen record (for an inline: of a frozen parent), superuser or not."""
        return request.user.has_perm(_perm(self.model, "change"), obj) and not _frozen_reason(obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(_perm(self.model, "delete"), obj) and not _frozen_reason(obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and request.user.has_perm(_perm(self.model, "view"))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        """Offer only the owners a user may write for: an officer picks only their authority."""
        choices = writable_choices(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        choices = writable_choices(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        """Autocomplete offers the same narrowed choices as the form field it fills."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source_field = _autocomplete_source_field(request)
        if source_field is not None:
            choices = writable_choices(request, source_field)
            if choices is not None:
                queryset = queryset.filter(pk__in=choices.values("pk"))
        return queryset, may_have_duplicates


def writable_choices(request: HttpRequest, db_field):
    """The records a foreign key may point at for this user, or ``None`` for no narrowing:
    ``permissions.linkable``, the same choices the API's serializers offer."""
    return linkable(request.user, db_field.model, db_field.name)


def _autocomplete_source_field(request: HttpRequest):
    """The model field an admin autocomplete request is filling, if this is one."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        return model._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist):
        return None


def _related_only(model, entry):
    """``entry`` turned into a RelatedOnlyFieldListFilter when it names a relation."""
    if not isinstance(entry, str):
        return entry
    try:
        field = get_fields_from_path(model, entry)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return entry
    if field.is_relation:
        return (entry, admin.RelatedOnlyFieldListFilter)
    return entry


def with_version_field(fieldsets) -> list:
    """Fieldsets with the hidden ``seen_version`` added, so every edit form carries it."""
    fieldsets = list(fieldsets)
    if "seen_version" not in flatten_fieldsets(fieldsets) and fieldsets:
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], "seen_version"]})
    return fieldsets


class RefusesFrozenDeletesMixin:
    """The delete view and "Delete selected" refusing, with the reason, what may not go.

    Also for admins of records that are not themselves frozen (users): deleting a user who
    published a mandate is refused by the model guard, and the refusal is shown, not a 500.
    """

    def delete_view(self, request: HttpRequest, object_id, extra_context=None):
        """Refuse a frozen record's delete with its reason, back on its page (never a 500).

        A delete that would cascade into a frozen record is refused by the model's
        ``pre_delete`` guard; the admin's transaction is rolled back and the reason shown.
        """
        obj = self.get_object(request, unquote(object_id))
        reason = _frozen_reason(obj)
        if reason:
            messages.error(request, f"Nothing was deleted. {reason}")
            return HttpResponseRedirect(self._change_url(obj))
        try:
            return super().delete_view(request, object_id, extra_context)
        except (FrozenRecordError, ProtectedError, RestrictedError) as exc:
            messages.error(request, refusal_message(exc))
            return HttpResponseRedirect(self._change_url(obj) if obj else request.get_full_path())

    def get_actions(self, request: HttpRequest):
        """Django's "Delete selected", made all or nothing over frozen records."""
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_unless_frozen, name, description)
        return actions

    def _change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )


class ScopedModelAdmin(RefusesFrozenDeletesMixin, RuleCheckedMixin, SimpleHistoryAdmin):
    """The admin for a domain record: scoped, rule-checked, version-locked and audited."""

    form = VersionedModelForm
    history_list_per_page = 50

    def get_queryset(self, request: HttpRequest):
        return restrict(request.user, super().get_queryset(request))

    def get_list_filter(self, request: HttpRequest):
        """Relation filters offer only values present in the rows the user may see, so the
        sidebar never lists another borough's programmes (nor all 150 authorities)."""
        return [_related_only(self.model, entry) for entry in super().get_list_filter(request)]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        """Re-check the rule on the object as it will be saved (its owner may have changed)."""
        action = "change" if change else "add"
        if not request.user.has_perm(_perm(self.model, action), obj):
            raise PermissionDenied(
                "You may only create or change records that belong to your own authority."
            )
        super().save_model(request, obj, form, change)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        """Past versions can be read, never posted back: the audit trail is not an editor."""
        if request.method != "GET":
            raise PermissionDenied("Past versions are read-only; edit the record itself.")
        redirect = self._owner_redirect(request, object_id)
        if redirect is not None:
            return redirect
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts, object_id):
        """A record the user may not open but that exists is named by its owner, not called
        deleted; a record that truly does not exist gets Django's own message."""
        redirect = self._owner_redirect(request, object_id)
        if redirect is not None:
            return redirect
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def _owner_redirect(self, request: HttpRequest, object_id):
        """The redirect to the user's own list with "this record belongs to X", or ``None``.

        Only the owning authority (public reference data) is named, nothing of the record
        itself, and only when the record exists outside what the user may see.
        """
        try:
            hidden = self.model._default_manager.filter(pk=unquote(object_id)).first()
        except (ValidationError, ValueError, TypeError):
            return None
        if hidden is None or self.get_queryset(request).filter(pk=hidden.pk).exists():
            return None
        owner = owner_label(hidden)
        if not owner:
            return None
        own_list = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
            current_app=self.admin_site.name,
        )
        message = format_html(
            "This {} belongs to {}, so only {} staff can open it. "
            '<a href="{}">Your {}</a> are listed here.',
            self.opts.verbose_name,
            owner,
            owner,
            own_list,
            self.opts.verbose_name_plural,
        )
        self.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(own_list)

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        return self._owner_redirect(request, object_id) or super().history_view(
            request, object_id, extra_context
        )

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        reason = _frozen_reason(obj)
        if reason and request.method == "GET":
            messages.warning(request, f"{reason} It is shown read-only.")
        elif reason:
            messages.error(request, f"Nothing was changed. {reason}")
            return HttpResponseRedirect(request.get_full_path())
        if (
            obj is not None
            and request.method == "GET"
            and not reason
            and record_kind(self.model) in WRITER_ROLES
            and not self.has_change_permission(request, obj)
        ):
            owner = owner_label(obj)
            if owner:
                messages.info(
                    request,
                    f"This {self.opts.verbose_name} belongs to {owner}; you can read it, and "
                    f"its {WRITER_ROLES[record_kind(self.model)]} change it. "
                    "It is shown read-only.",
                )
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except (StaleRecordError, FrozenRecordError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
            return HttpResponseRedirect(request.get_full_path())


def refusal_message(exc: Exception) -> str:
    """A refused delete as a sentence: the frozen reason, or the records that protect it."""
    if isinstance(exc, ProtectedError | RestrictedError):
        from childrens_services.api.exceptions import protected_delete_reason

        return protected_delete_reason(exc)
    return getattr(exc, "message", str(exc))


def delete_selected_unless_frozen(modeladmin, request: HttpRequest, queryset):
    """Django's bulk delete, refused whole when any chosen record is frozen.

    All or nothing: deleting the drafts and skipping the published ones would leave the clerk
    guessing which went. The refusal names the frozen records and says why; nothing is
    deleted, and nothing is logged as deleted (the confirmed delete runs in one transaction,
    so a cascade the model guard refuses rolls back the admin's log entries too).
    """
    try:
        if hasattr(queryset, "refuse_if_frozen"):
            queryset.refuse_if_frozen("deleted")
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            return delete_selected(modeladmin, request, queryset)
    except (FrozenRecordError, ProtectedError, RestrictedError) as exc:
        modeladmin.message_user(request, refusal_message(exc), messages.ERROR)
        return None


def owner_label(obj) -> str:
    """Who owns a record, for a refusal: the partnership (and its lead) or the authorities.

    Authorities and partnerships are public reference data, so naming them leaks nothing.
    """
    while getattr(obj, "parent_field", None) and getattr(obj, "parent", None) is not None:
        obj = obj.parent
    partnership = (
        getattr(obj, "partnership", None) if getattr(obj, "partnership_id", None) else None
    )
    if partnership is not None:
        return f"{partnership.name}, led by {partnership.lead_authority.name}"
    authorities = obj.owning_authorities() if hasattr(obj, "owning_authorities") else None
    if authorities is None:
        return ""
    return " and ".join(authorities.order_by("name").values_list("name", flat=True))


class ScopedInline(RuleCheckedMixin):
    """Inline sections of a record: permissions follow the parent record being edited."""

    form = VersionedModelForm
    extra = 0
    show_change_link = False

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    """A table of rows: each cell's control is named by its column (WCAG 1.3.1, 4.1.2), as
    the column header is not a ``<label>`` for it."""

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs.setdefault("aria-label", str(formfield.label or db_field.verbose_name))
        return formfield

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        """The formset, with each row's Delete box named for the row it deletes."""
        formset = super().get_formset(request, obj, **kwargs)
        noun = self.opts.verbose_name

        class NamedRows(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    row = "" if index is None else f" {index + 1}"
                    form.fields["DELETE"].widget.attrs["aria-label"] = f"Delete {noun}{row}"

        NamedRows.__name__ = formset.__name__
        return NamedRows


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    pass
