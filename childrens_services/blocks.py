"""Live blocks: the registry of data tables a committee report can carry as an appendix.

A report's appendix is either text or a *live block*: a kind (``"committee_membership"``,
``"mandate"``, ``"savings_table"``...) and parameters (a JSON object). While the report is a
draft its preview renders the block from the database as it is now; publishing calls the
block's ``snapshot`` once, stores the returned JSON with the report, and the PDF is rendered
from that stored snapshot for ever after, so later edits to the data never change a published
paper.

How an app adds a block
-----------------------
Create ``<app>/blocks.py``; it is imported automatically the first time the registry is used
(``autodiscover`` imports the ``blocks`` module of every installed app). In it::

    from childrens_services import blocks


    def validate(params: dict) -> dict:
        # Raise django.core.exceptions.ValidationError({"params": "..."}) for bad input;
        # return the cleaned parameters (they are what the appendix stores).
        ...


    def snapshot(params: dict) -> dict:
        # Read the database and return JSON-serialisable data only: str, int, bool, None,
        # lists and dicts. Money as strings of Decimal (str(Decimal)) so no float creeps in;
        # use blocks.figure() to format them in ``context`` or in the snapshot itself.
        ...


    blocks.register(
        name="savings_table",              # stored on the appendix; never rename once used
        label="Savings table",             # shown to clerks choosing an appendix kind
        snapshot=snapshot,
        template="savings/blocks/savings_table.html",
        validate=validate,
        context=None,                      # optional: snapshot -> template context
    )

The template receives ``data`` (the snapshot, or what ``context`` made of it), ``params`` and
``title``; it renders an HTML fragment (tables with ``<thead>`` and ``<th scope="col">``,
figures in ``<td class="num">``) that works both in the web preview and in the print
stylesheet. Never mark user-typed text ``|safe``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.module_loading import autodiscover_modules

from childrens_services.formatting import figure  # noqa: F401  (blocks.figure, as blocks use it)

TEXT = "text"


@dataclass(frozen=True)
class Block:
    """One kind of live appendix: how to validate, freeze and draw it."""

    name: str
    label: str
    snapshot: Callable[[dict], dict]
    template: str
    validate: Callable[[dict], dict]
    context: Callable[[dict], dict] | None = None

    def template_context(self, data: dict) -> dict:
        return self.context(data) if self.context is not None else data


_registry: dict[str, Block] = {}
_discovered = False


def _accept(params: dict) -> dict:
    if not isinstance(params, dict):
        raise ValidationError({"params": "Parameters must be a JSON object."})
    return params


def register(
    name: str,
    label: str,
    snapshot: Callable[[dict], dict],
    template: str,
    validate: Callable[[dict], dict] | None = None,
    context: Callable[[dict], dict] | None = None,
) -> Block:
    """Add a block kind; registering the same name twice replaces it (module reloads)."""
    if name == TEXT:
        raise ValueError(f"{TEXT!r} is the plain-text appendix and cannot be a block name.")
    block = Block(name, label, snapshot, template, validate or _accept, context)
    _registry[name] = block
    return block


def autodiscover() -> None:
    """Import every installed app's ``blocks`` module once, so each registers its kinds."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("blocks")


def get(name: str) -> Block:
    """The block called ``name``; ``KeyError`` with a sentence when no app registered it."""
    autodiscover()
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"No live block called {name!r} is registered.") from None


def is_registered(name: str) -> bool:
    autodiscover()
    return name in _registry


def choices() -> list[tuple[str, str]]:
    """Appendix kinds for a form: text first, then every registered block by label."""
    autodiscover()
    blocks = sorted(_registry.values(), key=lambda block: block.label)
    return [(TEXT, "Text"), *((block.name, block.label) for block in blocks)]
