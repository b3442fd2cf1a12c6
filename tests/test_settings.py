"""Deployment settings: production values pass check --deploy; bad values stop start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7$Kq9!mZ2@vL5#pW8^rT3&nB6*cY1%hJ4(dF0)gS-eA+uQ=iO_lE~wR`tU<yI>pM",
    "ALLOWED_HOSTS": "cs.example.gov.uk",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {*PRODUCTION, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_missing_secret_key_in_production_stops_with_one_line():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "SECRET_KEY is not set" in lines[0]


def test_a_malformed_database_url_stops_with_one_line_naming_the_variable():
    result = manage("check", env={"DATABASE_URL": "postgers//nobody@"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0] and "postgres://" in lines[0]


def test_a_non_boolean_debug_is_refused():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(tmp_path):
    """What `make run` gets: a file database that several people can write at once."""
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA synchronous').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.transaction_mode)\n"
    )
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = manage("shell", "-v", "0", "-c", script, env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "20000", "IMMEDIATE"]


def test_sqlite_options_never_reach_postgres_and_a_url_may_override_them():
    from childrens_services.env import database_from_url

    postgres = database_from_url("postgres://postgres@127.0.0.1:5432/cs")
    assert "transaction_mode" not in postgres.get("OPTIONS", {})
    assert "init_command" not in postgres.get("OPTIONS", {})
    sqlite = database_from_url("sqlite:////tmp/cs.sqlite3?timeout=5")
    assert sqlite["OPTIONS"]["timeout"] == 5
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_figures_cache_is_each_processs_memory_unless_a_redis_url_is_given():
    from childrens_services.env import cache_from_url

    assert cache_from_url(None, "cs")["BACKEND"].endswith("LocMemCache")
    shared = cache_from_url("redis://127.0.0.1:6379/0", "site-a")
    assert shared == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": "site-a",
        "VERSION": 1,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def test_a_release_of_the_code_never_reads_what_another_kept_in_the_shared_cache(tmp_path):
    """The shared cache's keys carry a digest of the code and templates: an upgrade's servers
    draw their pages afresh rather than serve the old release's markup, and every server of
    one release (same files, any dates) shares the cache."""
    from childrens_services.env import cache_from_url
    from childrens_services.release import code_release

    (tmp_path / "dashboards").mkdir()
    template = tmp_path / "dashboards" / "page.html"
    template.write_text("<p>{{ figure }}</p>")
    (tmp_path / "dashboards" / "views.py").write_text("FIGURES = 1\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_page.py").write_text("")
    first = code_release(tmp_path)
    assert cache_from_url("redis://127.0.0.1:6379/0", "cs", tmp_path)["VERSION"] == first
    (tmp_path / "tests" / "test_page.py").write_text("def test(): pass\n")
    (tmp_path / "dashboards" / "notes.txt").write_text("not code")
    assert code_release(tmp_path) == first  # tests and other files draw nothing
    template.write_text("<p class=figure>{{ figure }}</p>")
    assert code_release(tmp_path) != first
    template.write_text("<p>{{ figure }}</p>")
    assert code_release(tmp_path) == first  # contents, not dates


def test_a_cache_url_that_is_not_redis_stops_with_one_line_naming_the_variable():
    result = manage("check", env={"CACHE_URL": "memcached://127.0.0.1:11211"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CACHE_URL='memcached://127.0.0.1:11211' is not a Redis URL" in lines[0]
