"""The site's URLs plus the savings pages, until ``savings.urls`` is wired into the root."""

from django.urls import include, path

from childrens_services.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("savings/", include("savings.urls"))]
