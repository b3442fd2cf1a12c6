"""The project's URLs with the mandates pages included, for tests of those pages."""

from django.urls import include, path

from childrens_services.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("mandates/", include("mandates.urls"))]
