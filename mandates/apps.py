from django.apps import AppConfig


class MandatesConfig(AppConfig):
    name = "mandates"
    #: Cached figures are computed from its records (``childrens_services.caching``).
    feeds_figures = True
