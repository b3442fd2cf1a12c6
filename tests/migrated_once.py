"""Under pytest-xdist, the migrations run once per run rather than once per worker.

Each worker has a test database of its own (``test_<name>_gw0``, ``_gw1``: pytest-django's
names). Migrating one is about 25 s of CPU (Django rendering the migration state of 63
migrations), the same for every worker. Here the first worker to take a lock migrates a
template database, ``test_<name>``, as Django's own ``create_test_db`` does, and closes its
connection to it; each worker's database is then ``CREATE DATABASE ... TEMPLATE`` of it
(Django's ``clone_test_db``, as its own ``test --parallel`` does), a file copy of a second or
so. Every run still applies every migration once, to an empty database.

The template is dropped by the controller when the run ends (``drop_template``); one left by
a killed run is dropped and made again by the next run's first worker. SQLite's test
databases are in memory, one per process: the first worker migrates its own and writes a
copy of it to the run's temporary folder, which the others read (``copy_from_file``). A run
without xdist or with ``--reuse-db`` migrates as before.

A run can be given a database already migrated from empty, named by ``TEST_MIGRATED_DATABASE``
(a Postgres database on the test server, or an SQLite file): the first worker checks that every
migration is applied to it (an error if not) and copies it instead of migrating. CI migrates
both databases' copies side by side before the suites run (``.ci/run``), on a core that would
otherwise wait while the first worker migrated and the second did nothing.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from pathlib import Path

from django.db import connections
from django.db.migrations.loader import MigrationLoader


def create_from_template(alias: str, worker: str, shared: Path):
    """A ``create_test_db`` for ``alias`` that clones the migrated template into this
    worker's database, migrating the template first if no worker has yet."""
    connection = connections[alias]
    creation = connection.creation
    migrate_into = creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        test_settings = connection.settings_dict["TEST"]
        worker_name = creation._get_test_db_name()
        template = worker_name.removesuffix(f"_{worker}")
        assert template != worker_name, f"{worker_name} is not a worker's name"
        migrated = shared / f"{template}.migrated"
        with (shared / f"{template}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not migrated.exists():
                given = given_migrated(connection)
                if given:
                    recreate_from(connection, template, given)
                else:
                    test_settings["NAME"] = template
                    try:
                        migrate_into(verbosity, autoclobber=True, serialize=False, keepdb=False)
                    finally:
                        test_settings["NAME"] = worker_name
                connection.close()
                migrated.touch()
            set_name(connection, template)
            creation.clone_test_db(worker, verbosity, autoclobber=True, keepdb=False)
        set_name(connection, worker_name)
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        connection.ensure_connection()
        return worker_name

    return create_test_db


def destroy_by_force(alias: str):
    """A ``_destroy_test_db`` that drops the worker's database even while a connection is
    still open on it: one the browser tests' event-loop context opened and never closed
    (Django keeps a connection per context), which made the plain ``DROP DATABASE`` fail and
    leave the database behind."""
    connection = connections[alias]

    def _destroy_test_db(test_database_name: str, verbosity: int) -> None:
        with connection.creation._nodb_cursor() as cursor:
            name = connection.ops.quote_name(test_database_name)
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return _destroy_test_db


def copy_from_file(alias: str, worker: str, shared: Path):
    """A ``create_test_db`` for an in-memory SQLite ``alias``: the first worker migrates its
    own database and writes a copy of it to a file (``sqlite3`` backup); every other worker
    reads that copy into its own in-memory database."""
    connection = connections[alias]
    creation = connection.creation
    migrate_into = creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        migrated = shared / f"sqlite_{alias}.migrated"
        with (shared / f"sqlite_{alias}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            given = None if migrated.exists() else given_migrated(connection)
            if given:
                shutil.copyfile(given, migrated.with_suffix(".part"))
                migrated.with_suffix(".part").rename(migrated)
            if not migrated.exists():
                name = migrate_into(verbosity, autoclobber, serialize=False, keepdb=keepdb)
                written = migrated.with_suffix(".part")
                copy = sqlite3.connect(written)
                connection.connection.backup(copy)
                copy.close()
                written.rename(migrated)
            else:
                name = creation._get_test_db_name()
                if verbosity >= 1:
                    creation.log(f"Copying the migrated test database for alias {alias!r}...")
                set_name(connection, name)
                connection.ensure_connection()
                copy = sqlite3.connect(migrated)
                copy.backup(connection.connection)
                copy.close()
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        return name

    return create_test_db


def given_migrated(connection) -> str | None:
    """The database ``TEST_MIGRATED_DATABASE`` names, checked to have every migration applied;
    None if the variable is unset. A database that is missing, unreadable or behind is an
    error, not a silent migration: the variable is set by CI, where it means a step failed."""
    given = os.environ.get("TEST_MIGRATED_DATABASE")
    if not given:
        return None
    if connection.vendor == "sqlite" and not Path(given).is_file():
        raise RuntimeError(f"TEST_MIGRATED_DATABASE names {given}, which is not a file")
    other = type(connection)({**connection.settings_dict, "NAME": given}, alias="migrated")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    finally:
        other.close()
    unapplied = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes) - applied
    if unapplied:
        raise RuntimeError(
            f"TEST_MIGRATED_DATABASE names {given}, which lacks {len(unapplied)} migrations "
            f"(such as {min(unapplied)}): migrate it, or unset the variable"
        )
    return given


def set_name(connection, name: str) -> None:
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def drop_template(alias: str) -> None:
    """Drop the template the workers cloned (the controller's test name is the template's)."""
    connection = connections[alias]
    name = connection.creation._get_test_db_name()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


def copy_migrated(kind: str, target: str, shared: Path | None) -> bool:
    """Make ``target`` (an SQLite file's path, or a Postgres database's name) a copy of this
    run's migrated test database of that ``kind``, if a worker has made one; False if not (the
    caller migrates). For a test that starts the app as a server of its own on a database of
    its own: the same migrations, applied once per run rather than once more."""
    if shared is None:
        return False
    if kind == "sqlite":
        migrated = shared / "sqlite_default.migrated"
        if not migrated.exists():
            return False
        shutil.copyfile(migrated, target)
        return True
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return False
    template = connection.creation._get_test_db_name().rpartition("_gw")[0]
    if not template or not (shared / f"{template}.migrated").exists():
        return False
    with (shared / f"{template}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        recreate_from(connection, target, template)
    return True


def recreate_from(connection, name: str, template: str) -> None:
    """Postgres: ``name`` dropped (closing any session still on it) and made again as a copy
    of ``template`` (a file copy, where migrating or loading would take seconds)."""
    with connection.creation._nodb_cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
