"""Committee report pages, wired under /reports/ (namespace "reports")."""

from django.urls import path

from governance import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportList.as_view(), name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/supersede/", views.report_supersede, name="supersede"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/pack/", views.pack_request, name="pack-request"),
    path("packs/<int:pk>/", views.pack_status, name="pack"),
    path("packs/<int:pk>/pdf/", views.pack_pdf, name="pack-pdf"),
]
