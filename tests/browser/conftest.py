"""Real-browser tests: Debian's Chromium driven by Playwright, with axe-core for WCAG 2.2 AA.

No browser is downloaded (these machines cannot): Playwright launches the system Chromium
given by ``CHROMIUM`` (default ``/usr/bin/chromium``). Without one the tests skip, saying so;
CI installs it. A failing test leaves a full-page screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.test.utils import override_settings

from tests.conftest import FAST_HASHERS
from tests.demo_once import demo_database

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it (apt-get install chromium) to run")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for page in item.funcargs.get("_open_pages", []):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{item.name}.png"), full_page=True)


@pytest.fixture
def _open_pages():
    return []


@pytest.fixture
def site(live_server) -> str:
    """Where the pages are opened: the live server, on the test's own data (pytest-django makes
    the test transactional and empties the database after it). A module whose tests only read
    may override this with ``demo_served_once``."""
    return live_server.url


@contextmanager
def demo_served_once(django_db_blocker, password: str):
    """The demo data, committed, served by a server of its own for a module of tests that only
    read (as its module-scoped ``site``); the database is empty again at the end, as after a
    transactional test. The data is a copy of the run's one load (``tests/demo_once.py``)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        from django.db import connection

        name = str(connection.settings_dict["NAME"])
        if not (name.startswith("test_") or "memorydb" in name or name == ":memory:"):
            raise RuntimeError(
                f"demo_served_once would load the demo into {name!r} and empty it afterwards: "
                "mark the module django_db, so pytest-django makes the test databases first"
            )
        with demo_database(password), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                yield server.url
            finally:
                server._live_server_modified_settings.disable()
                server.stop()


@pytest.fixture
def new_page(browser, site, _open_pages):
    """Open a fresh browser context (its own cookies) and return a page on the site."""
    contexts = []

    def _new_page(**context_options):
        context = browser.new_context(base_url=site, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if context_options.get("java_script_enabled") is False:
            # axe runs in the page; a page that runs no script would never answer it.
            page.scripted_twin = lambda: _new_page(
                storage_state=context.storage_state(),
                **{
                    key: value
                    for key, value in context_options.items()
                    if key not in ("java_script_enabled", "storage_state")
                },
            )
        _open_pages.append(page)
        return page

    yield _new_page
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login page, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def follow(page, control) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded.

    A click returns once the navigation is asked for, not when the next page is there; a
    check run straight after it (axe, a page's text, the database) can meet the old page or
    a document being torn down.
    """
    with page.expect_navigation():
        control.click()


@cache
def axe_source() -> str:
    return AXE_SOURCE.read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.x A/AA rules (2.2 included) on the page; return the violations.

    ``resultTypes: ['violations']`` has axe describe every failing node but only one node of
    each passing or incomplete rule: the same violations, in less than half the time (the
    admin pages' test runs axe on some 330 pages).

    A page opened with JavaScript switched off is checked through a twin that runs scripts,
    given the same HTML at the same address: axe judges the markup the server sent.
    """
    twin = getattr(page, "scripted_twin", None)
    if twin is not None:
        # A page with scripts switched off never answers ``evaluate`` (it waits for ever): the
        # same HTML (a form's errors after a POST included), served at the same address to
        # the same signed-in person, is checked in a page that runs scripts.
        scripted, html = twin(), page.content()
        scripted.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        scripted.goto(page.url)
        try:
            return axe_violations(scripted)
        finally:
            scripted.context.close()
    start_axe(page)
    return axe_finished(page)


def start_axe(page) -> None:
    """Set axe-core running on the page and return at once (``axe_finished`` waits for it):
    the admin pages' walk loads the next page in another tab meanwhile."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # From now on every document this page opens gets axe as it loads: sent to the
        # browser once, not 500 kB over the wire for each page checked.
        page.add_init_script(axe_source())
        page.evaluate(axe_source())
    page.evaluate(
        # axe.run does most of its work before its first await: started from a timer, it
        # runs after ``evaluate`` has answered.
        """() => { window.__axeRun = new Promise(started => setTimeout(started, 0)).then(() =>
            axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}));
        }"""
    )


def axe_finished(page) -> list[dict]:
    """The violations axe found on the page ``start_axe`` set it running on."""
    result = page.evaluate("() => window.__axeRun")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
