from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Follow, alerts and feeds: on the top layer, so it may read every app's records."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "Follow and alerts"

    def ready(self) -> None:
        # Listen for ``childrens_services.events.happened``: every app announces through the
        # core, so this is the one place alerts hear of anything.
        from alerts import listeners  # noqa: F401
