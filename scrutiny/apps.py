from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    """Scrutiny recommendations to the executive, their responses, actions and reviews."""

    name = "scrutiny"
    #: Cached figures are computed from its records (``childrens_services.caching``).
    feeds_figures = True
    verbose_name = "Scrutiny"
