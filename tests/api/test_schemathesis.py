"""Property-based check of the whole API against its own OpenAPI schema (schemathesis).

The schema is loaded from the app itself over WSGI (no server), on the demo data, and every
operation gets a bounded number of generated requests, derandomised so a run is repeatable:

* as a scrutiny member, every GET;
* as an H&F officer, every GET, POST and PATCH (PUT and DELETE are left out to keep the run
  short: they share PATCH's code path, If-Match and rules, and the API tests cover them).

Each response must not be a server error and must conform to the schema: a documented status
code, content type, headers and body. Everything the requests change is rolled back.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.django_db, pytest.mark.long]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose
    ``close_old_connections`` would close the connection holding the test's transaction (on
    Postgres it sees autocommit off and drops it). Django's own test client disconnects the
    same receiver for the same reason."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


MAX_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
METHODS = {"scrutiny": {"GET"}, "officer_hf": {"GET", "POST", "PATCH"}}


def _run(operation, headers: dict, statuses: Counter) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses[response.status_code] += 1

    check()


@pytest.mark.parametrize("username", sorted(METHODS))
def test_every_operation_answers_as_its_schema_says(username, demo_data, db):
    user = get_user_model().objects.get(username=username)
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application(), headers=headers
    )
    failures = []
    statuses: Counter = Counter()
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in METHODS[username]:
            continue
        ran += 1
        try:
            _run(operation, headers, statuses)
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert ran > 50
    assert statuses[200] > 50, f"too few requests reached a record: {sorted(statuses.items())}"
    assert not failures, f"{len(failures)} operation(s) failed:\n\n" + "\n\n".join(failures)
