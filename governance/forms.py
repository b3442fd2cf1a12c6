"""The clerks' report composer: a form for the front matter, one per kind of part, and the
appendix form whose fields come from the chosen live block's parameters.

Why one page per part rather than formsets: a paper such as seed 000 has ten sections of a
page or more each, plus recommendations, implications, clearances, papers and appendices; a
formset of them all would post hundreds of fields and thousands of words at once, and one
stale part would refuse everything. One small form per part saves quickly, is refused alone
when someone else changed that part (``VersionedModelForm``), and keeps its own history row.

No form asks for JSON: an appendix's live block parameters are picked from lists built by
each parameter's reader (``childrens_services.blocks.Param.formfield``), narrowed to the
records the clerk may see, and converted to the parameters the block's ``clean`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model

from childrens_services import blocks
from childrens_services.forms import VersionedModelForm
from childrens_services.permissions import linkable, restrict
from governance.models import (
    AgendaItem,
    Appendix,
    BackgroundPaper,
    CommitteeReport,
    Implication,
    Meeting,
    Recommendation,
    ReportSection,
    StatutoryClearance,
)

#: Rows of a box for body text (Markdown), and of a short one (a recommendation).
BODY_ROWS = 18
SHORT_ROWS = 5

MARKDOWN_HELP = "Markdown: see “How to write body text” below."


def name_what_is_missing(form: forms.BaseForm) -> None:
    """Each required field's error names it ("Enter the title", "Choose the savings
    programme"), as GOV.UK error messages do: a summary of two "This field is required."
    would not say which two."""
    for name, field in form.fields.items():
        verb = "Choose" if isinstance(field, forms.ChoiceField) else "Enter"
        label = str(field.label or name.replace("_", " "))
        field.error_messages["required"] = f"{verb} the {label[0].lower()}{label[1:]}."


class NamedErrors:
    """A composer form whose required fields say which they are (``name_what_is_missing``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name_what_is_missing(self)


def _body(rows: int = BODY_ROWS) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "spellcheck": "true"})


def _radios(choices) -> forms.RadioSelect:
    return forms.RadioSelect(choices=choices)


class MeetingChoiceForm(NamedErrors, forms.Form):
    """Step one of a new report from the reports list: the meeting it goes to, among those
    whose reports the clerk writes (``linkable``: the owners they write for)."""

    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        empty_label="Choose a meeting",
        help_text="Meetings of the committees your authority runs, latest first.",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        meetings = linkable(user, CommitteeReport, "meeting")
        self.fields["meeting"].queryset = meetings.select_related("committee").order_by(
            "-date", "committee__name"
        )


class ReportStartForm(NamedErrors, forms.ModelForm):
    """A new draft report of a meeting: what it needs before anything else (its agenda item,
    title and author); everything else is added in the composer."""

    class Meta:
        model = CommitteeReport
        fields = ["agenda_item", "title", "author_name"]
        labels = {"agenda_item": "Agenda item", "author_name": "Report author"}
        help_texts = {
            "title": "As the paper's front page prints it.",
            "author_name": "Their name; their post, telephone and e-mail come next.",
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = AgendaItem.objects.filter(meeting=self.instance.meeting).order_by("number")
        field = self.fields["agenda_item"]
        field.queryset = restrict(user, items)
        field.empty_label = "Not under an agenda item yet"


class FrontMatterForm(NamedErrors, VersionedModelForm):
    """Every front-matter field the papers use, in the order the front page prints them;
    blank where the paper does not say (``governance.demo.REPORT_FRONT_MATTER`` lists the
    same fields for the seed papers, and a test keeps the two lists the same)."""

    #: The page's groups of fields: (legend, field names).
    GROUPS = [
        ("The report", ["title", "report_of", "purpose", "numbering"]),
        (
            "Decision and classification",
            ["key_decision", "forward_plan_reference", "classification", "exemption_paragraph"],
        ),
        (
            "Members and officers",
            [
                "wards",
                "lead_members",
                "lead_officer",
                "lead_officer_label",
                "accountable_director",
            ],
        ),
        ("Report author", ["author_name", "author_role", "author_telephone", "author_email"]),
        (
            "Contact officer (only when not the author)",
            ["contact_name", "contact_role", "contact_telephone", "contact_email"],
        ),
        ("Papers and people", ["enclosures", "contributors"]),
        ("Front page and close", ["synopsis", "next_steps"]),
    ]

    key_decision = forms.NullBooleanField(
        required=False,
        label="Key decision",
        widget=_radios([("True", "Yes"), ("False", "No"), ("", "The paper does not say")]),
    )

    class Meta:
        model = CommitteeReport
        fields = [
            "title",
            "report_of",
            "purpose",
            "numbering",
            "key_decision",
            "forward_plan_reference",
            "classification",
            "exemption_paragraph",
            "wards",
            "lead_members",
            "lead_officer",
            "lead_officer_label",
            "accountable_director",
            "author_name",
            "author_role",
            "author_telephone",
            "author_email",
            "contact_name",
            "contact_role",
            "contact_telephone",
            "contact_email",
            "enclosures",
            "contributors",
            "synopsis",
            "next_steps",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "numbering": forms.RadioSelect,
            "classification": forms.RadioSelect,
            "contributors": _body(SHORT_ROWS),
            "synopsis": _body(8),
            "next_steps": _body(8),
        }
        help_texts = {
            "accountable_director": "Only when the paper names one under that title.",
            "synopsis": f"Printed on the front page. {MARKDOWN_HELP}",
            "next_steps": f"Printed after the sections. {MARKDOWN_HELP}",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        purpose = self.fields["purpose"]
        purpose.choices = [*CommitteeReport.Purpose.choices, ("", "The paper does not say")]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean(self):
        cleaned = super().clean()
        author, contact = cleaned.get("author_name", ""), cleaned.get("contact_name", "")
        if contact and author and contact.strip().lower() == author.strip().lower():
            self.add_error(
                "contact_name",
                "The contact officer is the report's author: leave the contact officer blank "
                "(the author's details are printed as the contact details).",
            )
        return cleaned


class RecommendationForm(NamedErrors, VersionedModelForm):
    class Meta:
        model = Recommendation
        fields = ["text"]
        widgets = {"text": _body(SHORT_ROWS)}
        labels = {"text": "Recommendation"}
        help_texts = {"text": f"Numbered 1, 2, 3 when printed. {MARKDOWN_HELP}"}


class SectionForm(NamedErrors, VersionedModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "body"]
        widgets = {"body": _body()}
        help_texts = {"body": MARKDOWN_HELP}


class ImplicationForm(NamedErrors, VersionedModelForm):
    class Meta:
        model = Implication
        fields = ["kind", "heading", "body"]
        widgets = {"kind": forms.RadioSelect, "body": _body()}
        help_texts = {"body": MARKDOWN_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Implication.Kind.choices


class ClearanceForm(NamedErrors, VersionedModelForm):
    class Meta:
        model = StatutoryClearance
        fields = ["name", "role", "date"]
        labels = {"role": "On behalf of"}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BackgroundPaperForm(NamedErrors, VersionedModelForm):
    class Meta:
        model = BackgroundPaper
        fields = ["description", "held_by"]


class AppendixForm(VersionedModelForm):
    """An appendix or a table in the text: its title and place, then its text (a text
    appendix) or the chosen live block's parameters, one field per parameter, generated from
    the block's readers (``Block.formfields``) with the choices the clerk may see.

    The block's own ``clean`` (run by ``Appendix.clean``) checks the picked parameters
    together; its sentences are the form's errors, above the parameters.
    """

    PARAM_PREFIX = "param_"

    kind = forms.ChoiceField(widget=forms.HiddenInput)

    class Meta:
        model = Appendix
        fields = ["kind", "title", "placement", "label", "text"]
        widgets = {"placement": forms.RadioSelect, "text": _body()}
        labels = {"label": "Label (for a table in the text)", "placement": "Where it goes"}
        help_texts = {
            "label": "Letters, digits and hyphens, e.g. savings. The section's text then "
            "places it with a paragraph that is only {{table savings}}.",
            "text": MARKDOWN_HELP,
        }

    def __init__(self, *args, user, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = blocks.choices(user)
        self.fields["kind"].initial = kind
        self.initial["kind"] = kind
        self.block = None if kind == blocks.TEXT else blocks.get(kind)
        self.params_incomplete = False
        if self.block is None:
            self.fields["text"].required = True
            name_what_is_missing(self)
            return
        del self.fields["text"]
        stored = self.instance.params if self.instance.kind == kind else {}
        initial = self.block.form_initial(stored)
        for name, field in self.block.formfields(user).items():
            self.fields[self.PARAM_PREFIX + name] = field
            self.initial[self.PARAM_PREFIX + name] = initial.get(name)
        name_what_is_missing(self)

    def param_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(self.PARAM_PREFIX)]

    def block_name(self) -> str:
        return "Text" if self.block is None else self.block.name

    def clean_label(self) -> str:
        label = self.cleaned_data.get("label", "")
        others = Appendix.objects.filter(
            report_id=self.instance.report_id, placement=Appendix.Placement.INLINE, label=label
        ).exclude(pk=self.instance.pk)
        if label and others.exists():
            raise ValidationError(f"Another table of this report is labelled {label!r}.")
        return label

    def clean(self):
        try:
            cleaned = super().clean()
        except ValidationError:
            self.params_incomplete = True  # stale or frozen: say that alone
            raise
        if self.block is None:
            self.instance.params = {}
            return cleaned
        self.instance.text = ""
        names = [name for name in self.fields if name.startswith(self.PARAM_PREFIX)]
        if any(name in self.errors for name in names):
            self.params_incomplete = True
            return cleaned
        values = {name[len(self.PARAM_PREFIX) :]: cleaned.get(name) for name in names}
        self.instance.params = self.block.params_from_form(values)
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        """The model names a block's parameters as one field, ``params``: its sentences go
        above the parameters' fields. A field the form already refused (a missing parameter,
        a label in use) is not refused a second time by the model's rule for it."""
        if hasattr(errors, "error_dict"):
            moved: dict[str, list] = {}
            for field, messages in errors.error_dict.items():
                if (field == "params" and self.params_incomplete) or field in self.errors:
                    continue  # the field already says what is wrong
                target = field if field in self.fields else NON_FIELD_ERRORS
                moved.setdefault(target, []).extend(messages)
            if not moved:
                return
            errors = ValidationError(moved)
        super()._update_errors(errors)


@dataclass(frozen=True)
class Part:
    """A kind of report part the composer lists, adds, edits, moves and deletes."""

    slug: str
    model: type[Model]
    form: type[forms.ModelForm]
    noun: str
    heading: str
    related: str

    def items(self, report: CommitteeReport):
        return getattr(report, self.related).all()


PARTS: dict[str, Part] = {
    part.slug: part
    for part in (
        Part(
            "recommendations",
            Recommendation,
            RecommendationForm,
            "recommendation",
            "Recommendations",
            "recommendations",
        ),
        Part("sections", ReportSection, SectionForm, "section", "Sections", "sections"),
        Part(
            "implications",
            Implication,
            ImplicationForm,
            "implication",
            "Implications",
            "implications",
        ),
        Part(
            "clearances",
            StatutoryClearance,
            ClearanceForm,
            "statutory officer clearance",
            "Statutory officer clearances",
            "clearances",
        ),
        Part(
            "background-papers",
            BackgroundPaper,
            BackgroundPaperForm,
            "background paper",
            "Background papers",
            "background_papers",
        ),
        Part(
            "appendices",
            Appendix,
            AppendixForm,
            "appendix or table",
            "Appendices and tables in the text",
            "appendices",
        ),
    )
}
