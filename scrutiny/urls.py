"""Scrutiny pages: included under ``scrutiny/`` by the project's URLs."""

from django.urls import path

from scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path("recommendations/", views.RecommendationList.as_view(), name="recommendations"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
]
