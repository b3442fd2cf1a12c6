"""The project's settings, with the benchmark's yardstick route added (``perf.urls``) and the
harness installed as an app for its ``generate_scale_data`` command.

Everything else (middleware, sessions, database, static files) is the product's own, so the
floor measured here is the floor the product's pages stand on.
"""

from childrens_services.settings import *  # noqa: F403

ROOT_URLCONF = "perf.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "perf"]  # noqa: F405
