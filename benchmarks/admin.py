"""Admin for benchmarks: reference data administrators maintain, success-measure links officers
choose. Values are not edited here: they are a copy of the published file (``import_lait``).
"""

from django.contrib import admin

from benchmarks.models import (
    Area,
    ImportRun,
    Measure,
    Neighbour,
    NeighbourModel,
    Period,
    SuccessMeasureBenchmark,
)
from childrens_services.admin import ScopedModelAdmin


@admin.register(Area)
class AreaAdmin(ScopedModelAdmin):
    list_display = ["name", "code", "kind", "region", "london_part", "authority"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]
    ordering = ["code"]
    autocomplete_fields = ["authority"]
    list_select_related = ["region", "london_part", "authority"]


@admin.register(Measure)
class MeasureAdmin(ScopedModelAdmin):
    list_display = ["short_name", "chart_title", "topic", "polarity", "unit"]
    list_filter = ["topic", "polarity"]
    search_fields = ["short_name", "name", "chart_title", "description"]
    ordering = ["topic", "chart_title"]


@admin.register(Period)
class PeriodAdmin(ScopedModelAdmin):
    list_display = ["label", "start_year", "end_year", "qualifier"]
    list_filter = ["qualifier"]
    search_fields = ["label"]
    ordering = ["end_year", "start_year", "qualifier"]


@admin.register(NeighbourModel)
class NeighbourModelAdmin(ScopedModelAdmin):
    list_display = ["name", "year", "published"]
    search_fields = ["name"]
    ordering = ["-year"]


@admin.register(Neighbour)
class NeighbourAdmin(ScopedModelAdmin):
    list_display = ["area", "rank", "neighbour", "closeness", "model"]
    list_filter = ["model", "closeness"]
    search_fields = ["area__name", "area__code", "neighbour__name"]
    ordering = ["model", "area__name", "rank"]
    autocomplete_fields = ["area", "neighbour"]
    list_select_related = ["area", "neighbour", "model"]


@admin.register(ImportRun)
class ImportRunAdmin(ScopedModelAdmin):
    list_display = ["started", "finished", "measures_read", "values_read", "values_missing"]
    search_fields = ["values_file", "values_sha256"]
    ordering = ["-started"]


@admin.register(SuccessMeasureBenchmark)
class SuccessMeasureBenchmarkAdmin(ScopedModelAdmin):
    list_display = ["success_measure", "measure", "neighbour_model"]
    list_filter = ["neighbour_model"]
    search_fields = ["success_measure__indicator", "measure__short_name", "measure__chart_title"]
    ordering = ["success_measure"]
    autocomplete_fields = ["success_measure", "measure"]
    list_select_related = ["success_measure", "measure", "neighbour_model"]
