"""Under pytest-xdist, the demo data is loaded once per run and copied where a module needs it.

``load_demo`` takes 3-5 s of CPU (every authority, the benchmark values, the seed papers and
their published PDFs), and about fifteen modules read the demo data. Here the first worker
that needs it loads it into its own (empty, migrated) test database and keeps a copy as the
run's *demo template*: ``test_<name>_demo`` on Postgres (``CREATE DATABASE ... TEMPLATE``), a
file beside the migrated copy on SQLite (``sqlite3`` backup). Every later module, on any
worker, makes its worker's database a copy of that template (well under a second) and, when
it ends, a copy of the migrated, empty database again (``tests/migrated_once.py``'s), so the
next module starts as after a flush.

``load_demo`` itself still runs once per run, into an empty database, and
``tests/test_load_demo.py`` runs it on its own; a run without xdist (or with ``--reuse-db``)
loads the demo for each module and empties the database after it, as before.
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings

from tests import migrated_once

#: The run's shared folder (set by ``tests/conftest.py`` under xdist), None without xdist.
SHARED: Path | None = None

#: The demo users' password while the template is made; each module sets its own after.
TEMPLATE_PASSWORD = "the-demo-template-password"  # noqa: S105 (test data)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def demo_database(password: str) -> Iterator[None]:
    """The worker's test database holds the demo data (users with ``password``), committed,
    until the block ends; then it is the migrated, empty database again. Call it with
    database access unblocked, from a module-scoped fixture whose tests do not empty the
    database themselves (transactional tests flush it after each test)."""
    connection = connections["default"]
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        shared = _shared_for(connection)
        if shared is None:
            _load(password)
            try:
                yield
            finally:
                call_command("flush", interactive=False, verbosity=0)
            return
        _copy_demo_in(connection, shared)
        _set_passwords(password)
        try:
            yield
        finally:
            _empty_again(connection, shared)


def copy_demo(kind: str, target: str, shared: Path | None, password: str) -> bool:
    """Make ``target`` (an SQLite file's path, or a Postgres database's name) a copy of the
    run's demo template, its users' password ``password`` hashed as production hashes it; False
    when there is no template to copy (no xdist, or a database of another kind), and the caller
    runs ``load_demo``. For a test that starts the app as servers of its own: ``load_demo``
    runs once per run (``tests/test_load_demo.py`` tests it), not once more per test.

    Call with database access unblocked and no transaction open on the worker's database."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    connection = connections["default"]
    vendor = "postgres" if connection.vendor == "postgresql" else connection.vendor
    if shared is None or vendor != kind or _shared_for(connection) is None:
        return False
    with demo_database(TEMPLATE_PASSWORD):
        pass  # the template exists from here on; the worker's database is empty again
    with (shared / "demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kind == "postgres":
            _recreate(connection, target, template=_names(connection)[2])
        else:
            shutil.copyfile(shared / f"sqlite_{connection.alias}.demo", target)
    hasher = PBKDF2PasswordHasher()
    own = type(connection)({**connection.settings_dict, "NAME": target}, connection.alias)
    try:
        with own.cursor() as cursor:
            cursor.execute(
                "UPDATE auth_user SET password = %s", [hasher.encode(password, hasher.salt())]
            )
    finally:
        own.close()
    return True


def _shared_for(connection) -> Path | None:
    """The shared folder, when this database can be copied in and out (xdist, a test
    database made from the run's migrated copy)."""
    if SHARED is None:
        return None
    if connection.vendor == "postgresql":
        return SHARED if "_gw" in connection.settings_dict["NAME"] else None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return SHARED if (SHARED / f"sqlite_{connection.alias}.migrated").exists() else None
    return None


def _load(password: str) -> None:
    previous = os.environ.get("DEMO_PASSWORD")
    os.environ["DEMO_PASSWORD"] = password
    try:
        call_command("load_demo", with_users=True, stdout=io.StringIO())
    finally:
        if previous is None:
            del os.environ["DEMO_PASSWORD"]
        else:
            os.environ["DEMO_PASSWORD"] = previous


def _set_passwords(password: str) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    get_user_model().objects.update(password=make_password(password))


def _names(connection) -> tuple[str, str, str]:
    """Postgres: this worker's database, the run's migrated template and its demo template."""
    worker = connection.settings_dict["NAME"]
    migrated = worker.rpartition("_gw")[0]
    return worker, migrated, f"{migrated}_demo"


def _copy_demo_in(connection, shared: Path) -> None:
    from django.contrib.contenttypes.models import ContentType

    with (shared / "demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if connection.vendor == "postgresql":
            worker, migrated, demo = _names(connection)
            made = shared / f"{demo}.made"
            if not made.exists():
                _recreate(connection, demo, template=migrated)
                _load_into(connection, demo)
                made.touch()
            _recreate(connection, worker, template=demo)
        else:
            copy = shared / f"sqlite_{connection.alias}.demo"
            if copy.exists():
                _read_into(connection, copy)
            else:
                _load(TEMPLATE_PASSWORD)
                written = copy.with_suffix(".part")
                target = sqlite3.connect(written)
                connection.connection.backup(target)
                target.close()
                written.rename(copy)
    ContentType.objects.clear_cache()


def _load_into(connection, name: str) -> None:
    """Postgres: the demo loaded into the database ``name`` through a connection of its own
    (this worker's may be held open in another context, e.g. the browser's event loop)."""
    own = type(connection)({**connection.settings_dict, "NAME": name}, connection.alias)
    previous = connections[connection.alias]
    connections[connection.alias] = own
    try:
        _load(TEMPLATE_PASSWORD)
    finally:
        own.close()
        connections[connection.alias] = previous


def _empty_again(connection, shared: Path) -> None:
    from django.contrib.contenttypes.models import ContentType

    if connection.vendor == "postgresql":
        worker, migrated, _ = _names(connection)
        with (shared / "demo.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _recreate(connection, worker, template=migrated)
    else:
        _read_into(connection, shared / f"sqlite_{connection.alias}.migrated")
    ContentType.objects.clear_cache()


def _recreate(connection, name: str, *, template: str) -> None:
    """Postgres: this connection closed, then ``name`` made again as a copy of ``template``."""
    connection.close()
    migrated_once.recreate_from(connection, name, template)


def _read_into(connection, path: Path) -> None:
    """SQLite: the in-memory database's whole content replaced by the file's."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    source.backup(connection.connection)
    source.close()


def drop_template(alias: str) -> None:
    """Drop the run's demo template (the controller, when the run ends)."""
    connection = connections[alias]
    name = f"{connection.creation._get_test_db_name()}_demo"
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
