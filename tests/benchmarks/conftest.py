"""Benchmarks test data: the real area list and neighbour models, small LAIT files in tmp."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.imports import load_areas, load_neighbour_models

MEASURE_HEADER = [
    "Measure_code",
    "Topic",
    "Measure",
    "Chart_title",
    "Measure_short",
    "Polarity",
    "y_axis_name",
    "Description",
    "Data Owner (DO) /Supplier and Contact Details",
]
VALUE_HEADER = ["short_desc", "measure", "years", "area", "la_number", "region", "value"]

#: Real dictionary rows (lait_measures.csv), cut to the columns the importer reads.
MEASURES = [
    ["98", "Child Protection", "Child Protection Plans lasting 2 years or more which cease",
     "Child Protection Plans lasting 2 years or more which cease during the year (%)",
     "CPPlans2yrs", "Low", "% of plans", "Plans ceasing in the year.", "DfE"],
    ["2", "Key Stage 2", "Expected standard in RWM",
     "Pupils meeting the expected standard in reading, writing and mathematics (%)",
     "KS2RWM_Expected_STD", "High", "% achieving expected level", "", "DfE"],
    ["3", "Children Looked After", "LAC rate", "Children looked after rate per 10,000",
     "LAC", "-", "Rate per 10,000", "", "DfE"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """The world's users' passwords need not resist brute force in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def measures_file(tmp_path) -> Path:
    return write_csv(tmp_path / "measures.csv", MEASURE_HEADER, MEASURES)


@pytest.fixture
def values_file(tmp_path):
    """Write a values file from ``(short_desc, period, la_number, value)`` tuples."""

    def _write(rows, name: str = "values.csv") -> Path:
        return write_csv(
            tmp_path / name,
            VALUE_HEADER,
            [
                [short, "", period, f"LA {code}", code, "", value]
                for short, period, code, value in rows
            ],
        )

    return _write


@pytest.fixture
def reference(world):
    """Every area (the five world authorities linked) and both neighbour models."""
    areas = load_areas()
    models = load_neighbour_models(areas)
    return areas, models
