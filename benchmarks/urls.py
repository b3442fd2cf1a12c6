from django.urls import path

from benchmarks import views

app_name = "benchmarks"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("<str:code>/", views.authority, name="authority"),
    path("<str:code>/measures/<int:measure_id>/", views.measure, name="measure"),
]
