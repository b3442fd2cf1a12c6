from django.apps import AppConfig


class SavingsConfig(AppConfig):
    """Savings programmes, their lines and profiles, restructures, budgets and delivery."""

    name = "savings"
    verbose_name = "Savings"
