"""Savings pages: include with ``path("savings/", include("savings.urls"))``."""

from django.urls import path

from savings import views

app_name = "savings"

urlpatterns = [
    path("", views.ProgrammeList.as_view(), name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("data-quality/", views.data_quality, name="data_quality"),
]
