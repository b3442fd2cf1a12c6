"""Decisions pages: include with ``path("decisions/", include("decisions.urls"))``."""

from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("forward-plan/", views.ForwardPlanList.as_view(), name="forward_plan"),
    path("forward-plan/<int:pk>/", views.forward_plan_entry, name="forward_plan_entry"),
    path("", views.DecisionList.as_view(), name="decisions"),
    path("<int:pk>/", views.decision, name="decision"),
]
