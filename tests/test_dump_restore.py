"""Data safety: a dumpdata of the demo data restored into an empty database is the same data."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from tests.demo_once import demo_database

pytestmark = pytest.mark.long

DUMPED = [
    "auth.user",
    "governance",
    "mandates",
    "savings",
    "commissioning",
    "benchmarks",
]


def dump() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", *DUMPED, format="json", stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], str(r["pk"])))


def to_milliseconds(records: list[dict]) -> list[dict]:
    """JSON keeps datetimes to the millisecond, and writes ``.000`` as nothing: compare at that
    precision, which is all a dump promises."""
    for record in records:
        for name, value in record["fields"].items():
            moment = parse_datetime(value) if isinstance(value, str) and "T" in value else None
            if moment is not None:
                record["fields"][name] = moment.replace(
                    microsecond=moment.microsecond // 1000 * 1000
                ).isoformat()
    return records


@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_demo_data_restores_to_the_same_records(tmp_path):
    """On a copy of the run's one ``load_demo`` (``tests/demo_once.py``)."""
    with demo_database("a-demo-password-for-tests"):
        before = dump()
        assert len(before) > 500
        path = tmp_path / "dump.json"
        path.write_text(json.dumps(before))
        call_command("flush", interactive=False, verbosity=0)
        assert dump() == []
        call_command("loaddata", str(path), verbosity=0)
        assert to_milliseconds(dump()) == to_milliseconds(before)
