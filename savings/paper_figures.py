"""The paper's own figures beside the computed ones, in a live table, both honest.

A live table computes every figure from the stored records. Where the source paper printed a
figure of its own for a cell (a ``ReportedFigure``, or a line's ``split_amount_as_reported``)
and it is not what the records give, the table prints one of the two and a lettered note
under the table gives the other and the difference: the paper's figure (``figures:
"paper"``, the default, so the table reads as the paper did) or the computed one
(``"computed"``), as the author of the report chooses. Never silently one of them.

A snapshot keeps, per such cell, an *entry*: the paper's figure in the cell's own unit, the
decimal places the paper printed it with, whether the two differ only by the paper's
rounding, and what the computed figure is (``basis``). ``Notes`` turns entries into printed
cells and notes when the table is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from childrens_services import blocks
from savings import computations as calc

PAPER, COMPUTED = "paper", "computed"
FIGURES = blocks.Choice(
    (PAPER, COMPUTED),
    required=False,
    default=PAPER,
    message=(
        '"{name}" is "paper" (print the paper\'s own figure where it differs from the '
        'computed one, with the computed one in a note) or "computed" (the reverse).'
    ),
    labels={
        PAPER: "The paper's own figures, each with a note giving the computed one",
        COMPUTED: "The figures computed from the records, each with a note giving the paper's",
    },
    label="Where the paper printed a figure other than the sum of its lines, print",
    default_label="The paper's own figures (the default)",
)
#: How a computed figure was reached, as a note says it.
SUM_OF_LINES = "computed from the lines"


def places_of(precision: Decimal, scale: Decimal | int = 1) -> int:
    """The decimal places of a figure printed to ``precision`` (the value of its last digit)
    in a unit of ``scale`` pounds: 10,000 in £m is 2 places, 1,000 in £000s none."""
    step = (Decimal(precision) / Decimal(scale)).normalize()
    return max(0, -step.as_tuple().exponent)


def entry(
    paper: Decimal,
    computed: Decimal,
    precision: Decimal,
    scale: Decimal | int = 1,
    basis: str = SUM_OF_LINES,
    stored_scale: Decimal | int | None = None,
) -> dict | None:
    """A cell whose paper figure differs from the computed one, as a snapshot keeps it, or
    None when they agree. Both figures are given in pounds (or FTE); the cell is printed in
    units of ``scale`` pounds and the snapshot keeps its figures in units of
    ``stored_scale`` (``scale`` unless given), so the paper's figure is kept in those."""
    agreement = calc.compare(paper, computed, precision)
    if agreement == calc.Agreement.AGREES:
        return None
    stored_scale = scale if stored_scale is None else stored_scale
    return {
        "paper": f"{Decimal(paper) / Decimal(stored_scale):f}",
        "places": places_of(precision, scale),
        "rounding": agreement == calc.Agreement.ROUNDING,
        "basis": basis,
    }


class Noted(str):
    """A printed figure that carries the letter of its note (``mark``)."""

    mark = ""

    def __new__(cls, text: str, mark: str = ""):
        made = super().__new__(cls, text)
        made.mark = mark
        return made


class Notes:
    """The lettered notes under one table, in the order its cells are drawn.

    ``shown(computed, entry, form)`` is what a cell prints: ``form(value, places)`` formats a
    figure of the cell's unit (``places`` None: the table's own), so the paper's figure keeps
    the places the paper printed it with.
    """

    def __init__(self, mode: str | None):
        self.mode = mode or PAPER
        self.notes: list[dict] = []

    def shown(self, computed: str | None, entry: dict | None, form: Callable[..., str]) -> str:
        if not entry:
            return form(computed, None)
        mark = chr(ord("a") + len(self.notes) % 26) * (1 + len(self.notes) // 26)
        paper_text = form(entry["paper"], entry["places"])
        computed_text = form(computed, None)
        difference = abs(Decimal(entry["paper"]) - Decimal(computed or 0))
        difference_text = form(str(difference), None).strip("()-")
        rounding = ", within the paper's rounding" if entry["rounding"] else ""
        basis = entry["basis"]
        if self.mode == COMPUTED:
            text = (
                f"{basis[0].upper()}{basis[1:]}; the paper prints {paper_text} "
                f"(a difference of {difference_text}{rounding})."
            )
            printed = computed_text
        else:
            text = (
                f"The paper's figure; {basis}: {computed_text} "
                f"(a difference of {difference_text}{rounding})."
            )
            printed = paper_text
        self.notes.append({"mark": mark, "text": text})
        return Noted(printed, mark)
