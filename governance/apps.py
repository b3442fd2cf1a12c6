from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Authorities, partnerships, people, committees, meetings and reports."""

    name = "governance"
    #: Cached figures are computed from its records (``childrens_services.caching``).
    feeds_figures = True
    verbose_name = "Governance"
