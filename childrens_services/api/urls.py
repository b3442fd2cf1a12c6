"""``/api/v1/``: every app's API routes, the OpenAPI schema and its browsable docs."""

from importlib import import_module

from django.apps import apps
from django.urls import include, path, re_path
from django.utils.module_loading import module_has_submodule
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from childrens_services.api.schema_view import CachedSpectacularAPIView


def _publishes_routes(config) -> bool:
    """Whether an installed app publishes API routes, in ``<app>/api/urls.py`` (this module
    is the core's own ``api/urls.py``, the root of them all)."""
    return (
        config.name != __name__.split(".")[0]
        and module_has_submodule(config.module, "api")
        and module_has_submodule(import_module(f"{config.name}.api"), "urls")
    )


#: Installed apps that publish routes in ``<app>/api/urls.py``, in ``INSTALLED_APPS`` order,
#: found as Django's admin finds ``admin.py`` modules, so the core names no app.
API_APPS = [config.name for config in apps.get_app_configs() if _publishes_routes(config)]


def _app_routes() -> list:
    return [path("", include(f"{app}.api.urls")) for app in API_APPS]


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
