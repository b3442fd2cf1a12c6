"""Serializers for savings records, and for the totals the system computes from them."""

from rest_framework import serializers

from childrens_services.api.serializers import ScopedModelSerializer
from savings.models import (
    CapitalProgrammeLine,
    DeliveryRecord,
    DivisionBudget,
    ImplementationCost,
    ProgrammeOverlap,
    ReportedFigure,
    RestructurePosition,
    SavingsLine,
    SavingsProfile,
    SavingsProgramme,
    SavingsTarget,
    StaffingRestructure,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


class SavingsProgrammeSerializer(ScopedModelSerializer):
    class Meta:
        model = SavingsProgramme
        fields = "__all__"


class ProgrammeOverlapSerializer(ScopedModelSerializer):
    """A programme restating another's savings: ``earlier`` may name any programme the user
    may read, ``programme`` only one they own."""

    class Meta:
        model = ProgrammeOverlap
        fields = "__all__"


class SavingsLineSerializer(ScopedModelSerializer):
    class Meta:
        model = SavingsLine
        fields = "__all__"


class SavingsProfileSerializer(ScopedModelSerializer):
    """One cell of a profile: line × authority × financial year, cumulative, in pounds."""

    class Meta:
        model = SavingsProfile
        fields = "__all__"


class StaffingRestructureSerializer(ScopedModelSerializer):
    class Meta:
        model = StaffingRestructure
        fields = "__all__"


class RestructurePositionSerializer(ScopedModelSerializer):
    class Meta:
        model = RestructurePosition
        fields = "__all__"


class ImplementationCostSerializer(ScopedModelSerializer):
    class Meta:
        model = ImplementationCost
        fields = "__all__"


class DivisionBudgetSerializer(ScopedModelSerializer):
    class Meta:
        model = DivisionBudget
        fields = "__all__"


class SavingsTargetSerializer(ScopedModelSerializer):
    class Meta:
        model = SavingsTarget
        fields = "__all__"


class CapitalProgrammeLineSerializer(ScopedModelSerializer):
    class Meta:
        model = CapitalProgrammeLine
        fields = "__all__"


class DeliveryRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = DeliveryRecord
        fields = "__all__"


class ReportedFigureSerializer(ScopedModelSerializer):
    class Meta:
        model = ReportedFigure
        fields = "__all__"


# Computed totals: read-only shapes, so generated clients get every figure typed.


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Financial year as its start year (2011: 2011/12).")
    label = serializers.CharField(help_text="The financial year as written, e.g. 2011/12.")
    amount = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Null when the line has no profile recorded."
    )


class AuthorityAmountSerializer(serializers.Serializer):
    authority = serializers.CharField(help_text="The authority's short name.")
    amount = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Null when the line has no profile recorded."
    )


class TotalsRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text="The line's id; null on the total.")
    label = serializers.CharField()
    by_year = YearAmountSerializer(many=True)
    full_year = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Null when the line has no profile recorded."
    )
    by_authority = AuthorityAmountSerializer(
        many=True, help_text="The full-year saving falling to each authority."
    )


class MtfsSplitSerializer(serializers.Serializer):
    mtfs = serializers.DecimalField(**MONEY, help_text="Already in the MTFS.")
    additional_gross = serializers.DecimalField(**MONEY)
    dsg_exclusion = serializers.DecimalField(**MONEY, help_text="DSG savings excluded.")
    additional = serializers.DecimalField(**MONEY, help_text="Additional, DSG excluded.")


class ProgrammeTotalsSerializer(serializers.Serializer):
    """A programme's figures as its paper shows them (form and sign), computed from lines."""

    programme = serializers.IntegerField()
    paper_form = serializers.CharField()
    savings_shown_negative = serializers.BooleanField()
    years = YearAmountSerializer(many=True, help_text="The total row, year by year.")
    rows = TotalsRowSerializer(many=True)
    total = TotalsRowSerializer()
    lines_not_recorded = serializers.IntegerField(
        help_text="Lines with no profile recorded: null in ``rows`` and left out of ``total``."
    )
    split = MtfsSplitSerializer()


class NamedProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SetAsideSerializer(serializers.Serializer):
    programme = NamedProgrammeSerializer(help_text="The account not counted.")
    authorities = serializers.ListField(
        child=serializers.CharField(),
        help_text="Short names of the authorities it is set aside for.",
    )
    counted_instead = NamedProgrammeSerializer(help_text="The account counted in its place.")
    kind = serializers.CharField(help_text="restates, supersedes or overlaps.")


class AuthorityYearAmountSerializer(serializers.Serializer):
    authority = serializers.CharField(help_text="The authority's short name.")
    year = serializers.IntegerField()
    label = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


class CountedTotalsSerializer(serializers.Serializer):
    """Savings across programmes, each saving counted once on the basis named."""

    basis = serializers.ChoiceField(
        choices=["agreed", "restated"],
        help_text="agreed: where a paper restates another's savings, the earlier paper counts; "
        "restated: the later one does. A superseded account never counts.",
    )
    programmes = NamedProgrammeSerializer(many=True, help_text="The programmes counted.")
    set_aside = SetAsideSerializer(many=True)
    years = YearAmountSerializer(many=True)
    by_authority = AuthorityYearAmountSerializer(many=True)
