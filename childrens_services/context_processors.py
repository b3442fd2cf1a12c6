"""Template context every page needs: the service navigation for the signed-in user."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

#: (URL name, label) of the sections in the service navigation, in order. A section whose
#: URL is not installed yet is left out.
SECTIONS = [
    ("home", "Home"),
    ("dashboards:overview", "Overview"),
    ("dashboards:savings", "Savings"),
    ("dashboards:contracts", "Contracts"),
    ("mandates:list", "Mandates"),
    ("dashboards:compare", "Compare"),
    ("reports:list", "Reports"),
    ("benchmarks:index", "Benchmarks"),
]


def navigation(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"service_navigation": []}
    session_minutes = settings.SESSION_COOKIE_AGE // 60
    items = []
    for name, label in SECTIONS:
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"href": href, "label": label, "current": current})
    return {"service_navigation": items, "session_minutes": session_minutes}
