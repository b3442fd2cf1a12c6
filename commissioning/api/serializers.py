"""Serializers for commissioning records, and the contracts import's request and answer."""

from rest_framework import serializers

from childrens_services.api.serializers import NOT_LINKABLE, ScopedModelSerializer
from childrens_services.permissions import linkable
from commissioning.imports import LIMITS
from commissioning.models import (
    Contract,
    ContractForecast,
    ContractLot,
    DeliveryModelSpend,
    Provider,
    Service,
    ServiceDeliveryModel,
    ServiceGroup,
)
from governance.models import Authority, Partnership


class ProviderSerializer(ScopedModelSerializer):
    class Meta:
        model = Provider
        fields = "__all__"


class ContractSerializer(ScopedModelSerializer):
    class Meta:
        model = Contract
        fields = "__all__"


class ContractLotSerializer(ScopedModelSerializer):
    class Meta:
        model = ContractLot
        fields = "__all__"


class ContractForecastSerializer(ScopedModelSerializer):
    class Meta:
        model = ContractForecast
        fields = "__all__"


class ServiceGroupSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceGroup
        fields = "__all__"


class ServiceSerializer(ScopedModelSerializer):
    class Meta:
        model = Service
        fields = "__all__"


class ServiceDeliveryModelSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceDeliveryModel
        fields = "__all__"


class DeliveryModelSpendSerializer(ScopedModelSerializer):
    class Meta:
        model = DeliveryModelSpend
        fields = "__all__"


class OwnerSerializer(serializers.Serializer):
    """Whose register: exactly one of an authority or a partnership, by id."""

    authority = serializers.PrimaryKeyRelatedField(
        queryset=Authority.objects.all(), required=False, allow_null=True
    )
    partnership = serializers.PrimaryKeyRelatedField(
        queryset=Partnership.objects.all(), required=False, allow_null=True
    )

    def get_fields(self):
        """An owner the user may not import for is "not one you may link to", as in every
        write (``permissions.linkable``): the same answer as an owner that does not exist."""
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and self.context.get("writing"):
            for name in ("authority", "partnership"):
                fields[name].queryset = linkable(request.user, Contract, name)
                fields[name].error_messages["does_not_exist"] = NOT_LINKABLE
        return fields

    def validate(self, attrs):
        chosen = [attrs[k] for k in ("authority", "partnership") if attrs.get(k) is not None]
        if len(chosen) != 1:
            raise serializers.ValidationError(
                {"authority": ["Name exactly one owner: an authority or a partnership."]}
            )
        attrs["owner"] = chosen[0]
        return attrs


class ContractImportSerializer(OwnerSerializer):
    file = serializers.FileField(
        help_text=f"A CSV or XLSX register in the Transparency Code 2015 layout, {LIMITS}."
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Check every row and say what would change; write nothing."
    )


class ImportChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField(allow_null=True)
    after = serializers.CharField(allow_null=True)


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The row's line in the file.")
    reference = serializers.CharField()
    action = serializers.ChoiceField(choices=["create", "update", "unchanged"])
    changes = ImportChangeSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    applied = serializers.BooleanField(help_text="False on a dry run: nothing was written.")
    summary = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    ignored_columns = serializers.ListField(child=serializers.CharField())
    rows = ImportRowSerializer(many=True)
