from django.apps import AppConfig


class SavingsConfig(AppConfig):
    """Savings programmes, their lines and profiles, restructures, budgets and delivery."""

    name = "savings"
    #: Cached figures are computed from its records (``childrens_services.caching``).
    feeds_figures = True
    verbose_name = "Savings"

    def ready(self) -> None:
        from savings import summaries

        summaries.connect()
