"""Eight people at once on the app as `make run` starts it: no 500, no lost save (issue 16).

A real server: the ``Procfile`` through honcho (runserver and ``db_worker``), on a database
of its own migrated and given ``load_demo``, on a port in 8600-8699. The clients are in
``tests/concurrency.py``. In ``make test`` it runs for ``CONCURRENCY_SECONDS`` (default 8) on
the suite's kind of database; ``make concurrency`` runs 30 s on SQLite and on Postgres
(figures in docs/performance.md). When the load ends, the agenda pack the clerk asked for must
be finished by the worker, and Ctrl-C (SIGINT to honcho) must stop the server and the worker.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests import concurrency, demo_once, migrated_once

pytestmark = pytest.mark.long

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("CONCURRENCY_SECONDS", "8"))
SUITE_URL = os.environ.get("DATABASE_URL", "")
KINDS = os.environ.get(
    "CONCURRENCY_DATABASES", "postgres" if SUITE_URL.startswith("postgres") else "sqlite"
).split(",")

#: Read by ``manage.py shell`` in the server's database: what the counts are checked against.
STATE = """
import json
from commissioning.models import Contract
from governance.models import AgendaPack, CommitteeReport
ids = {ids}
state = {{"contracts": {{}}}}
for contract in Contract.objects.filter(pk__in=ids):
    state["contracts"][str(contract.pk)] = {{
        "version": contract.version,
        "apprenticeships": contract.apprenticeships or 0,
        "history": Contract.history.filter(id=contract.pk).count(),
    }}
state["published"] = CommitteeReport.objects.filter(status="published").count()
state["packs"] = list(AgendaPack.objects.values_list("status", flat=True))
print("STATE " + json.dumps(state))
"""

FIND_IDS = """
import json
from commissioning.models import Contract
from governance.models import CommitteeReport
contracts = list(
    Contract.objects.filter(authority__dfe_code="205").order_by("pk").values_list("pk", flat=True)
)
report = (
    CommitteeReport.objects.filter(
        status="published", meeting__committee__authority__dfe_code="205", superseded_by=None
    )
    .order_by("-meeting__date", "-pk")
    .first()
)
print("IDS " + json.dumps({
    "contract_a": contracts[0], "contract_b": contracts[1],
    "report": report.pk, "meeting": report.meeting_id,
}))
"""


def free_port() -> int:
    for port in range(8650, 8700):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8650-8699")


def postgres_url(suffix: str = "concurrency") -> str:
    """A Postgres database of the test's own beside the suite's: ``<suite's name>_<suffix>``."""
    base = (
        SUITE_URL if SUITE_URL.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/cs"
    )
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "cs"
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def recreate_postgres(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    try:
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            connect_timeout=5,
        )
    except psycopg2.OperationalError as exc:
        pytest.skip(f"Postgres is not reachable at {parts.hostname}: {exc}")
    connection.autocommit = True
    name = parts.path.lstrip("/")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def environment(url: str, var_dir: Path, port: int) -> dict[str, str]:
    drop = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST")}
    return env | {
        "DATABASE_URL": url,
        "DEMO_PASSWORD": concurrency.PASSWORD,
        "VAR_DIR": str(var_dir),
        "HOST": f"127.0.0.1:{port}",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict, *args: str, timeout: int = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def shell(env: dict, script: str, prefix: str) -> dict:
    output = manage(env, "shell", "-v", "0", "-c", script)
    line = next(x for x in output.splitlines() if x.startswith(prefix + " "))
    return json.loads(line.removeprefix(prefix + " "))


def demo_database(
    kind: str,
    request,
    tmp_path: Path,
    tmp_path_factory,
    django_db_blocker,
    suffix: str = "concurrency",
    **settings: str,
) -> tuple[str, dict[str, str]]:
    """A database of its own for servers a test starts, as `make run` leaves it: migrated and
    given ``load_demo``. Under xdist it is a copy of the run's demo template (``load_demo`` run
    once per run, ``tests/demo_once.py``) with the demo users' password set; otherwise, or on
    the other kind of database, it is migrated (or a copy of the run's migrated database) and
    ``load_demo`` runs here. Returns its URL and the servers' environment (plus ``settings``)."""
    workers = hasattr(request.config, "workerinput")
    shared = tmp_path_factory.getbasetemp().parent if workers else None
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'childrens_services.sqlite3'}"
        target = str(tmp_path / "childrens_services.sqlite3")
    elif kind == "postgres":
        url = postgres_url(suffix)
        target = urlsplit(url).path.lstrip("/")
    else:
        raise ValueError(f"CONCURRENCY_DATABASES names {kind!r}; use sqlite and/or postgres")
    env = environment(url, tmp_path / "var", 0) | settings
    with django_db_blocker.unblock():
        if demo_once.copy_demo(kind, target, shared, concurrency.PASSWORD):
            return url, env
        copied = migrated_once.copy_migrated(kind, target, shared)
    if kind == "postgres" and not copied:
        recreate_postgres(url)
    if not copied:
        manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    return url, env


@pytest.fixture(params=KINDS)
def app(request, tmp_path, tmp_path_factory, django_db_setup, django_db_blocker):
    """The app as `make run` starts it, on a fresh database of the given kind.

    Under xdist the database is a copy of the run's migrated test database (the same
    migrations, applied once per run: ``tests/migrated_once.py``); otherwise it is migrated
    here, as `make run` does."""
    kind = request.param
    url, env = demo_database(kind, request, tmp_path, tmp_path_factory, django_db_blocker)
    port = free_port()  # only now, so a run beside this one cannot take it meanwhile
    env["HOST"] = f"127.0.0.1:{port}"
    log = (tmp_path / "make-run.log").open("w+")
    honcho = subprocess.Popen(
        [str(Path(sys.executable).parent / "honcho"), "start", "-f", "Procfile", "-d", str(ROOT)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        assert honcho.poll() is None, Path(log.name).read_text()[-3000:]
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, "the server did not answer within 2 minutes"
        time.sleep(0.5)
    yield {"kind": kind, "base": base, "env": env, "log": Path(log.name), "honcho": honcho}

    # Ctrl-C stops both: SIGINT to honcho, which stops each process's whole group.
    if honcho.poll() is None:
        honcho.send_signal(signal.SIGINT)
        honcho.wait(timeout=30)
    log.close()
    text = Path(log.name).read_text()
    groups = [int(pid) for pid in _started_pids(text)]
    assert len(groups) == 2, text[-2000:]
    deadline = time.monotonic() + 15
    while alive := [group for group in groups if _group_alive(group)]:
        assert time.monotonic() < deadline, f"process groups {alive} still run after Ctrl-C"
        time.sleep(0.2)
    if kind == "postgres":
        _drop_postgres(url)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _started_pids(text: str) -> list[str]:
    import re

    return re.findall(r"(?:web|worker)\.1 started \(pid=(\d+)\)", text)


def _drop_postgres(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    connection.close()


def test_eight_people_at_once_get_no_error_and_no_save_is_lost(app):
    env = app["env"]
    ids = shell(env, FIND_IDS, "IDS")
    contract_ids = [ids["contract_a"], ids["contract_b"]]
    before = shell(env, STATE.format(ids=contract_ids), "STATE")

    result = concurrency.run(app["base"], ids, SECONDS)

    # The agenda pack asked for at the start is built by the worker `make run` started.
    watcher = concurrency.Client(app["base"], "clerk", concurrency.Tally())
    load_ended = time.monotonic()
    deadline = load_ended + 300
    while "Download the agenda pack" not in (page := watcher.get(result["packs"][0])).text:
        assert "could not be built" not in page.text, page.text[-1500:]
        assert time.monotonic() < deadline, "the agenda pack was not built within 5 minutes"
        time.sleep(2)
    result["pack_ready_after_load_s"] = round(time.monotonic() - load_ended, 1)
    after = shell(env, STATE.format(ids=contract_ids), "STATE")
    result["kind"] = app["kind"]
    result["before"], result["after"] = before, after
    report = os.environ.get("CONCURRENCY_REPORT")
    if report:
        Path(report).parent.mkdir(parents=True, exist_ok=True)
        with Path(report).open("a") as out:
            out.write(json.dumps(result) + "\n")
    print(concurrency.dumps(result))

    log = app["log"].read_text()
    assert not [code for code in result["statuses"] if code >= 500], result["problems"]
    assert result["problems"] == [], result["problems"]
    assert "Traceback" not in log and "database is locked" not in log, log[-3000:]
    for contract in map(str, contract_ids):
        applied = result["applied"].get(contract, 0)
        assert applied > 0, f"no save of contract {contract} was applied in {SECONDS} s"
        old, new = before["contracts"][contract], after["contracts"][contract]
        assert new["version"] - old["version"] == applied, (contract, old, new, result)
        assert new["apprenticeships"] - old["apprenticeships"] == applied, (contract, old, new)
        assert new["history"] - old["history"] == applied, (contract, old, new)
    assert sum(result["refused"].values()) > 0, "no two saves ever met: not a concurrency test"
    if SECONDS >= 20:  # long enough that the slower admin form must get some saves in
        assert result["channels"].get("admin applied", 0) > 0, result["channels"]
    assert result["publish_refused"] == []
    assert result["published"] > 0
    assert after["published"] - before["published"] == result["published"]
    assert "done" in after["packs"]
