"""Benchmarks: LAIT measures and values, areas, statistical neighbours, success-measure links."""

from benchmarks.models.areas import Area
from benchmarks.models.links import SuccessMeasureBenchmark
from benchmarks.models.measures import Measure, Period, ReferenceData
from benchmarks.models.neighbours import Neighbour, NeighbourModel
from benchmarks.models.values import ImportRun, Value

__all__ = [
    "Area",
    "ImportRun",
    "Measure",
    "Neighbour",
    "NeighbourModel",
    "Period",
    "ReferenceData",
    "SuccessMeasureBenchmark",
    "Value",
]
