from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """DfE reference measures (LAIT), statistical neighbours and comparisons between LAs."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
