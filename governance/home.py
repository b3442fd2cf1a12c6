"""The home page: where every signed-in user starts (``/``, routed by ``governance.site_urls``).

It lists governance records (the user's authorities, the partnerships), so it lives in
governance rather than in the core, which imports no app.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from childrens_services.permissions import ROLE_CHOICES, authority_ids_of, role_of
from governance.models import Authority, Partnership


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Their role, their authorities, where to go next."""
    context = {
        "role": role_of(request.user),
        "role_label": dict(ROLE_CHOICES).get(role_of(request.user), ""),
        "my_authorities": Authority.objects.filter(pk__in=authority_ids_of(request.user)),
        "partnerships": Partnership.objects.select_related("lead_authority"),
    }
    return render(request, "home.html", context)
