"""Demo data for benchmarks: every area, both neighbour models, all measures, some values.

``load_demo`` runs on every ``make run`` so it loads values only for the measures behind the
H&F mandate's success measures (``fixtures/benchmarks/lait_values_demo.csv``, see the README
there); ``manage.py import_lait`` loads all 641,070.
"""

from __future__ import annotations

from benchmarks.imports import import_measures, import_values, load_areas, load_neighbour_models
from childrens_services.demo import fixture_path


def load(stdout) -> None:
    areas = load_areas()
    load_neighbour_models(areas)
    import_measures(fixture_path("benchmarks", "lait_measures.csv"))
    result = import_values(fixture_path("benchmarks", "lait_values_demo.csv"))
    stdout.write(f"benchmarks: {len(areas)} areas, {result.read:,} demo values")
