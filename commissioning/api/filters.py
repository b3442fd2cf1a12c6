"""The register page's filterset, plus the owner and supplier keys the API filters by."""

from commissioning import filtersets


class ContractFilterSet(filtersets.ContractFilterSet):
    class Meta(filtersets.ContractFilterSet.Meta):
        fields = [
            *filtersets.ContractFilterSet.Meta.fields,
            "authority",
            "partnership",
            "provider",
            "reference",
        ]
