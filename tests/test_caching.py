"""Cached figures are read again as soon as a committed change could alter them.

These tests take the production path: their transactions really commit (a transactional
test database, flushed afterwards) and a change is counted by the after-commit hook, not at
once as the other tests' fixture counts it.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from childrens_services import caching
from governance.models import Division

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.on_commit]


def _count_calls():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_committed_change_moves_the_generation_once_however_many_records(world):
    before = caching.generation()
    with transaction.atomic():
        Division.objects.create(authority=world.hf, name="Early help")
        Division.objects.create(authority=world.hf, name="Social care")
        assert caching.generation() == before  # not until it commits
    assert caching.generation() == before + 1


def test_a_rolled_back_change_leaves_the_generation_alone(world):
    before = caching.generation()
    try:
        with transaction.atomic():
            Division.objects.create(authority=world.hf, name="Early help")
            raise RuntimeError("the officer cancelled")
    except RuntimeError:
        pass
    assert caching.generation() == before


def test_a_change_rolled_back_to_a_savepoint_is_not_counted_but_a_later_one_is(world):
    before = caching.generation()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Division.objects.create(authority=world.hf, name="Early help")
                raise RuntimeError("row refused")
        except RuntimeError:
            pass
        Division.objects.create(authority=world.hf, name="Social care")
    assert caching.generation() == before + 1
    assert list(Division.objects.filter(authority=world.hf).values_list("name", flat=True)) == [
        "Social care"
    ]


def test_records_outside_the_domain_apps_do_not_count(world):
    before = caching.generation()
    world.users["scrutiny"].set_password("another long passphrase")
    world.users["scrutiny"].save()
    assert caching.generation() == before


def test_figures_are_computed_once_until_a_committed_change(world):
    calls, compute = _count_calls()
    scrutiny = world.users["scrutiny"]
    assert caching.cached_figures("test", scrutiny, ("205",), compute) == 1
    assert caching.cached_figures("test", scrutiny, ("205",), compute) == 1
    Division.objects.create(authority=world.hf, name="Early help")
    assert caching.cached_figures("test", scrutiny, ("205",), compute) == 2
    assert len(calls) == 2


def test_a_value_shared_in_process_is_read_from_the_cache_once_and_again_after_a_change(world):
    """The same object serves later requests (not unpickled again), until a committed change
    moves the key on; emptying the cache (as the tests do) forgets it too."""
    from django.core.cache import cache

    def compute():
        calls.append(1)
        return [len(calls)]

    calls: list[int] = []
    scrutiny = world.users["scrutiny"]
    first = caching.cached_figures("test", scrutiny, (), compute, shared_in_process=True)
    cache._cache.clear()  # LocMemCache's store: the shared cache forgets; the process has it
    again = caching.cached_figures("test", scrutiny, (), compute, shared_in_process=True)
    assert again is first and calls == [1]
    Division.objects.create(authority=world.hf, name="Early help")
    assert caching.cached_figures("test", scrutiny, (), compute, shared_in_process=True) == [2]
    cache.clear()
    assert caching.cached_figures("test", scrutiny, (), compute, shared_in_process=True) == [3]


def test_a_deletion_counts_as_a_change(world):
    division = Division.objects.create(authority=world.hf, name="Early help")
    before = caching.generation()
    division.delete()
    assert caching.generation() == before + 1


def test_figures_are_not_shared_between_users_who_see_different_records(world):
    calls, compute = _count_calls()
    hf, rbkc = world.users["officer_hf"], world.users["officer_rbkc"]
    assert caching.cached_figures("test", hf, (), compute) == 1
    assert caching.cached_figures("test", rbkc, (), compute) == 2
    # Two members of the same role with the same authorities see the same records.
    assert caching.cached_figures("test", world.users["officer_hf"], (), compute) == 1
    assert caching.cached_figures("test", hf, ("another scope",), compute) == 3


def test_a_flushed_database_gets_its_generation_row_back(world):
    from childrens_services.models import DataGeneration

    DataGeneration.objects.all().delete()
    assert caching.generation() == 0
    caching._bump()
    assert caching.generation() == 1


def test_a_count_is_cached_until_a_change_and_an_empty_query_counts_nothing(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    divisions = Division.objects.filter(authority=world.hf)
    assert caching.cached_count(divisions) == 0
    Division.objects.create(authority=world.hf, name="Early help")
    assert caching.cached_count(divisions) == 1
    with CaptureQueriesContext(connection) as asked:
        assert caching.cached_count(divisions) == 1
    assert not any("COUNT" in q["sql"] for q in asked.captured_queries)
    assert caching.cached_count(Division.objects.filter(pk__in=[])) == 0


def test_figures_read_inside_an_uncommitted_change_are_not_kept(world):
    calls, compute = _count_calls()
    scrutiny = world.users["scrutiny"]
    try:
        with transaction.atomic():
            Division.objects.create(authority=world.hf, name="Early help")
            assert caching.cached_figures("test", scrutiny, (), compute) == 1
            raise RuntimeError("the import was refused")
    except RuntimeError:
        pass
    # Nothing computed from the rolled-back row was kept under the unchanged generation.
    assert caching.cached_figures("test", scrutiny, (), compute) == 2
    assert caching.cached_figures("test", scrutiny, (), compute) == 2


def test_a_shared_cache_that_does_not_answer_slows_figures_down_but_never_breaks_them(caplog):
    """Redis down (here: a port nothing listens on) is a miss each time, logged, not an error."""
    from django.test import override_settings

    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    calls, compute = _count_calls()
    with override_settings(CACHES=unreachable):
        assert caching.cached_value("redis-down", ("x",), compute) == 1
        assert caching.cached_value("redis-down", ("x",), compute) == 2
    assert "figures cache did not answer" in caplog.text


def _read_once(view):
    """``view`` served as a request is, through the middleware that reads the generations once."""
    from django.test import RequestFactory

    return caching.GenerationsReadOnce(view)(RequestFactory().get("/"))


def test_a_request_reads_the_generations_once_however_many_figures_it_keeps(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scrutiny = world.users["scrutiny"]
    calls, compute = _count_calls()

    def page(request):
        return [
            caching.cached_figures("test", scrutiny, (part,), compute, authorities)
            for part, authorities in (("a", None), ("b", {world.hf.pk}), ("c", {world.rbkc.pk}))
        ]

    with CaptureQueriesContext(connection) as asked:
        assert _read_once(page) == [1, 2, 3]
    generations = [q for q in asked.captured_queries if "datageneration" in q["sql"].lower()]
    assert len(generations) == 1
    with CaptureQueriesContext(connection) as asked:
        assert _read_once(page) == [1, 2, 3]  # the next request: every figure kept
    assert len(calls) == 3


def test_a_change_the_request_commits_is_read_under_the_generations_it_moved(world):
    """A view that saves a record and then shows figures shows them with the change: the
    numbers read before it are read again after the commit."""
    scrutiny = world.users["scrutiny"]

    def divisions():
        return Division.objects.filter(authority=world.hf).count()

    def page(request):
        before = caching.cached_figures("divisions", scrutiny, (), divisions, {world.hf.pk})
        Division.objects.create(authority=world.hf, name="Early help")
        after = caching.cached_figures("divisions", scrutiny, (), divisions, {world.hf.pk})
        return before, after

    count = Division.objects.filter(authority=world.hf).count()
    assert _read_once(page) == (count, count + 1)


def test_outside_a_request_every_figure_reads_the_generations_now(world):
    scrutiny = world.users["scrutiny"]
    calls, compute = _count_calls()
    assert caching.cached_figures("test", scrutiny, (), compute, {world.hf.pk}) == 1
    caching._bump({world.hf.pk})
    assert caching.cached_figures("test", scrutiny, (), compute, {world.hf.pk}) == 2
