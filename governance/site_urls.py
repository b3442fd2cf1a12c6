"""The site's home page (``/``, un-namespaced ``home``), included by the root URLconf.

It lists governance records, so it lives here rather than in the core, which names no app.
"""

from django.urls import path

from governance import views

urlpatterns = [path("", views.home, name="home")]
