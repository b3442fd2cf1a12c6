"""Officers' and clerks' admin screens meet WCAG 2.2 AA: axe-core in Chromium over every admin
page each can reach from ``/admin/`` by following links (every changelist, add form, change
form and history of each model they may view), on the demo data: 0 violations.

Two browser tabs per user take turns (one loads while axe checks the other); each path shape
(ids replaced, query dropped) is checked once. The two users are two tests (so two workers can
take them) on one load of the demo data per worker; the pages only read.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_finished, demo_served_once, sign_in, start_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.long]

PASSWORD = "a-demo-password-for-admin-accessibility"
#: Not pages to check: signing out, deleting, past versions (the change form's own fields,
#: read-only) and "view on site" redirects.
SKIPPED = re.compile(r"/logout/|/delete/|/history/\d+/|/admin/r/")


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def admin_pages_checked(tabs, base_url: str, limit: int = 400) -> tuple[int, dict[str, list]]:
    """Open every admin page reachable by links, run axe on each; the violations by page.

    The tabs (of one signed-in context) take turns: while axe checks the page in one, the
    next page is asked of the server and laid out in the other.
    """
    queue, seen, found, opened = deque(["/admin/"]), set(), {}, 0
    checking = None  # the (tab, path) whose axe run has not been read yet
    turns = itertools.cycle(tabs)

    def read(tab, path) -> None:
        if violations := axe_finished(tab):
            found[path] = violations

    while queue and opened < limit:
        path = queue.popleft()
        if shape(path) in seen or SKIPPED.search(path):
            continue
        seen.add(shape(path))
        tab = next(turns)
        if checking and checking[0] is tab:
            read(*checking)
            checking = None
        response = tab.goto(base_url + path)
        opened += 1
        assert response.status == 200, f"{path} answered {response.status}"
        links = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        start_axe(tab)
        if checking:
            read(*checking)
        checking = (tab, path)
        for href in links:
            parts = urlsplit(href)
            if href.startswith(base_url + "/admin/") and shape(parts.path) not in seen:
                queue.append(parts.path)
    if checking:
        read(*checking)
    return opened, found


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with demo_served_once(django_db_blocker, PASSWORD) as url:
        yield url


@pytest.mark.parametrize("username", ["officer_hf", "clerk"])
def test_every_admin_page_a_user_reaches_has_no_accessibility_violations(site, new_page, username):
    page = new_page()
    sign_in(page, username, PASSWORD)
    opened, violations = admin_pages_checked([page, page.context.new_page()], site)
    assert opened > 60, f"{username} reached only {opened} admin pages"
    assert violations == {}
