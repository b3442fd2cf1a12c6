"""Officers' and clerks' admin screens meet WCAG 2.2 AA: axe-core in Chromium over every admin
page each can reach from ``/admin/`` by following links (every changelist, add form, change
form and history of each model they may view), on the demo data: 0 violations.

One browser page per user, reused; each path shape (ids replaced, query dropped) is checked
once. The two users are two tests (so two workers can take them) on one load of the demo data
per worker; the pages only read.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_violations, demo_served_once, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "a-demo-password-for-admin-accessibility"
#: Not pages to check: signing out, deleting, past versions (the change form's own fields,
#: read-only) and "view on site" redirects.
SKIPPED = re.compile(r"/logout/|/delete/|/history/\d+/|/admin/r/")


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def admin_pages_checked(page, base_url: str, limit: int = 400) -> tuple[int, dict[str, list]]:
    """Open every admin page reachable by links, run axe on each; the violations by page."""
    queue, seen, found, opened = ["/admin/"], set(), {}, 0
    while queue and opened < limit:
        path = queue.pop(0)
        if shape(path) in seen or SKIPPED.search(path):
            continue
        seen.add(shape(path))
        response = page.goto(base_url + path)
        opened += 1
        assert response.status == 200, f"{path} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            found[path] = violations
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if href.startswith(base_url + "/admin/") and shape(parts.path) not in seen:
                queue.append(parts.path)
    return opened, found


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with demo_served_once(django_db_blocker, PASSWORD) as url:
        yield url


@pytest.mark.parametrize("username", ["officer_hf", "clerk"])
def test_every_admin_page_a_user_reaches_has_no_accessibility_violations(site, new_page, username):
    page = new_page()
    sign_in(page, username, PASSWORD)
    opened, violations = admin_pages_checked(page, site)
    assert opened > 60, f"{username} reached only {opened} admin pages"
    assert violations == {}
