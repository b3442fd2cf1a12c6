"""Benchmarks are published reference data any role reads; links follow their success measure."""

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
from childrens_services.permissions import register

register(
    Area, Measure, Period, NeighbourModel, Neighbour, Value, ImportRun, SuccessMeasureBenchmark
)
