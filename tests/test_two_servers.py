"""Two app servers on one database and one Redis: an edit through one is on the other's next page.

Issue 20, item 4. Two server processes (``runserver``, as `make run` starts the web process)
share a database migrated once per run (``tests/migrated_once.py``) and given ``load_demo``,
and a Redis cache (``CACHE_URL``) under a key prefix of this test's own, so runs beside it on
the same Redis are not disturbed. A scrutiny member signs in on server A and reads a page on
both servers with the same session (sessions are in the database: docs/deployment.md); an
officer signs in on A and renames a contract through the API with ``If-Match``; the member's
next request to server B shows the new name, although B had drawn and cached that page
before the edit.

Skipped, saying why, when no Redis answers; CI (``.ci/run``) starts one and sets
``TEST_REDIS_URL``, and then a Redis that does not answer fails the test instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests import concurrency
from tests.test_concurrency import (
    FIND_IDS,
    ROOT,
    SUITE_URL,
    _drop_postgres,
    demo_database,
    shell,
)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
KIND = "postgres" if SUITE_URL.startswith("postgres") else "sqlite"
#: A title no demo contract has, so the filtered register is empty before the edit.
NEW_TITLE = "Shared cache check: short breaks framework"
PAGE = "/dashboards/contracts/?scope=205&title=Shared+cache+check"


def redis_or_skip():
    """A client for the test's Redis; a skip naming the URL when none answers (a failure in CI,
    which promises one by setting ``TEST_REDIS_URL``)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if "TEST_REDIS_URL" in os.environ:
            pytest.fail(f"TEST_REDIS_URL={REDIS_URL} is set but Redis does not answer: {exc}")
        pytest.skip(f"no Redis answers at {REDIS_URL} (start one: redis-server --daemonize yes)")
    return client


def any_free_port() -> int:
    """A port the system says is free now: unlike ``free_port``'s first free one in a fixed
    range, two tests starting servers at once on this shared machine are unlikely to meet."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """``runserver`` on a free port, answering ``/healthz``; another port if something took
    the chosen one between choosing and binding."""
    for _attempt in range(3):
        host = f"127.0.0.1:{any_free_port()}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", host],
            cwd=ROOT,
            env=env | {"HOST": host},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://{host}"
        deadline = time.monotonic() + 120
        while server.poll() is None:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    return server, base
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"the server on {base} did not answer in 2 minutes"
            time.sleep(0.3)
        if "already in use" not in log.read_text():
            break
    raise AssertionError(log.read_text()[-3000:])


@pytest.fixture
def two_servers(request, tmp_path, tmp_path_factory, django_db_setup, django_db_blocker):
    store = redis_or_skip()
    prefix = f"cs-test-{uuid.uuid4().hex[:12]}"
    url, env = demo_database(
        KIND,
        request,
        tmp_path,
        tmp_path_factory,
        django_db_blocker,
        suffix="two_servers",
        CACHE_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
    )
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(start_server(env, tmp_path / f"server-{name}.log"))
        yield {
            "a": servers[0][1],
            "b": servers[1][1],
            "env": env,
            "keys": lambda: len(list(store.scan_iter(f"{prefix}:*"))),
            "logs": [tmp_path / "server-a.log", tmp_path / "server-b.log"],
        }
    finally:
        for server, _base in servers:
            server.terminate()
            server.wait(timeout=30)
        for key in store.scan_iter(f"{prefix}:*"):
            store.delete(key)
        if KIND == "postgres":
            _drop_postgres(url)


def test_an_edit_through_server_a_is_on_server_bs_next_page(two_servers):
    a, b = two_servers["a"], two_servers["b"]
    contract = shell(two_servers["env"], FIND_IDS, "IDS")["contract_a"]
    tally = concurrency.Tally()
    member = concurrency.Client(a, "scrutiny", tally)  # signed in on A ...
    member.base = b  # ... and reading on B with the same session

    before = member.get(PAGE)
    assert before.status_code == 200, before.text[-1000:]
    assert "Contracts register" in before.text  # signed in on B too: not the sign-in page
    assert NEW_TITLE not in before.text
    drawn_by_b = two_servers["keys"]()
    assert drawn_by_b > 0, "server B cached nothing in Redis"

    member.base = a
    again = member.get(PAGE)
    assert again.status_code == 200 and NEW_TITLE not in again.text
    assert two_servers["keys"]() == drawn_by_b, "server A drew again what B had cached in Redis"

    officer = concurrency.Client(a, "officer_hf", tally)
    path = f"/api/v1/contracts/{contract}/"
    read = officer.api("GET", path)
    assert read.status_code == 200, read.text[:500]
    saved = officer.api("PATCH", path, {"title": NEW_TITLE}, read.headers["ETag"])
    assert saved.status_code == 200, saved.text[:500]

    member.base = b
    after = member.get(PAGE)
    assert after.status_code == 200
    assert NEW_TITLE in after.text, "server B served the page it had cached before the edit"
    assert tally.problems == []
    for log in two_servers["logs"]:
        assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
