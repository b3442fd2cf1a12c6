"""The sliding inactivity sign-out, written to the database at most once a minute.

A session ends ``SESSION_COOKIE_AGE`` seconds after it was last saved. Django's
``SESSION_SAVE_EVERY_REQUEST`` slides that end on every request by saving the session row each
time: a database write for every page a councillor reads, which on the embedded SQLite default
queues behind (and delays) the officers' real saves. Here the session is saved only when it
changed anyway or when its last refresh is a minute old or more, so a person reading pages
causes at most one write a minute, and a session still ends ``SESSION_COOKIE_AGE`` after the
last activity, up to a minute *earlier*, never later (docs/deployment.md, "Sessions").
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: Session key holding when the expiry was last slid forward (seconds since the epoch).
REFRESHED_AT = "_refreshed_at"

#: The accuracy of the inactivity sign-out: the expiry is slid forward at most this often.
REFRESH_EVERY_SECONDS = 60


#: Set on a request by ``leaves_session_alone``: the refresh below does not look at it.
LEAVES_SESSION_ALONE = "leaves_session_alone"


def leaves_session_alone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose requests neither read nor slide the session: no query, no write.

    For the benchmark's floor (``perf/urls.py``): the cheapest request the stack can serve, so
    that every page's cost is compared with a request that writes nothing (docs/performance.md).
    A view that reads ``request.user`` still loads the session for it; only the refresh is
    skipped, so such a request does not count as the person's activity.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        setattr(request, LEAVES_SESSION_ALONE, True)
        return view(request, *args, **kwargs)

    return wrapped


def refresh_session(request: HttpRequest) -> None:
    """Slide the session's expiry forward now (it is saved with the response)."""
    request.session[REFRESHED_AT] = int(timezone.now().timestamp())


class SessionRefreshMiddleware:
    """After the view: refresh a live session whose last refresh is a minute old or more.

    Placed just after ``SessionMiddleware``, so its response half runs first and the session
    middleware then saves what it marked. A request without a session (an API token, an
    anonymous visitor) or with an ended one is left alone: no row is created for it; so is a
    request to a view marked ``leaves_session_alone``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or getattr(request, LEAVES_SESSION_ALONE, False):
            return response
        refreshed_at = session.get(REFRESHED_AT, 0)  # loads the session if the view did not
        if session.is_empty():  # the cookie named a session that has ended or was signed out
            return response
        now = int(timezone.now().timestamp())
        if session.modified or now - refreshed_at >= REFRESH_EVERY_SECONDS:
            session[REFRESHED_AT] = now
        return response
