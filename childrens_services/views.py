"""Site-wide pages: the home page and a health check for load balancers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from childrens_services.permissions import ROLE_CHOICES, authority_ids_of, role_of
from governance.models import Authority, Partnership


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where every signed-in user starts: their role, their authorities, where to go next."""
    context = {
        "role": role_of(request.user),
        "role_label": dict(ROLE_CHOICES).get(role_of(request.user), ""),
        "my_authorities": Authority.objects.filter(pk__in=authority_ids_of(request.user)),
        "partnerships": Partnership.objects.select_related("lead_authority"),
    }
    return render(request, "home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answers 200 when the app can reach its database (for a load balancer's probe)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
