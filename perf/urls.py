"""The product's URLs plus ``/perf/floor/``: the cheapest view Django can serve.

The floor is a view returning a small JSON response without touching the database, so its
latency through the same server, middleware and session is what any page costs at least on this
machine; the budgets in ``docs/performance.md`` are ratios to it.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from childrens_services.urls import urlpatterns as product_urlpatterns


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [path("perf/floor/", floor, name="perf-floor"), *product_urlpatterns]
