"""Every list page is the shared list view declared in a few lines (NetBox's
``tenancy/views.py`` shape), filtered by the same FilterSet class as its API list."""

from __future__ import annotations

import inspect

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.viewsets import GenericViewSet

from childrens_services.generic import ScopedTableView

#: A list page's view, class line and docstring included, stays shorter than this.
MOST_LINES = 15


def _views(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def list_pages() -> dict[str, type[ScopedTableView]]:
    """Every routed page that is a list view, by address."""
    return {
        route: callback.view_class
        for route, callback in _views(get_resolver().url_patterns)
        if issubclass(getattr(callback, "view_class", object), ScopedTableView)
    }


def api_filtersets() -> dict[type, list[type]]:
    """The API list's FilterSet classes, by model."""
    found: dict[type, list[type]] = {}
    for _route, callback in _views(get_resolver().url_patterns):
        viewset = getattr(callback, "cls", None)
        if viewset and issubclass(viewset, GenericViewSet) and viewset.queryset is not None:
            filterset = getattr(viewset, "filterset_class", None)
            if filterset is not None:
                found.setdefault(viewset.queryset.model, []).append(filterset)
    return found


def test_every_app_has_its_list_pages_on_the_shared_view():
    apps = {view.__module__.split(".")[0] for view in list_pages().values()}
    assert apps >= {"governance", "mandates", "savings", "dashboards"}
    assert len(list_pages()) >= 6


def test_every_list_page_view_is_a_few_declarative_lines():
    long = {}
    for route, view in list_pages().items():
        lines = len(inspect.getsource(view).rstrip().splitlines())
        if lines >= MOST_LINES:
            long[route] = (view.__qualname__, lines)
    assert long == {}


def test_every_list_page_filters_as_its_api_list_does():
    """The page's FilterSet is the API list's, or the one the API extends with parent keys
    (``?mandate=3``) that a page takes from its scope instead."""
    api = api_filtersets()
    different = {}
    for route, view in list_pages().items():
        model = view.queryset.model if view.queryset is not None else view.model
        if not any(issubclass(f, view.filterset_class) for f in api.get(model, [])):
            different[route] = view.filterset_class.__name__
    assert different == {}
