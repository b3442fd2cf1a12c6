"""``/api/v1/``: every app's API routes, the OpenAPI schema and its browsable docs."""

from importlib import import_module

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

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


@extend_schema(exclude=True)
class NoSuchAddress(APIView):
    """Any address under ``/api/v1/`` that names no resource: a 404 problem, like every other
    API error, rather than the site's HTML page (or a redirect) meant for browsers."""

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        hint = ""
        if not request.path.endswith("/"):
            hint = f" API addresses end with a slash: {request.path}/"
        raise NotFound(f"No API resource is at {request.path}.{hint}")


urlpatterns = [
    path("schema/", CachedSpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("token/", obtain_auth_token, name="token"),
    *_app_routes(),
    re_path(r"^[\s\S]*$", NoSuchAddress.as_view(), name="no-such-address"),
]
