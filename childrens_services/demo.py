"""Helpers for the demo-data loaders each app provides as ``<app>/demo.py``.

Loaders must be idempotent: running ``load_demo`` twice gives the same rows. ``upsert`` saves
only when a value differs, so a second run writes nothing and adds no audit history.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import models

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CHANGE_REASON = "Loaded by load_demo"

M = TypeVar("M", bound=models.Model)


def fixture_path(*parts: str) -> Path:
    return FIXTURES.joinpath(*parts)


def read_json(*parts: str) -> Any:
    with fixture_path(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)


def read_csv(*parts: str) -> list[dict[str, str]]:
    with fixture_path(*parts).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Find the row by ``lookup``; create it, or update only the fields that differ."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._change_reason = CHANGE_REASON
        obj.full_clean(validate_unique=False)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj._change_reason = CHANGE_REASON
        obj.full_clean(validate_unique=False)
        obj.save()
    return obj
