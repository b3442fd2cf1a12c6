"""API viewsets for benchmarks.

The DfE figures (areas, measures, periods, values, statistical neighbours) come only from the
LAIT import, which records its run, so the API reads them and never writes them: a value typed
through the API would be a figure no one published. The link from a mandate's success measure
to its benchmark is the borough's own choice and is written like any owned record.
"""

from benchmarks.api import serializers
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
from childrens_services.api.viewsets import ScopedModelViewSet

READ_ONLY = ["get", "head", "options"]


class AreaViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = Area.objects.all()
    serializer_class = serializers.AreaSerializer
    filterset_fields = ["kind", "code", "region", "authority"]
    ordering_fields = ["name", "code"]
    ordering = ["name", "pk"]


class MeasureViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = Measure.objects.all()
    serializer_class = serializers.MeasureSerializer
    filterset_fields = ["topic", "code", "polarity", "year_type"]
    ordering_fields = ["topic", "short_name", "code"]
    ordering = ["topic", "chart_title", "pk"]


class PeriodViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = Period.objects.all()
    serializer_class = serializers.PeriodSerializer
    filterset_fields = ["start_year", "end_year", "qualifier"]
    ordering_fields = ["start_year", "end_year"]
    ordering = ["end_year", "start_year", "qualifier", "pk"]


class NeighbourModelViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = NeighbourModel.objects.all()
    serializer_class = serializers.NeighbourModelSerializer
    filterset_fields = ["year"]
    ordering_fields = ["year"]
    ordering = ["-year", "pk"]


class NeighbourViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = Neighbour.objects.all()
    serializer_class = serializers.NeighbourSerializer
    filterset_fields = ["model", "area", "neighbour", "closeness"]
    ordering_fields = ["rank"]
    ordering = ["model", "area", "rank", "pk"]


class ValueViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = Value.objects.all()
    serializer_class = serializers.ValueSerializer
    filterset_fields = ["measure", "area", "period", "marker"]
    ordering_fields = ["value", "period"]
    ordering = ["measure", "period", "area", "pk"]


class ImportRunViewSet(ScopedModelViewSet):
    http_method_names = READ_ONLY
    queryset = ImportRun.objects.all()
    serializer_class = serializers.ImportRunSerializer
    ordering_fields = ["started", "finished"]
    ordering = ["-started", "pk"]


class SuccessMeasureBenchmarkViewSet(ScopedModelViewSet):
    queryset = SuccessMeasureBenchmark.objects.all()
    serializer_class = serializers.SuccessMeasureBenchmarkSerializer
    filterset_fields = ["success_measure", "measure", "neighbour_model"]
    ordering_fields = ["success_measure"]
    ordering = ["success_measure", "pk"]
