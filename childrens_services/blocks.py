"""Live blocks: the data tables a committee report can carry as an appendix.

A report's appendix is either text or a *live block*: a kind (``"committee_membership"``,
``"mandate"``, ``"savings_table"``...) and parameters (a JSON object). While the report is a
draft its preview renders the block from the database as it is now; publishing calls the
block's ``snapshot`` once, stores the returned JSON with the report, and the PDF is rendered
from that stored snapshot for ever after, so later edits to the data never change a published
paper.

The shape is django-oscar's report generators (``dashboard/reports/reports.py``): one small
class per kind, with a ``code`` and a ``name``, that validates its input, produces its data
and says who may use it. This module holds only the base class, the parameter readers every
block shares and the registry; it imports no app, and each app keeps its blocks in its own
``blocks.py``.

How an app adds a block
-----------------------
Create ``<app>/blocks.py``; it is imported automatically the first time the registry is used
(``autodiscover`` imports the ``blocks`` module of every installed app). In it::

    from childrens_services import blocks
    from savings.models import SavingsProgramme


    class SavingsTable(blocks.Block):
        code = "savings_table"          # stored on the appendix; never rename once used
        name = "Savings table"          # shown to clerks choosing an appendix kind
        template = "savings/blocks/savings_table.html"
        model = SavingsProgramme        # the records it reads: who may view them may use it
        params = {"programme": ProgrammeName(), "years": blocks.Years(required=False)}

        def snapshot(self, params: dict) -> dict:
            # Read the database; return JSON-serialisable data only. Money as
            # ``blocks.decimal_text`` (strings of Decimal) so no float creeps in.
            ...

        def context(self, snapshot: dict) -> dict:
            # What the template draws: figures formatted with childrens_services.formatting.
            ...

Subclassing with a ``code`` registers the block. ``clean`` reads each declared parameter with
its reader (a ``Param``: the "JSON object" check, years, whole numbers, choices... written once
here; records such as an authority or a programme are readers in their own app) and then calls
``clean_together`` for rules across parameters.

Clerks never type the parameters: the composer (``governance.forms.AppendixForm``) asks each
reader for its form field (``Param.formfield``: a list of the records the clerk may see, a
year picked from the years the data holds, radios for a choice), turns what the form cleaned
into the parameters ``clean`` reads (``Param.to_param``) and shows stored parameters in words
(``Block.describe``). A reader that can be given in JSON can therefore be picked in a form, and
the sentences ``clean`` raises are the form's errors. The template receives ``data`` (what
``context`` made of the snapshot), ``params`` and ``title``; it renders an HTML fragment
(tables with ``<thead>`` and ``<th scope="col">``, figures in ``<td class="num">``) that works
both in the web preview and in the print stylesheet. Never mark user-typed text ``|safe``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst

from childrens_services import financial_years, permissions

TEXT = "text"


def refuse(message: str) -> ValidationError:
    """The error a block raises for bad parameters: the sentence goes on the params field."""
    return ValidationError({"params": message})


def say(message: str, **values: Any) -> str:
    """``message`` with ``{name}``-style holes filled; other braces (JSON examples) kept."""
    for key, value in values.items():
        message = message.replace(f"{{{key}}}", str(value))
    return message


def decimal_text(value: Decimal | None) -> str | None:
    """A figure as a snapshot stores it: the Decimal's own text, so no float creeps in."""
    return None if value is None else str(value)


# Parameters ------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


class Param:
    """How one parameter is read from an appendix's JSON: blank gives ``default`` (or the
    "required" sentence), anything else goes through ``read``, which returns the value to use
    or raises ``refuse(...)``. ``stored`` turns what ``read`` returned (perhaps a record) into
    what the appendix keeps.

    In the composer the same reader gives the form field a clerk picks the value with
    (``formfield``), turns the field's cleaned value into what ``clean`` reads (``to_param``),
    a stored value back into the field's value (``initial``) and into words (``shown``).
    ``label`` and ``help_text`` are what the form says; ``default_label`` names the choice
    "not given" when the parameter is optional (what the block then does by default).
    """

    message = "This parameter is not valid."
    default_label = "The default"

    def __init__(
        self,
        *,
        required: bool = True,
        default: Any = None,
        message: str = "",
        label: str = "",
        help_text: str = "",
        default_label: str = "",
    ):
        self.required = required
        self.default = default
        if message:
            self.message = message
        self.label = label
        self.help_text = help_text
        if default_label:
            self.default_label = default_label

    def clean(self, value: Any, name: str = "") -> Any:
        if value is None or value == "":
            if self.required:
                raise refuse(say(self.message, name=name))
            return self.default
        return self.read(value, name)

    def read(self, value: Any, name: str) -> Any:
        return value

    def stored(self, value: Any) -> Any:
        return value

    # The composer's form --------------------------------------------------------------

    def label_for(self, name: str) -> str:
        return self.label or capfirst(name.replace("_", " "))

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        """The form field a clerk picks this parameter with; ``block`` says which years its
        data holds. A reader with no field of its own is picked from the values its block
        lists (``Block.values_offered``), or its block declares ``form_params``."""
        raise NotImplementedError(
            f"{type(self).__name__} has no form field: its block lists its values "
            "(values_offered) or declares form_params."
        )

    def listed(self, values: list) -> forms.Field:
        """A list to pick one of ``values`` from (a word the block reads, such as a service's
        name, so nobody types it): each a value, or a (value, words) pair."""
        blank = self.default_label if not self.required else "Choose one"
        pairs = [value if isinstance(value, tuple) else (value, value) for value in values]
        return forms.ChoiceField(choices=[("", blank), *pairs], **self.options())

    def options(self) -> dict[str, Any]:
        return {"required": self.required, "help_text": self.help_text}

    def to_param(self, value: Any) -> Any:
        """The form's cleaned value as ``clean`` reads it (what a JSON body would hold)."""
        return None if _blank(value) else value

    def initial(self, stored: Any) -> Any:
        """A stored value as the form field's value."""
        return stored

    def shown(self, stored: Any) -> str:
        """A stored value in words, for the composer's and the admin's lists."""
        return self.default_label if _blank(stored) else str(stored)


class Year(Param):
    """The start year of a financial year (2011 means 2011/12)."""

    message = 'Give "{name}" as the start year of a financial year, e.g. 2011.'

    def read(self, value: Any, name: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(say(self.message, name=name))
        try:
            return financial_years.check_year(value)
        except ValueError as problem:
            raise refuse(f'"{name}": {problem}') from problem

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        years = block.years_offered(user) if block is not None else recent_years()
        blank = self.default_label if not self.required else "Choose a year"
        return forms.TypedChoiceField(
            choices=[("", blank), *((year, financial_years.label(year)) for year in years)],
            coerce=int,
            empty_value=None,
            **self.options(),
        )

    def shown(self, stored: Any) -> str:
        if isinstance(stored, int) and not isinstance(stored, bool):
            return financial_years.label(stored)
        return super().shown(stored)


class Years(Param):
    """A non-empty list of start years, kept sorted and once each; ``allowed`` (if given by
    the block's ``clean_together``) refuses years the data does not cover."""

    message = 'Give "{name}" as a list of start years, e.g. [2011].'

    def read(self, value: Any, name: str) -> list[int]:
        if not isinstance(value, list) or not value or not all(isinstance(y, int) for y in value):
            raise refuse(say(self.message, name=name))
        return sorted(set(value))

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        years = block.years_offered(user) if block is not None else recent_years()
        help_text = self.help_text
        if not self.required:
            help_text = f"{help_text} None ticked: {self.default_label.lower()}.".strip()
        return forms.TypedMultipleChoiceField(
            choices=[(year, financial_years.label(year)) for year in years],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **(self.options() | {"help_text": help_text}),
        )

    def to_param(self, value: Any) -> Any:
        return None if _blank(value) else sorted(int(year) for year in value)

    def shown(self, stored: Any) -> str:
        if isinstance(stored, list) and stored and all(isinstance(y, int) for y in stored):
            labels = [financial_years.label(year) for year in stored]
            if len(stored) > 2 and stored == list(range(stored[0], stored[-1] + 1)):
                return f"{labels[0]} to {labels[-1]}"
            return ", ".join(labels)
        return super().shown(stored)

    @staticmethod
    def within(years: list[int], allowed: list[int]) -> list[int]:
        outside = [year for year in years if year not in allowed]
        if outside:
            raise refuse(
                f"{', '.join(financial_years.label(y) for y in outside)} "
                "is outside the years the data covers."
            )
        return years


class WholeNumber(Param):
    """A whole number between ``low`` and ``high``."""

    message = 'Give "{name}" as a whole number from {low} to {high}.'

    def __init__(self, low: int, high: int, **options):
        super().__init__(**options)
        self.low, self.high = low, high

    def read(self, value: Any, name: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(say(self.message, name=name, low=self.low, high=self.high))
        if not self.low <= value <= self.high:
            raise refuse(say(self.message, name=name, low=self.low, high=self.high))
        return value

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        return forms.IntegerField(
            min_value=self.low,
            max_value=self.high,
            initial=self.default,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **self.options(),
        )

    def initial(self, stored: Any) -> Any:
        return self.default if stored is None else stored


class Choice(Param):
    """One of a few words."""

    message = '"{name}" is one of {choices}.'

    def __init__(
        self, choices: tuple[str, ...], *, labels: dict[str, str] | None = None, **options
    ):
        super().__init__(**options)
        self.choices = choices
        self.labels = labels or {}

    def read(self, value: Any, name: str) -> str:
        if value not in self.choices:
            raise refuse(say(self.message, name=name, choices=", ".join(self.choices)))
        return value

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        """Radios; a "leave it to the default" choice only when the default is not itself one
        of the words (else the same choice would be offered twice)."""
        offer_blank = not self.required and self.default not in self.choices
        blank = [("", self.default_label)] if offer_blank else []
        return forms.ChoiceField(
            choices=[*blank, *((c, self.labels.get(c, c)) for c in self.choices)],
            widget=forms.RadioSelect,
            **self.options(),
        )

    def initial(self, stored: Any) -> Any:
        if stored is None:
            return self.default if self.default in self.choices else ""
        return stored

    def shown(self, stored: Any) -> str:
        return self.labels.get(stored, super().shown(stored))


class Flag(Param):
    """True or false."""

    message = '"{name}" is true or false.'

    def read(self, value: Any, name: str) -> bool:
        if not isinstance(value, bool):
            raise refuse(say(self.message, name=name))
        return value

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        """A box to tick when the flag must be given; "yes", "no" or the default when not."""
        if self.required:
            return forms.BooleanField(required=False, help_text=self.help_text)
        return forms.ChoiceField(
            choices=[("", self.default_label), ("yes", "Yes"), ("no", "No")],
            widget=forms.RadioSelect,
            **self.options(),
        )

    def to_param(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        return {"yes": True, "no": False}.get(value)

    def initial(self, stored: Any) -> Any:
        if self.required:
            return bool(stored)
        return {True: "yes", False: "no"}.get(stored, "")

    def shown(self, stored: Any) -> str:
        return {True: "Yes", False: "No"}.get(stored, self.default_label)


class Record(Param):
    """A record named by a field (an id, a DfE code, a name): ``lookup`` finds it among
    ``model``'s records, and ``stored`` keeps the same field, so the stored parameters stay
    what the demo fixtures and clerks wrote."""

    field = "pk"

    def __init__(self, model: type[Model], field: str = "", **options):
        super().__init__(**options)
        self.model = model
        self.field = field or self.field

    def queryset(self):
        return self.model._default_manager.all()

    def read(self, value: Any, name: str) -> Model:
        found = self.lookup(self.queryset(), value)
        if found is None:
            raise refuse(self.missing(value) or say(self.message, name=name))
        return found

    def lookup(self, queryset, value: Any) -> Model | None:
        if self.field == "pk" and (isinstance(value, bool) or not isinstance(value, int)):
            return None
        return queryset.filter(**{self.field: value}).first()

    def stored(self, value: Model | None) -> Any:
        return None if value is None else getattr(value, self.field)

    def missing(self, value: Any) -> str | None:
        """The sentence for a value that names no record, naming what it named: a record
        deleted (or renamed) since a clerk chose it is found in its history, so the refusal
        says "the savings programme “…” was deleted", not an id or a JSON example. ``None``
        for a value that could not name a record at all (the reader's own ``message`` then)."""
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
            return None
        if self.field == "pk" and not isinstance(value, int):
            return None
        noun = self.model._meta.verbose_name
        past = self.last_known(value)
        if past is None:
            if self.field == "pk":
                return f"There is no {noun} number {value}."
            if self.field == "name":
                return f"There is no {noun} called “{value}”."
            named_by = self.model._meta.get_field(self.field).verbose_name
            return f"There is no {noun} with {named_by} “{value}”."
        pk, past_name, when = past
        now = self.model._default_manager.filter(pk=pk).first()
        if now is not None:
            return f"The {noun} “{value}” is now called “{now}”: choose it again."
        return (
            f"The {noun} “{past_name}” was deleted on "
            f"{timezone.localtime(when):%-d %B %Y}: choose another."
        )

    def last_known(self, value: Any) -> tuple[Any, str, Any] | None:
        """What ``value`` last named, from the audit history: the record's id, its name as it
        was, and when it last changed (or went); ``None`` if it never named one."""
        history = getattr(self.model, "history", None)
        if history is None:
            return None
        lookup = "id" if self.field == "pk" else self.field
        row = history.filter(**{lookup: value}).order_by("-history_date").first()
        if row is None:
            return None
        try:
            name = str(row.instance)
        except ObjectDoesNotExist:  # a past row whose related records went still names a value
            name = str(value)
        return row.instance.pk, name, row.history_date

    def choices(self, user):
        """The records a clerk may pick: those the rule set lets them see."""
        return permissions.restrict(user, self.queryset())

    def formfield(self, user, block: Block | None = None) -> forms.Field:
        return forms.ModelChoiceField(
            queryset=self.choices(user),
            empty_label=self.default_label if not self.required else "Choose one",
            **self.options(),
        )

    def to_param(self, value: Model | None) -> Any:
        return self.stored(value)

    def initial(self, stored: Any) -> Any:
        found = None if _blank(stored) else self.lookup(self.queryset(), stored)
        return None if found is None else found.pk

    def shown(self, stored: Any) -> str:
        if _blank(stored):
            return self.default_label
        found = self.lookup(self.queryset(), stored)
        return str(found) if found is not None else f"“{stored}” (no longer recorded)"


def recent_years() -> list[int]:
    """Years offered when a block's data says none: the ten financial years to this one and
    the next two."""
    this = financial_years.of_date(timezone.localdate())
    return list(range(this - 10, this + 3))


# Print -----------------------------------------------------------------------------------

#: A table of this many columns or more is printed on a landscape page (the print stylesheet's
#: ``page: wide``); narrower tables wrap their headers to fit a portrait page.
WIDE_TABLE_COLUMNS = 10


def is_wide(columns: int) -> bool:
    """Whether a block's table of ``columns`` columns goes on a landscape page."""
    return columns >= WIDE_TABLE_COLUMNS


# Blocks ----------------------------------------------------------------------------------

_registry: dict[str, Block] = {}
_discovered = False


class Block:
    """One kind of live appendix: how to validate, freeze and draw it, and who may use it.

    Subclass it with a ``code``; the subclass is registered under that code (registering the
    same code twice replaces it, as module reloads do).
    """

    code: ClassVar[str] = ""
    #: Shown to clerks choosing an appendix kind (published documents keep it as ``label``).
    name: ClassVar[str] = ""
    template: ClassVar[str] = ""
    #: The records the block reads; a user who may view none of them is not offered it.
    model: ClassVar[type[Model] | None] = None
    #: Parameter name -> its reader, in the order they are checked.
    params: ClassVar[dict[str, Param]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.code:
            register(cls)

    def clean(self, params: Any) -> dict:
        """The parameters to store, or ``ValidationError({"params": ...})`` saying what is wrong."""
        if not isinstance(params, dict):
            raise refuse("Parameters must be a JSON object.")
        values = {name: param.clean(params.get(name), name) for name, param in self.params.items()}
        values = self.clean_together(values)
        return {
            name: self.params[name].stored(value) if name in self.params else value
            for name, value in values.items()
        }

    def clean_together(self, values: dict) -> dict:
        """Rules across parameters (a year the programme covers...); ``values`` as read."""
        return values

    def snapshot(self, params: dict) -> dict:
        """The data frozen at publication: JSON only (str, int, bool, None, lists, dicts)."""
        raise NotImplementedError

    def context(self, snapshot: dict) -> dict:
        """What the template draws from a snapshot (formatted figures, totals)."""
        return snapshot

    def cover(self, params: dict) -> dict | None:
        """What heads the block when it is printed on its own, as a paper (``render_report
        --mandate``): ``title``, ``council``, ``period``, ``status``, ``date`` (a date or
        None) and ``published`` (a paper not published is printed as a draft); None when the
        block is never printed alone."""
        return None

    def is_available_to(self, user) -> bool:
        """Whether ``user`` may put this block on a report: they may view what it reads."""
        return self.model is None or permissions.may(user, "view", None, model=self.model)

    # The composer's form --------------------------------------------------------------

    def form_params(self) -> dict[str, Param]:
        """The parameters a clerk picks, each with its reader: ``params``, unless the block
        reads its parameters as a whole (the mandate) and names the ones to pick here."""
        return self.params

    def formfields(self, user) -> dict[str, forms.Field]:
        """A form field per parameter, labelled, with the choices ``user`` may see."""
        fields = {}
        for name, param in self.form_params().items():
            offered = self.values_offered(name, user)
            field = param.formfield(user, self) if offered is None else param.listed(offered)
            field.label = param.label_for(name)
            fields[name] = field
        return fields

    def values_offered(self, name: str, user) -> list | None:
        """The values a clerk may pick for parameter ``name`` when the block can list them
        (the services of the programmes ``user`` may see...; each a value or a (value, words)
        pair), else ``None``: the reader then makes its own field. ``clean`` still refuses a
        value the chosen records lack."""
        return None

    def params_from_form(self, values: dict[str, Any]) -> dict[str, Any]:
        """The form's cleaned values as the parameters ``clean`` reads (blank ones left out,
        so the block's defaults apply)."""
        picked = {
            name: param.to_param(values.get(name)) for name, param in self.form_params().items()
        }
        return {name: value for name, value in picked.items() if value is not None}

    def form_initial(self, params: dict[str, Any]) -> dict[str, Any]:
        """Stored parameters as the form's values."""
        params = params if isinstance(params, dict) else {}
        return {name: param.initial(params.get(name)) for name, param in self.form_params().items()}

    def describe(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        """Stored parameters in words, (label, value) in the form's order."""
        params = params if isinstance(params, dict) else {}
        return [
            (param.label_for(name), param.shown(params.get(name)))
            for name, param in self.form_params().items()
        ]

    def years_offered(self, user) -> list[int]:
        """The financial years a clerk is offered for the block's year parameters: those its
        records (a ``year`` field) hold among what ``user`` may see; blocks whose records keep
        years otherwise say so. ``clean`` still refuses a year the chosen records lack."""
        model = self.model
        if model is not None and "year" in {f.name for f in model._meta.concrete_fields}:
            years = permissions.restrict(user, model._default_manager.all()).order_by()
            found = sorted(set(years.values_list("year", flat=True).distinct()))
            if found:
                return found
        return recent_years()


def register(block: type[Block]) -> type[Block]:
    """Add a block class to the registry (subclassing with a ``code`` calls this)."""
    if block.code == TEXT:
        raise ValueError(f"{TEXT!r} is the plain-text appendix and cannot be a block code.")
    _registry[block.code] = block()
    return block


def autodiscover() -> None:
    """Import every installed app's ``blocks`` module once, so each registers its kinds."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("blocks")


def get(code: str) -> Block:
    """The block called ``code``; ``KeyError`` with a sentence when no app registered it."""
    autodiscover()
    try:
        return _registry[code]
    except KeyError:
        raise KeyError(f"No live block called {code!r} is registered.") from None


def is_registered(code: str) -> bool:
    autodiscover()
    return code in _registry


def choices(user=None) -> list[tuple[str, str]]:
    """Appendix kinds for a form: text first, then every block (available to ``user``, when
    given) by name."""
    autodiscover()
    offered = [b for b in _registry.values() if user is None or b.is_available_to(user)]
    return [(TEXT, "Text"), *((b.code, b.name) for b in sorted(offered, key=lambda b: b.name))]
