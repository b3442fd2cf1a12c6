"""Strict readers for settings taken from the environment.

A deployment is configured only through environment variables. A value that cannot be read
stops start-up with one line that says which variable to set and how, rather than a traceback
or a silent default (the Healthchecks habit of ``envbool``/``envint``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from childrens_services.release import code_release


class SettingError(SystemExit):
    """Raised while settings load: exits with a one-line message naming the variable."""

    def __init__(self, message: str) -> None:
        super().__init__(f"Configuration error: {message}")


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    """Only the words true/false (any case), 1/0 and yes/no are accepted."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    word = raw.strip().lower()
    if word in {"true", "1", "yes"}:
        return True
    if word in {"false", "0", "no"}:
        return False
    raise SettingError(f"{name}={raw!r} is not a boolean; set it to true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")

#: How the embedded SQLite default survives several people at once (issue 16). WAL lets
#: readers go on while one connection writes; ``IMMEDIATE`` makes every ``atomic()`` take the
#: write lock when it begins, so a transaction that read first never has to upgrade its lock
#: (SQLite answers such an upgrade with "database is locked" at once, whatever the timeout);
#: ``timeout`` is how long a writer waits for the lock instead of failing. ``synchronous=NORMAL``
#: is the durable setting for WAL (a power cut may lose the last commits, never corrupt).
#: Options given in a ``DATABASE_URL`` query string win. Postgres gets none of these.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_url(url: str) -> dict:
    """Parse ``DATABASE_URL``; refuse anything but a well-formed Postgres or SQLite URL."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        raise SettingError(
            f"DATABASE_URL={url!r} is malformed; set it like "
            "postgres://user@host:5432/name or sqlite:////absolute/path.sqlite3."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise SettingError(
            f"DATABASE_URL={url!r} is malformed ({exc}); set it like "
            "postgres://user@host:5432/name."
        ) from None
    if not config.get("NAME"):
        raise SettingError(f"DATABASE_URL={url!r} names no database; add /name at its end.")
    if config["ENGINE"].endswith("sqlite3"):
        config.pop("CONN_HEALTH_CHECKS", None)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = SQLITE_OPTIONS | config.get("OPTIONS", {})
    return config


#: The figures cache when ``CACHE_URL`` is not set: one per process, nothing to install.
LOCAL_MEMORY_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "childrens-services",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}


def cache_from_url(url: str | None, key_prefix: str, code_root: Path | None = None) -> dict:
    """``CACHES["default"]``: Django's Redis backend for a ``redis://`` or ``rediss://`` URL,
    the per-process memory cache when none is given (a fresh clone needs nothing but Python).

    ``key_prefix`` keeps two sites (or two test runs) sharing one Redis apart: their figures
    are keyed on generation numbers that can be equal (``childrens_services.caching``);
    the release of the code under ``code_root`` (``childrens_services.release``) keeps one release
    from reading what another drew.
    """
    if url is None:
        return {**LOCAL_MEMORY_CACHE}
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in ("redis", "rediss") or not url.split("://", 1)[1]:
        raise SettingError(
            f"CACHE_URL={url!r} is not a Redis URL; set it like redis://127.0.0.1:6379/0, "
            "or leave it unset for a cache in each process's memory."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "VERSION": code_release(code_root) if code_root is not None else 1,
        # A Redis that hangs costs a page at most a second before it is computed without it.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
