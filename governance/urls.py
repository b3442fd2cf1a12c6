"""Committee report pages, wired under /reports/ (namespace "reports")."""

from django.urls import path

from governance import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportList.as_view(), name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/supersede/", views.report_supersede, name="supersede"),
    # The composer: a hub, the front matter, and one page per part.
    path("<int:pk>/compose/", views.compose, name="compose"),
    path("<int:pk>/compose/front-matter/", views.front_matter, name="front-matter"),
    path("<int:pk>/compose/appendices/kind/", views.appendix_kind, name="appendix-choose"),
    path("<int:pk>/compose/appendices/add/", views.appendix_edit, name="appendix-add"),
    path("<int:pk>/compose/appendices/<int:part_pk>/", views.appendix_edit, name="appendix"),
    path(
        "<int:pk>/compose/appendices/<int:part_pk>/kind/",
        views.appendix_kind,
        name="appendix-kind",
    ),
    path("<int:pk>/compose/<slug:part>/add/", views.part_edit, name="part-add"),
    path("<int:pk>/compose/<slug:part>/<int:part_pk>/", views.part_edit, name="part"),
    path(
        "<int:pk>/compose/<slug:part>/<int:part_pk>/delete/",
        views.part_delete,
        name="part-delete",
    ),
    path("<int:pk>/compose/<slug:part>/<int:part_pk>/move/", views.part_move, name="part-move"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/pack/", views.pack_request, name="pack-request"),
    path("packs/<int:pk>/", views.pack_status, name="pack"),
    path("packs/<int:pk>/pdf/", views.pack_pdf, name="pack-pdf"),
]
