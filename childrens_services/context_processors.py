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
    ("decisions:forward_plan", "Decisions"),
    ("benchmarks:index", "Benchmarks"),
    ("alerts:following", "What I follow"),
]


#: Apps, by URL namespace, whose pages have no section of their own, and the section they are
#: read from: a savings programme from Savings, an authority's commissioning plan from the
#: dashboards (their Commissioning plan page links to it), the scrutiny tracker from the
#: dashboards' Scrutiny recommendations page.
BELONGS = {
    "savings": "dashboards:savings",
    "commissioning": "dashboards:overview",
    "scrutiny": "dashboards:overview",
    "decisions": "decisions:forward_plan",
}


def current_section(path: str, namespace: str, hrefs: dict[str, str]) -> str | None:
    """The one section (URL name) a page is in: its app's, else the section whose address
    is the longest start of the page's (``/dashboards/savings/`` is Savings, not also the
    Overview at ``/dashboards/``); the home page only at ``/``. ``None`` outside them all."""
    if namespace in BELONGS and BELONGS[namespace] in hrefs:
        return BELONGS[namespace]
    within = [
        name
        for name, href in hrefs.items()
        if path == href or (href != "/" and path.startswith(href))
    ]
    return max(within, key=lambda name: len(hrefs[name]), default=None)


def navigation(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"service_navigation": []}
    session_minutes = settings.SESSION_COOKIE_AGE // 60
    hrefs = {}
    for name, _label in SECTIONS:
        try:
            hrefs[name] = reverse(name)
        except NoReverseMatch:
            continue
    match = getattr(request, "resolver_match", None)
    current = current_section(request.path, match.namespace if match else "", hrefs)
    items = [
        {"href": hrefs[name], "label": label, "current": name == current}
        for name, label in SECTIONS
        if name in hrefs
    ]
    return {"service_navigation": items, "session_minutes": session_minutes}
