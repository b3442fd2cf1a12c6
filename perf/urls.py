"""The product's URLs plus ``/perf/floor/``: the cheapest view Django can serve.

The floor is a view returning a small JSON response through the same server and middleware as
every page, with the same signed-in session cookie, that reads and writes nothing: it does not
load the session or the user, and the once-a-minute session refresh leaves it alone
(``leaves_session_alone``), so no request to it ever saves the session or touches
``last_login``. Its latency is what any page costs at least on this machine, and the budgets in
``docs/performance.md`` are ratios to it: a floor that wrote would hide a page's own writes
in the ratio (``tests/test_perf_floor.py`` holds it to no query at all).
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from childrens_services.sessions import leaves_session_alone
from childrens_services.urls import urlpatterns as product_urlpatterns


@leaves_session_alone
def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [path("perf/floor/", floor, name="perf-floor"), *product_urlpatterns]
