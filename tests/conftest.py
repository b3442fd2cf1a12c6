"""Shared fixtures: the five seed authorities, the Tri-borough, and one user per role.

Tests read as statements about these people: ``officer_hf`` may change an H&F record,
``officer_rbkc`` may not, ``scrutiny`` reads and changes nothing, ``nobody`` has no role.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from childrens_services.permissions import ADMINISTRATOR, CLERK, OFFICER, SCRUTINY
from governance.models import Authority, Partnership, PartnershipMember, UserProfile
from tests import demo_once, migrated_once


def pytest_configure(config):
    """The suite keeps the figures cache in each process's memory whatever ``CACHE_URL`` says.

    Every test empties the cache (``figures_cache``), which on Redis is ``FLUSHDB``: it would
    empty a shared Redis under whoever else uses it, and xdist workers sharing one would serve
    each other figures keyed on equal generation numbers of different databases. The tests
    that need Redis start servers of their own on it (``tests/test_two_servers.py``).
    """
    from django.conf import settings

    from childrens_services.env import LOCAL_MEMORY_CACHE

    settings.CACHES = {**settings.CACHES, "default": {**LOCAL_MEMORY_CACHE}}
    _flush_postgres_by_delete()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Modules marked ``long`` (tens of seconds each) first, then the rest in file order.

    ``make test`` hands each module whole to one xdist worker (``--dist loadscope``, so a
    module's fixtures are built once, not once per worker that stole some of its tests), in
    this order (``--no-loadscope-reorder``): the long ones first leave the many short ones to
    even out the workers at the end, instead of one worker running the admin walk alone while
    the other waits. The sort is stable: within a module the order is the file's.
    """
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def _flush_postgres_by_delete() -> None:
    """After a transactional test (live server, ``transaction=True``) Django empties every
    table; on Postgres it does so with one ``TRUNCATE`` of all 160 tables, which makes each
    table's files anew: about 430 ms a test, against 40 ms for ``DELETE`` of the few rows a
    test leaves. Every foreign key Django makes is deferrable, so with the constraints deferred
    the tables empty in any order. Sequences reset, or a cascade over a subset of tables, still
    go Django's way."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quote = self.quote_name
        deletes = (f"DELETE FROM {quote(table)}" for table in tables)  # noqa: S608 (Django's own names)
        return ["SET CONSTRAINTS ALL DEFERRED", *deletes]

    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, django_db_keepdb, request, tmp_path_factory
):
    """Under xdist, migrate once and copy each worker's database from it (see
    ``tests/migrated_once.py``); on Postgres, with or without xdist, drop the test database
    even while a connection the browser tests opened is still on it."""
    from django.db import connections

    for connection in connections.all(initialized_only=False):
        if connection.vendor == "postgresql" and not django_db_keepdb:
            connection.creation._destroy_test_db = migrated_once.destroy_by_force(connection.alias)
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if worker is None or django_db_keepdb:
        return
    shared = tmp_path_factory.getbasetemp().parent  # the same for every worker of a run
    demo_once.SHARED = shared
    for connection in connections.all(initialized_only=False):
        if connection.vendor == "postgresql":
            connection.creation.create_test_db = migrated_once.create_from_template(
                connection.alias, worker, shared
            )
        elif connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
            connection.creation._get_test_db_name()
        ):
            connection.creation.create_test_db = migrated_once.copy_from_file(
                connection.alias, worker, shared
            )


def pytest_sessionfinish(session):
    """The controller of an xdist run on Postgres drops the template its workers cloned."""
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    ran_workers = getattr(session.config.option, "numprocesses", None) and not hasattr(
        session.config, "workerinput"
    )
    if not ran_workers or session.config.getvalue("reuse_db"):
        return
    with session.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=False):
            if connection.vendor == "postgresql":
                migrated_once.drop_template(connection.alias)
                demo_once.drop_template(connection.alias)


@contextmanager
def rolled_back_afterwards(django_db_blocker):
    """Records made inside stay for every test of a module, then are rolled back.

    For data that takes seconds to load (the seed papers) and that many tests only read: a
    module fixture loads it once inside this transaction, and each test runs in a savepoint
    within it (pytest-django's ``db``), so it sees the records but not another test's changes.
    Changes are counted against the cached figures as in a test (``counted_at_once``).
    """
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        counted_at_once(patch)
        try:
            yield
        finally:
            transaction.set_rollback(True)


#: The demo users' password in tests that sign in as them.
DEMO_PASSWORD = "correct horse battery staple"  # noqa: S105 (test data)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data as ``load_demo --with-users`` loads it, committed, for a module whose
    tests read it (each test's own changes are rolled back by ``db``); a copy of the run's one
    load (``tests/demo_once.py``), emptied when the module ends."""
    with django_db_blocker.unblock(), demo_once.demo_database(DEMO_PASSWORD):
        yield


#: Test users' passwords hashed cheaply; production keeps Django's slow PBKDF2.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test users' passwords cheaply; production keeps Django's slow PBKDF2."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def figures_cache(request, monkeypatch):
    """Each test starts with an empty cache, and a change counts at once.

    Tests run inside a transaction that is rolled back, never committed, so the after-commit
    count of ``records_changed`` would never run and a page would keep showing what it showed
    before the test changed a record. Counting at once gives the tests the production
    behaviour of a committed change; ``tests/test_caching.py`` (marked ``on_commit``) checks
    the after-commit path itself.

    A save while nothing is cached has nothing to make stale and is not looked at: working
    out whose figures each save touches and counting it, one UPDATE a save, was 10% of the
    suite's time (py-spy), nearly all while tests made their records before any page was
    asked for. The suite's cache is the process's memory (``pytest_configure``), which a live
    server's threads share.
    """
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    from childrens_services.caching import forget_values_kept_in_process

    def clear(self) -> None:
        emptied(self)
        forget_values_kept_in_process()

    emptied = LocMemCache.clear
    # A test emptying the cache empties what the process keeps of it too (``cached_value``'s
    # ``shared_in_process``): both are the cache, and a rolled-back test takes back the
    # generations their keys hold.
    monkeypatch.setattr(LocMemCache, "clear", clear)
    cache.clear()
    if "on_commit" not in request.keywords:
        counted_at_once(monkeypatch)
    yield
    cache.clear()


def counted_at_once(patch: pytest.MonkeyPatch) -> None:
    """Changes count against the cached figures now, not when a commit that never comes would
    count them (``figures_cache``), and only while something is cached. A module fixture that
    makes records inside ``rolled_back_afterwards`` is counted so too: a count left waiting
    for that transaction's commit would tell every later page that a change is pending, and
    the cache would be skipped."""
    from django.core.cache import cache

    from childrens_services import caching

    feeds_figures = caching._feeds_figures
    patch.setattr(
        caching,
        "_feeds_figures",
        lambda model: bool(cache._cache) and feeds_figures(model),  # LocMemCache's store
    )
    patch.setattr(
        caching,
        "records_changed",
        lambda using=None, authorities=None: caching._bump(authorities),
    )


@dataclass
class World:
    hf: Authority
    rbkc: Authority
    wcc: Authority
    harrow: Authority
    merton: Authority
    triborough: Partnership
    users: dict


def make_user(username: str, role: str | None, authorities=(), *, is_staff: bool = True):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple", is_staff=is_staff
    )
    if role == ADMINISTRATOR:
        user.is_superuser = True
        user.save()
    if role is not None:
        profile = UserProfile.objects.create(user=user, role=role)
        profile.authorities.set(authorities)
    return user


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """Five London authorities, the Tri-borough partnership and a user of each role; for a
    module fixture (inside ``rolled_back_afterwards``) as well as the ``world`` fixture."""

    def authority(code, name, short, gss, kind):
        return Authority.objects.create(
            dfe_code=code, name=name, short_name=short, gss_code=gss, region="London", kind=kind
        )

    hf = authority("205", "Hammersmith and Fulham", "H&F", "E09000013", "ILB")
    rbkc = authority("207", "Kensington and Chelsea", "RBKC", "E09000020", "ILB")
    wcc = authority("213", "Westminster", "WCC", "E09000033", "ILB")
    harrow = authority("310", "Harrow", "Harrow", "E09000015", "OLB")
    merton = authority("315", "Merton", "Merton", "E09000024", "OLB")
    triborough = Partnership.objects.create(
        name="Tri-borough", short_name="Tri-borough", kind="tri", lead_authority=hf
    )
    for member in (hf, rbkc, wcc):
        PartnershipMember.objects.create(partnership=triborough, authority=member)
    users = {
        "officer_hf": make_user("officer_hf", OFFICER, [hf]),
        "officer_rbkc": make_user("officer_rbkc", OFFICER, [rbkc]),
        "scrutiny": make_user("scrutiny", SCRUTINY, is_staff=False),
        "clerk": make_user("clerk", CLERK, [hf]),
        "clerk_rbkc": make_user("clerk_rbkc", CLERK, [rbkc]),
        "admin": make_user("admin", ADMINISTRATOR),
        "nobody": make_user("nobody", None, is_staff=False),
    }
    return World(hf, rbkc, wcc, harrow, merton, triborough, users)


@pytest.fixture
def login(client):
    """Sign the test client in as a named user of the world."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
