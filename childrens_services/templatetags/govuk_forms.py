"""``{% load govuk_forms %}``: a Django form field drawn as a GOV.UK Frontend form group.

``{% govuk_field form.title %}`` draws the label, hint, error message and control with the
GOV.UK classes for the field's widget (text input, textarea, select, radios, checkboxes or
a single checkbox), wires ``aria-describedby`` to the hint and error, and marks the group in
error, so a page's forms need no per-field markup and every one reads the same to a screen
reader. Radios and checkboxes are a fieldset whose legend is the field's label.
"""

from __future__ import annotations

from django import forms, template

register = template.Library()


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component draws ``widget``."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


#: The control's class for each kind, and its modifier when the field is in error.
CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "radios": ("govuk-radios__input", ""),
    "checkboxes": ("govuk-checkboxes__input", ""),
    "checkbox": ("govuk-checkboxes__input", ""),
}


@register.inclusion_tag("generic/_govuk_field.html")
def govuk_field(field: forms.BoundField, width: str = "") -> dict:
    """The field as a form group; ``width`` is a GOV.UK width class's end, e.g. "two-thirds"
    (``govuk-!-width-two-thirds``) or "10" (``govuk-input--width-10``)."""
    kind = widget_kind(field.field.widget)
    if kind == "hidden":
        return {"kind": kind, "field": field}
    if kind == "textarea":
        width = "full"  # body text is written in the whole column
    elif isinstance(field.field.widget, forms.NumberInput):
        width = "4"  # a whole number, as wide as it can be
    base, error = CONTROL_CLASSES[kind]
    classes = [base]
    if field.errors and error:
        classes.append(error)
    if width and kind in ("input", "select", "textarea"):
        classes.append(
            f"govuk-input--width-{width}" if width.isdigit() else f"govuk-!-width-{width}"
        )
    control_id = field.id_for_label or field.auto_id
    hint_id = f"{field.auto_id}-hint" if field.help_text else ""
    error_id = f"{field.auto_id}-error" if field.errors else ""
    described = " ".join(part for part in (hint_id, error_id) if part)
    attrs = {"class": " ".join(classes)}
    if kind in ("radios", "checkboxes"):
        field.field.widget.attrs["class"] = attrs["class"]
        return {
            "kind": kind,
            "field": field,
            "options": list(field.subwidgets),
            "hint_id": hint_id,
            "error_id": error_id,
            "described": described,
        }
    if described:
        attrs["aria-describedby"] = described
    return {
        "kind": kind,
        "field": field,
        "control": field.as_widget(attrs=attrs),
        "control_id": control_id,
        "hint_id": hint_id,
        "error_id": error_id,
    }
