"""Serializers for benchmark reference data and the links from success measures."""

from benchmarks.models import (
    Area,
    ImportRun,
    Measure,
    Neighbour,
    NeighbourModel,
    Period,
    SuccessMeasureBenchmark,
    Value,
)
from childrens_services.api.serializers import ScopedModelSerializer


class AreaSerializer(ScopedModelSerializer):
    class Meta:
        model = Area
        fields = "__all__"


class MeasureSerializer(ScopedModelSerializer):
    class Meta:
        model = Measure
        fields = "__all__"


class PeriodSerializer(ScopedModelSerializer):
    class Meta:
        model = Period
        fields = "__all__"


class NeighbourModelSerializer(ScopedModelSerializer):
    class Meta:
        model = NeighbourModel
        fields = "__all__"


class NeighbourSerializer(ScopedModelSerializer):
    class Meta:
        model = Neighbour
        fields = "__all__"


class ValueSerializer(ScopedModelSerializer):
    """Values are replaced wholesale by each import, so they carry no version."""

    version = None

    class Meta:
        model = Value
        fields = "__all__"


class ImportRunSerializer(ScopedModelSerializer):
    class Meta:
        model = ImportRun
        fields = "__all__"


class SuccessMeasureBenchmarkSerializer(ScopedModelSerializer):
    class Meta:
        model = SuccessMeasureBenchmark
        fields = "__all__"
