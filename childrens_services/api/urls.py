"""``/api/v1/``: every app's API routes, the OpenAPI schema and its browsable docs."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from childrens_services.api.schema_view import CachedSpectacularAPIView

#: Apps that publish routes in ``<app>/api/urls.py``.
API_APPS = ["governance", "mandates", "savings", "commissioning", "benchmarks"]


def _app_routes() -> list:
    routes = []
    for app in API_APPS:
        try:
            import_module(f"{app}.api.urls")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{app}.api", f"{app}.api.urls"):
                raise
            continue
        routes.append(path("", include(f"{app}.api.urls")))
    return routes


urlpatterns = [
    path("schema/", CachedSpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("token/", obtain_auth_token, name="token"),
    *_app_routes(),
]
