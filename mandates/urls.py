from django.urls import path

from mandates import views

app_name = "mandates"

urlpatterns = [
    path("", views.MandateList.as_view(), name="list"),
    path("<int:pk>/", views.mandate_detail, name="detail"),
    path("<int:older>/compare/<int:newer>/", views.compare, name="compare"),
]
