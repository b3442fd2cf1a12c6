"""The scrutiny dashboards, included under ``dashboards/``."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("savings/", views.SavingsLinesView.as_view(), name="savings"),
    path("savings/lines/<int:pk>/", views.SavingsLineView.as_view(), name="savings_line"),
    path("budgets/", views.BudgetsView.as_view(), name="budgets"),
    path("contracts/", views.ContractsView.as_view(), name="contracts"),
    path("contracts/renewals/", views.RenewalsView.as_view(), name="renewals"),
    path("commissioning/", views.CommissioningView.as_view(), name="commissioning"),
    path("assets/", views.AssetsView.as_view(), name="assets"),
    path("milestones/", views.MilestonesView.as_view(), name="milestones"),
    path("measures/", views.MeasuresView.as_view(), name="measures"),
    path("recommendations/", views.RecommendationsView.as_view(), name="recommendations"),
    path("compare/", views.CompareView.as_view(), name="compare"),
]
