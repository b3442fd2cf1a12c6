"""The project package as an app: shared models, the signals that keep cached figures true and
the one that keeps frozen records from being deleted by a cascade."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


class ChildrensServicesConfig(AppConfig):
    name = "childrens_services"
    verbose_name = "Children's services"

    def ready(self) -> None:
        from childrens_services.admin import install_figure_display
        from childrens_services.caching import on_record_saved_or_deleted
        from childrens_services.models import refuse_frozen_delete

        install_figure_display()
        pre_delete.connect(refuse_frozen_delete, dispatch_uid="frozen-records-stay")

        for uid, signal in (("saved", post_save), ("deleted", post_delete), ("m2m", m2m_changed)):
            signal.connect(on_record_saved_or_deleted, dispatch_uid=f"figures-{uid}")
