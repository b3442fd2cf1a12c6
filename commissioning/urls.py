"""Commissioning pages; included under ``commissioning/`` by the project's URLs."""

from django.urls import path
from django.views.generic import RedirectView

from commissioning import views

app_name = "commissioning"

urlpatterns = [
    # The renewals pipeline is one page, the dashboards' (?scope, ?on and ?months carry over).
    path(
        "renewals/",
        RedirectView.as_view(pattern_name="dashboards:renewals", permanent=True, query_string=True),
        name="renewals",
    ),
    path("plan/<str:dfe_code>/", views.commissioning_plan, name="plan"),
    path(
        "contracts/<str:kind>/<str:key>.<str:fmt>",
        views.export_register,
        name="export",
    ),
]
