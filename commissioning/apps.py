from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    #: Cached figures are computed from its records (``childrens_services.caching``).
    feeds_figures = True
