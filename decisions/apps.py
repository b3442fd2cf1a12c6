from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """The forward plan of key decisions, decision notices and their call-in."""

    name = "decisions"
    #: Cached pages (the lists) are drawn from its records (``childrens_services.caching``).
    feeds_figures = True
    verbose_name = "Decisions"
