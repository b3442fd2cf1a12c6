"""The mandate's sections, each edited on its own admin page in pages of a bounded size.

Why: the H&F 2011 mandate carried every section as an inline on one page, which posted some
1,300 fields and was refused by Django's ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` (1,000), losing the
officer's edit. That limit protects the server, so instead of raising it each section is a
model formset of its own rows, and a long section is split into pages whose size is computed
from the number of fields a row posts, so that no single form posts more than
``MAX_FIELDS_PER_POST`` fields, however large the mandate grows.

Every row carries the hidden ``seen_version`` of ``VersionedModelForm``, so a row someone else
saved (or deleted) since the page was opened is refused with the ``StaleRecordError`` message;
a page is saved all-or-nothing in one transaction; the history middleware records the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseModelFormSet, modelformset_factory
from django.utils.text import capfirst

from childrens_services.forms import VersionedModelForm
from childrens_services.models import StaleRecordError
from governance.models import Division
from mandates.models import (
    Asset,
    KeyFact,
    Mandate,
    MeasureActual,
    Milestone,
    Objective,
    PerformanceArrangement,
    Risk,
    ServiceChallenge,
    StatutoryResponsibility,
    StrategicPriority,
    SuccessMeasure,
)

#: The most fields one section page may post (Django refuses more than 1,000 by default).
MAX_FIELDS_PER_POST = 300
#: Blank rows offered on every page for adding to the section.
EXTRA_ROWS = 2
#: Fields a row posts besides its own columns: ``id``, ``seen_version`` and ``DELETE``.
ROW_OVERHEAD = 3
#: Fields a page posts besides its rows: the formset's four management fields and the CSRF token.
PAGE_OVERHEAD = 5

SHORT_TEXT = forms.Textarea(attrs={"rows": 3, "cols": 30})


@dataclass(frozen=True)
class Section:
    """One section of a mandate: its rows' model, the columns edited, and how rows are found.

    ``parent`` is the foreign key from a row to the mandate (``measure__mandate`` for measure
    actuals, whose parent is a success measure picked on each row); ``choices`` narrows a
    row's foreign keys to the mandate's own divisions or measures.
    """

    slug: str
    model: type[models.Model]
    fields: tuple[str, ...]
    ordering: tuple[str, ...]
    parent: str = "mandate"
    choices: Callable[[Mandate], dict[str, models.QuerySet]] | None = None
    explanation: str = ""

    @property
    def title(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    @property
    def long_text_fields(self) -> list[str]:
        """Columns holding sentences rather than words: a short text box fits a table cell."""
        long = []
        for name in self.fields:
            model_field = self.model._meta.get_field(name)
            is_text = isinstance(model_field, models.TextField)
            if is_text or (
                isinstance(model_field, models.CharField) and model_field.max_length >= 200
            ):
                long.append(name)
        return long

    @property
    def fields_per_row(self) -> int:
        return len(self.fields) + ROW_OVERHEAD

    @property
    def rows_per_page(self) -> int:
        """Existing rows a page shows: what fits under the field limit, less the blank rows."""
        rows = (MAX_FIELDS_PER_POST - PAGE_OVERHEAD) // self.fields_per_row - EXTRA_ROWS
        return max(rows, 1)

    def rows(self, mandate: Mandate) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.parent: mandate}).order_by(
            *self.ordering, "pk"
        )

    def new_row(self, mandate: Mandate) -> models.Model:
        """An unsaved row of this mandate, for asking whether the user may add one."""
        if self.parent == "mandate":
            return self.model(mandate=mandate)
        return self.model(measure=SuccessMeasure(mandate=mandate))

    def last_change(self, mandate: Mandate):
        """The latest history entry of any row of the section (deleted rows included)."""
        history = self.model.history
        if self.parent == "mandate":
            entries = history.filter(mandate_id=mandate.pk)
        else:
            measure_ids = SuccessMeasure.history.filter(mandate_id=mandate.pk).values("id")
            entries = history.filter(measure_id__in=measure_ids)
        return entries.select_related("history_user").order_by("-history_date").first()

    def formset_class(self):
        return modelformset_factory(
            self.model,
            form=SectionRowForm,
            formset=SectionFormSet,
            fields=list(self.fields),
            widgets=dict.fromkeys(self.long_text_fields, SHORT_TEXT),
            extra=EXTRA_ROWS,
            can_delete=True,
        )

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"


def _divisions(mandate: Mandate) -> dict[str, models.QuerySet]:
    return {"division": Division.objects.filter(authority=mandate.authority_id).order_by("name")}


def _measures(mandate: Mandate) -> dict[str, models.QuerySet]:
    return {"measure": mandate.success_measures.order_by("position", "pk")}


#: The sections in the order the mandate is written (seeds 000 and 004).
SECTIONS = [
    Section(
        "statutory-responsibilities", StatutoryResponsibility, ("position", "text"),
        ("position",),
    ),
    Section(
        "service-challenges", ServiceChallenge, ("kind", "position", "text"),
        ("kind", "position"),
    ),
    Section(
        "key-facts", KeyFact,
        ("position", "area", "label", "wording", "value", "unit", "value_text", "as_at", "period",
         "source"),
        ("position", "area"),
    ),
    Section("priorities", StrategicPriority, ("number", "text"), ("number",)),
    Section(
        "objectives", Objective, ("area", "position", "text"), ("area", "position"),
    ),
    Section(
        "success-measures", SuccessMeasure,
        ("position", "theme", "indicator", "unit", "polarity", "baseline_value",
         "baseline_period", "comparator", "comparator_value", "target_kind", "target_value",
         "target_date", "target_text"),
        ("position",),
    ),
    Section(
        "measure-actuals", MeasureActual, ("measure", "period", "as_at", "value",
        "comparator_value"), ("measure__position", "measure_id", "as_at"),
        parent="measure__mandate", choices=_measures,
        explanation="The figure each success measure reached, period by period.",
    ),
    Section(
        "risks", Risk, ("position", "description", "likelihood", "impact", "mitigation", "owner"),
        ("position",),
    ),
    Section(
        "milestones", Milestone, ("year", "quarter", "division", "position", "text", "scope",
        "status"), ("year", "quarter", "division__name", "position"), choices=_divisions,
    ),
    Section(
        "assets", Asset,
        ("asset_list", "position", "name", "status", "status_detail", "expected_receipt",
         "actual_receipt", "running_cost_saving"),
        ("asset_list", "position"),
    ),
    Section(
        "performance-arrangements", PerformanceArrangement, ("position", "text"), ("position",),
    ),
]  # fmt: skip
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


class SectionRowForm(VersionedModelForm):
    """One row of a section: the model's columns plus the version the user opened.

    The row's mandate is not a column, but it is validated with the row, so a rule that
    spans it (a priority's number used once per mandate) is checked before saving rather
    than failing in the database.
    """

    def row_errors(self) -> list[str]:
        """The row's own errors and those of its hidden fields (id, version), which have no
        cell to be shown in: a row someone deleted meanwhile is reported, not lost."""
        errors = list(self.non_field_errors())
        for bound in self.hidden_fields():
            errors.extend(bound.errors)
        return errors

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("mandate")
        return exclusions


class SectionFormSet(BaseModelFormSet):
    """A page of a section's rows, each input labelled by its column and row for screen
    readers (a table cell's input has no visible label of its own)."""

    def __init__(self, *args, section: Section, mandate: Mandate, first_row: int = 1, **kwargs):
        self.section = section
        self.mandate = mandate
        self.first_row = first_row
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None and self.section.parent == "mandate":
            form.instance.mandate = self.mandate
        return form

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if index is None:
            row = "new row"
        elif index < self.initial_form_count():
            row = f"row {self.first_row + index}"
        else:
            row = f"new row {index - self.initial_form_count() + 1}"
        if self.section.choices is not None:
            for name, queryset in self.section.choices(self.mandate).items():
                form.fields[name].queryset = queryset
        if "id" in form.fields:
            form.fields["id"].error_messages["invalid_choice"] = (
                "This row was deleted by someone else after you opened the page (or is not "
                "part of this mandate); reload the page to see the section as it is now."
            )
        for name, formfield in form.fields.items():
            label = "Delete" if name == DELETION_FIELD_NAME else capfirst(str(formfield.label))
            formfield.widget.attrs["aria-label"] = f"{label}, {row}"

    def deleted_rows(self) -> list:
        return [
            form
            for form in self.initial_forms
            if self._should_delete_form(form) and form.instance.pk
        ]


@dataclass
class SaveResult:
    changed: int = 0
    added: int = 0
    deleted: int = 0
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{count} {what}"
            for count, what in [(self.changed, "changed"), (self.added, "added"),
                                (self.deleted, "deleted")]
            if count
        ]  # fmt: skip
        return ", ".join(parts) if parts else "no changes"


def save_page(formset: SectionFormSet, user) -> SaveResult:
    """Save a valid page of rows all-or-nothing, asking the rule set about each row.

    Raises ``PermissionDenied`` for a row the user may not write and ``StaleRecordError`` /
    ``FrozenRecordError`` from the model's own checks; the transaction is then rolled back so
    no row of the page is saved without the others.
    """
    section = formset.section
    result = SaveResult()
    with transaction.atomic():
        for form in formset.deleted_rows():
            row = form.instance
            if not user.has_perm(section.permission("delete"), row):
                raise PermissionDenied(f"You may not delete “{row}”.")
            seen = form.cleaned_data.get("seen_version")
            stored = type(row)._base_manager.filter(pk=row.pk).values_list("version", flat=True)
            if seen is None or stored.first() != seen:
                raise StaleRecordError(row, row.describe_changes_since(seen or 0))
            row.delete()
            result.deleted += 1
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed():
                continue
            row = form.save(commit=False)
            adding = row.pk is None
            if not user.has_perm(section.permission("add" if adding else "change"), row):
                raise PermissionDenied(f"You may not change “{row}”.")
            row.save()
            if adding:
                result.added += 1
            else:
                result.changed += 1
    return result


def fields_posted(formset: SectionFormSet) -> int:
    """How many fields the page's form posts: its rows' inputs, management form and token."""
    management = len(formset.management_form.fields)
    return management + 1 + sum(len(form.fields) for form in formset.forms)


def displayed(row: models.Model, section: Section) -> list[str]:
    """A row's columns as a reader sees them: choices by their label, blanks left blank."""
    values = []
    for name in section.fields:
        model_field = row._meta.get_field(name)
        shown = getattr(row, f"get_{name}_display") if model_field.choices else None
        value = shown() if shown else getattr(row, name)
        values.append("" if value is None else str(value))
    return values


def refusal_reason(user, mandate: Mandate, section: Section) -> str | None:
    """Why the user may only read this section, or ``None`` when they may edit it."""
    reason = mandate.frozen_reason()
    if reason:
        return reason
    if not user.has_perm(section.permission("change"), section.new_row(mandate)):
        return f"You may read this section, but only officers of {mandate.authority} may change it."
    return None
