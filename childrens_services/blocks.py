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
``clean_together`` for rules across parameters. The template receives ``data`` (what
``context`` made of the snapshot), ``params`` and ``title``; it renders an HTML fragment
(tables with ``<thead>`` and ``<th scope="col">``, figures in ``<td class="num">``) that works
both in the web preview and in the print stylesheet. Never mark user-typed text ``|safe``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

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


class Param:
    """How one parameter is read from an appendix's JSON: blank gives ``default`` (or the
    "required" sentence), anything else goes through ``read``, which returns the value to use
    or raises ``refuse(...)``. ``stored`` turns what ``read`` returned (perhaps a record) into
    what the appendix keeps."""

    message = "This parameter is not valid."

    def __init__(self, *, required: bool = True, default: Any = None, message: str = ""):
        self.required = required
        self.default = default
        if message:
            self.message = message

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


class Years(Param):
    """A non-empty list of start years, kept sorted and once each; ``allowed`` (if given by
    the block's ``clean_together``) refuses years the data does not cover."""

    message = 'Give "{name}" as a list of start years, e.g. [2011].'

    def read(self, value: Any, name: str) -> list[int]:
        if not isinstance(value, list) or not value or not all(isinstance(y, int) for y in value):
            raise refuse(say(self.message, name=name))
        return sorted(set(value))

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


class Choice(Param):
    """One of a few words."""

    message = '"{name}" is one of {choices}.'

    def __init__(self, choices: tuple[str, ...], **options):
        super().__init__(**options)
        self.choices = choices

    def read(self, value: Any, name: str) -> str:
        if value not in self.choices:
            raise refuse(say(self.message, name=name, choices=", ".join(self.choices)))
        return value


class Flag(Param):
    """True or false."""

    message = '"{name}" is true or false.'

    def read(self, value: Any, name: str) -> bool:
        if not isinstance(value, bool):
            raise refuse(say(self.message, name=name))
        return value


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
            raise refuse(say(self.message, name=name))
        return found

    def lookup(self, queryset, value: Any) -> Model | None:
        if self.field == "pk" and (isinstance(value, bool) or not isinstance(value, int)):
            return None
        return queryset.filter(**{self.field: value}).first()

    def stored(self, value: Model | None) -> Any:
        return None if value is None else getattr(value, self.field)


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

    def is_available_to(self, user) -> bool:
        """Whether ``user`` may put this block on a report: they may view what it reads."""
        return self.model is None or permissions.may(user, "view", None, model=self.model)


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
