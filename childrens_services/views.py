"""Site-wide pages: a health check for load balancers and the session keep-alive.

The home page shows governance records (the user's authorities, the partnerships), so it is
``governance.home``, routed by ``governance.site_urls``: the core imports no app.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from childrens_services.sessions import refresh_session


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answers 200 when the app can reach its database (for a load balancer's probe)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_POST
@login_required
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Extend the signed-in session (the "Stay signed in" button of the timeout warning).

    Other requests renew the session at most once a minute (``childrens_services.sessions``);
    this one renews it now, so a person reading a long page can stay signed in without leaving,
    with or without JavaScript.
    """
    refresh_session(request)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"expires_in": request.session.get_expiry_age()})
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
