"""The served application leaves what start-up made out of the garbage collector's full
passes (``childrens_services.wsgi.settled``), so a page that reads many records is not held up
every few requests by a walk over every module, setting and model of the application."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc
import childrens_services.wsgi
frozen, tracked = gc.get_freeze_count(), len(gc.get_objects())
print(frozen, tracked)
"""


def test_the_application_built_leaves_start_up_out_of_full_collections():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(  # noqa: S603 - this repository's own module, no user input
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    frozen, tracked = map(int, result.stdout.split()[-2:])
    # Tens of thousands of objects are set aside, and the collector still tracks only the few
    # made after (the probe's own).
    assert frozen > 50_000
    assert tracked < frozen / 10
