"""The project package as an app: shared models, the signals that keep cached figures true and
the one that keeps frozen records from being deleted by a cascade."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save


class ChildrensServicesConfig(AppConfig):
    name = "childrens_services"
    verbose_name = "Children's services"

    def ready(self) -> None:
        from childrens_services.admin import install_figure_display
        from childrens_services.caching import on_record_about_to_save, on_record_saved_or_deleted
        from childrens_services.models import refuse_frozen_delete

        install_figure_display()
        pre_delete.connect(refuse_frozen_delete, dispatch_uid="frozen-records-stay")

        # A deleted record is counted before it goes, while the parents its owners are read
        # through still exist (a cascade deletes them too); a moved one before it is saved.
        for uid, signal in (("saved", post_save), ("deleted", pre_delete), ("m2m", m2m_changed)):
            signal.connect(on_record_saved_or_deleted, dispatch_uid=f"figures-{uid}")
        pre_save.connect(on_record_about_to_save, dispatch_uid="figures-moved")
