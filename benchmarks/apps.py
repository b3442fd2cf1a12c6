from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """DfE reference measures (LAIT), statistical neighbours and comparisons between LAs."""

    name = "benchmarks"
    #: Cached figures are computed from its records (``childrens_services.caching``).
    feeds_figures = True
    verbose_name = "Benchmarks"
