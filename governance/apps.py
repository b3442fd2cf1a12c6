from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Authorities, partnerships, people, committees, meetings and reports."""

    name = "governance"
    verbose_name = "Governance"
