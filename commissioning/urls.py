"""Commissioning pages; included under ``commissioning/`` by the project's URLs."""

from django.urls import path

from commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("renewals/", views.renewals, name="renewals"),
    path("plan/<str:dfe_code>/", views.commissioning_plan, name="plan"),
    path(
        "contracts/<str:kind>/<str:key>.<str:fmt>",
        views.export_register,
        name="export",
    ),
]
