"""Fixtures for the API tests."""

import pytest

from tests.api.helpers import client_for


@pytest.fixture
def api():
    """``api(user)``: a client signed in as ``user`` (``None`` for an anonymous one)."""
    return client_for
