"""The OpenAPI schema, for signed-in users only, built and rendered once per process.

Generating it walks every route and serializer, and rendering its 1.3 MB of YAML costs about
0.4 s of CPU on every request. The schema is built with ``SERVE_PUBLIC`` (the same for every
user) and changes only with the code, so each process keeps the bytes of each format it has
rendered; a release starts new processes. Who may read it is
``SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]`` (signed in), which the docs page shares.
"""

from __future__ import annotations

import threading

from django.http import HttpResponse
from drf_spectacular.views import SpectacularAPIView

_built: dict = {}
_lock = threading.Lock()


class CachedSpectacularAPIView(SpectacularAPIView):
    """drf-spectacular's schema view, keeping the rendered schema of the default version.

    Only plain requests are kept: one naming a ``version`` or ``lang``, or asking for a media
    type with parameters, is built afresh (caching every value a client could send would let
    it fill the memory).
    """

    def _get_schema_response(self, request):
        renderer = request.accepted_renderer
        if (
            request.GET.get("version")
            or request.GET.get("lang")
            or request.version
            or request.accepted_media_type != renderer.media_type
        ):
            return super()._get_schema_response(request)
        key = (renderer.format, renderer.media_type)
        with _lock:
            if key not in _built:
                built = super()._get_schema_response(request)
                body = renderer.render(built.data, renderer.media_type, {"request": request})
                _built[key] = (body, built["Content-Disposition"])
        body, disposition = _built[key]
        content_type = renderer.media_type
        if renderer.charset:
            content_type += f"; charset={renderer.charset}"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = disposition
        return response
