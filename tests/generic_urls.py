"""A URLconf for testing the shared table view on governance data."""

import django_tables2 as tables
from django.urls import include, path

from childrens_services.generic import ScopedTableView
from childrens_services.tables import BaseTable
from governance.filtersets import DivisionFilterSet
from governance.models import Division


class DivisionTable(BaseTable):
    name = tables.Column()
    authority = tables.Column()
    head = tables.Column()

    class Meta(BaseTable.Meta):
        model = Division
        fields = ["name", "authority", "head"]
        per_page = 2


class DivisionList(ScopedTableView):
    model = Division
    table_class = DivisionTable
    filterset_class = DivisionFilterSet
    title = "Divisions"


urlpatterns = [
    path("divisions/", DivisionList.as_view(), name="divisions"),
    path("", include("childrens_services.urls")),
]
