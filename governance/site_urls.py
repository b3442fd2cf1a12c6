"""The site's home page (``/``, the un-namespaced ``home``), included by the root URLconf,
which names apps only as strings: the core imports no app."""

from django.urls import path

from governance.home import home

urlpatterns = [path("", home, name="home")]
