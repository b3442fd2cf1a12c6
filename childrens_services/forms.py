"""Form base shared by the admin, the pages and (through the same model save) the API."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from childrens_services.formatting import digit_problem, for_input
from childrens_services.models import VersionedModel


class FigureInput(forms.NumberInput):
    """A number box that shows a whole figure without ``.00`` (officers' screens write
    34,853 children, not 34853.00); the value posted back is the same number."""

    def format_value(self, value):
        return super().format_value(for_input(value))


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version the user opened and refuses a stale save.

    The hidden ``seen_version`` travels with the form; ``clean`` compares it with the stored
    version and names what changed in between. The model's ``save`` repeats the check in one
    conditional UPDATE, so a save racing between ``clean`` and ``save`` is refused too.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField) and type(field.widget) is forms.NumberInput:
                field.widget = FigureInput(attrs=field.widget.attrs)
        if self.instance.pk is not None and isinstance(self.instance, VersionedModel):
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self.refuse_other_digits()
        instance = self.instance
        if instance.pk is None or not isinstance(instance, VersionedModel):
            return cleaned
        reason = instance.frozen_reason()
        if reason:
            raise ValidationError(reason, code="frozen")
        seen = cleaned.get("seen_version")
        if seen is None:
            raise ValidationError(
                "This form is missing the version of the record you opened; reload the page.",
                code="no_version",
            )
        stored = (
            type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True)
        )
        stored_version = stored.first()
        if stored_version != seen:
            instance.version = seen
            raise ValidationError(instance.describe_changes_since(seen), code="stale")
        instance.version = seen
        return cleaned

    def refuse_other_digits(self) -> None:
        """Numbers (money above all) only in the digits 0-9: Django's number fields accept
        full-width and other scripts' digits, so ``１２３`` would be stored as 123 unseen."""
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField) or name in self.errors:
                continue
            raw = self[name].data
            problem = digit_problem(raw) if isinstance(raw, str) else None
            if problem:
                self.add_error(name, ValidationError(problem, code="digits"))
