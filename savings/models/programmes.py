"""Savings programmes, their lines and the amount each line saves per authority and year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childrens_services import financial_years
from childrens_services.financial_years import YEAR_VALIDATORS
from childrens_services.models import AuthorityOrPartnershipOwned, OwnedThroughParent

MONEY = {"max_digits": 14, "decimal_places": 2}


class SavingsProgramme(AuthorityOrPartnershipOwned):
    """A set of savings one paper presents together (the Tri-borough business case, a MTFS plan).

    Amounts are stored in one canonical form, the saving *reached* in each year against the base
    (cumulative, as seed 000 prints it); ``paper_form`` records how the source paper printed
    them so a report can reproduce the paper's own table (Harrow prints the new saving added
    each year, as negative figures).
    """

    class Form(models.TextChoices):
        CUMULATIVE = "cumulative", "Saving reached in each year against the base"
        INCREMENTAL = "incremental", "New saving added in each year"

    class Unit(models.TextChoices):
        POUNDS = "1", "£"
        THOUSANDS = "1000", "£000s"
        MILLIONS = "1000000", "£m"

    name = models.CharField(max_length=200)
    first_year = models.PositiveSmallIntegerField(
        help_text="Start year of the programme's first financial year (2011 means 2011/12).",
        validators=YEAR_VALIDATORS,
    )
    last_year = models.PositiveSmallIntegerField(
        help_text="Start year of the programme's last financial year.", validators=YEAR_VALIDATORS
    )
    paper_form = models.CharField(
        max_length=12,
        choices=Form.choices,
        default=Form.CUMULATIVE,
        help_text="How the source paper prints the profile; amounts are stored cumulatively.",
    )
    paper_unit = models.CharField(
        max_length=8,
        choices=Unit.choices,
        default=Unit.THOUSANDS,
        help_text="The unit the source paper prints (amounts are stored in pounds).",
    )
    savings_shown_negative = models.BooleanField(
        default=False, help_text="The paper prints savings as negative figures (Harrow)."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="The paper and table the figures come from."
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            # Serves the programmes' order (name, then pk) and, because ordering by a
            # ``programme`` or ``line`` foreign key sorts by the programme's name, every list
            # of lines, amounts, delivery records, targets and restructures too: with LIMIT
            # the database walks programmes by name and stops after one page instead of
            # joining and sorting every line (EXPLAIN ANALYZE at 40,000 lines: 25-55 ms ->
            # 0.2 ms; the amounts list, 100,000 rows: 97 ms -> 5 ms).
            models.Index(fields=["name", "id"], name="savings_programme_name_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period_label(self) -> str:
        return financial_years.period_label(self.first_year, self.last_year)

    @property
    def scale(self) -> int:
        return int(self.paper_unit)

    @property
    def negatives(self) -> str:
        """How the paper prints a negative figure (``formatting.figure``): Harrow, which prints
        savings as negative figures, with a minus; the others in brackets."""
        return "minus" if self.savings_shown_negative else "brackets"

    def participating_authorities(self) -> list:
        """The authorities the programme's savings fall to: its owner, or the partnership's."""
        if self.authority_id is not None:
            return [self.authority]
        if self.partnership_id is not None:
            # Sorted here rather than by the database, so a prefetch of the members serves it.
            return sorted(self.partnership.members.all(), key=lambda member: member.pk)
        return []

    def clean(self) -> None:
        super().clean()
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": "The last year cannot come before the first year."})


class SavingsLine(OwnedThroughParent):
    """One saving in a programme: what it is, how sure, how funded, and how it is shared.

    ``split_amount_as_reported`` is the figure the paper prints in its "existing MTFS" or
    "additional" column; left blank it is the line's full-year saving. Seed 000's social care
    middle-management line prints 340 there against 330 in 2014/15: storing both lets the MTFS
    total match the paper while the data-quality page shows the disagreement.
    """

    class Confidence(models.TextChoices):
        ASSURED = "assured", "Assured"
        PROJECTED = "projected", "Projected"
        POSSIBLE = "possible", "Possible"

    class Funding(models.TextChoices):
        GENERAL_FUND = "GF", "General fund"
        DSG = "DSG", "Dedicated Schools Grant"

    class BudgetStatus(models.TextChoices):
        IN_MTFS = "in_mtfs", "Existing MTFS"
        ADDITIONAL = "additional", "Additional transformational saving"
        NEW_TO_MTFS = "new_to_mtfs", "New to MTFS"
        INCLUDED_IN_MTFS = "included_in_mtfs", "Included in MTFS"

    class Method(models.TextChoices):
        A = "A", "A: share of net controllable staffing budget"
        B = "B", "B: savings split equally"
        C = "C", "C: costs split equally"
        D = "D", "D: where the FTE reductions fall"

    parent_field = "programme"

    programme = models.ForeignKey(SavingsProgramme, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the paper's table.")
    description = models.CharField(max_length=300)
    service = models.CharField(max_length=120, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)
    funding = models.CharField(max_length=3, choices=Funding.choices, default=Funding.GENERAL_FUND)
    budget_status = models.CharField(max_length=20, choices=BudgetStatus.choices, blank=True)
    attribution_method = models.CharField(max_length=1, choices=Method.choices, blank=True)
    attribution_basis = models.CharField(
        max_length=300, blank=True, help_text="e.g. net controllable staffing budget 2011/12."
    )
    basis_restructure = models.ForeignKey(
        "savings.StaffingRestructure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The restructure whose figures are the basis: its starting staffing budgets "
        "(method A) or its FTE reductions (method D).",
    )
    owner = models.CharField(max_length=120, blank=True, help_text="Responsible officer or team.")
    split_amount_as_reported = models.DecimalField(
        "amount in the MTFS/additional column, as reported",
        null=True,
        blank=True,
        help_text="Leave blank when it is the full-year saving.",
        **MONEY,
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "position", "pk"]
        indexes = [
            # The data-quality page checks the few lines with a column figure as reported
            # among 153,000 at national scale: a partial index finds them without a scan.
            models.Index(
                fields=["programme"],
                name="savingsline_split_reported",
                condition=models.Q(split_amount_as_reported__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_mtfs(self) -> bool:
        return self.budget_status in (self.BudgetStatus.IN_MTFS, self.BudgetStatus.INCLUDED_IN_MTFS)


class SavingsProfile(OwnedThroughParent):
    """The saving a line has reached in one financial year for one authority (cumulative).

    One cell of the glossary's *savings profile* (amounts per line, per authority, per
    financial year): a line's profile is ``line.amounts``. Stored in the cumulative form; a
    paper that prints the new saving added each year (Harrow) is rendered from it.
    """

    parent_field = "line"

    line = models.ForeignKey(SavingsLine, on_delete=models.CASCADE, related_name="amounts")
    authority = models.ForeignKey(
        "governance.Authority", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        help_text="Start year: 2011 means 2011/12.", validators=YEAR_VALIDATORS
    )
    amount = models.DecimalField(help_text="Pounds; the saving reached in the year.", **MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "authority", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "authority", "year"], name="one_savings_amount_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} — {self.authority.short_name} {financial_years.label(self.year)}"

    def clean(self) -> None:
        super().clean()
        check_year_and_authority(self)


def check_year_and_authority(record) -> None:
    """A line's figure must fall in its programme's years and to one of its authorities."""
    line = getattr(record, "line", None) if record.line_id else None
    if line is None:
        return
    programme = line.programme
    errors = {}
    if record.year is not None and record.year not in programme.years:
        errors["year"] = (
            f"{financial_years.label(record.year)} is outside the programme's years "
            f"({programme.period_label})."
        )
    if record.authority_id is not None:
        allowed = {a.pk for a in programme.participating_authorities()}
        if record.authority_id not in allowed:
            errors["authority"] = "This authority does not take part in the programme."
    if errors:
        raise ValidationError(errors)
