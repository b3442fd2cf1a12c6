"""``manage.py load_demo``: the seed papers' records and the demo users, idempotently.

It lives in governance, the app every other one builds on: the demo users are governance's
``UserProfile`` rows for its authorities, and its reports are attached once the other apps'
``<app>.demo`` loaders (``demo_loaders``) have run.
"""

from __future__ import annotations

import importlib
import os
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from childrens_services.demo import upsert
from childrens_services.permissions import ADMINISTRATOR, CLERK, OFFICER, SCRUTINY
from governance.demo import load_reports
from governance.models import Authority, UserProfile

FIVE_BOROUGHS = ["205", "207", "213", "310", "315"]

#: username -> (role, DfE codes of their authorities, is_staff)
DEMO_USERS: dict[str, tuple[str, list[str], bool]] = {
    "officer_hf": (OFFICER, ["205"], True),
    "officer_rbkc": (OFFICER, ["207"], True),
    "officer_wcc": (OFFICER, ["213"], True),
    "officer_harrow": (OFFICER, ["310"], True),
    "officer_merton": (OFFICER, ["315"], True),
    "scrutiny": (SCRUTINY, [], False),
    "clerk": (CLERK, FIVE_BOROUGHS, True),
    "admin": (ADMINISTRATOR, [], True),
}


def demo_loaders() -> list:
    """Each installed app's ``<app>.demo`` module with a ``load(stdout)``, in the order of
    ``INSTALLED_APPS`` (governance first: the others' records name its authorities)."""
    loaders = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "demo"):
            continue
        module = importlib.import_module(f"{config.name}.demo")
        if hasattr(module, "load"):
            loaders.append(module)
    return loaders


class Command(BaseCommand):
    help = "Load the demo data from fixtures/ and create the demo users (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Create the demo users even with DEBUG off (never do this on a live system).",
        )
        parser.add_argument(
            "--no-users", action="store_true", help="Load the records but create no users."
        )

    def handle(self, *args, **options) -> None:
        self.stdout.write("Loaded (running this again changes nothing):")
        listed = _Indented(self.stdout)
        for module in demo_loaders():
            with transaction.atomic():
                module.load(listed)
        with transaction.atomic():
            # Reports' live appendices read the other apps' records, so attach and publish
            # them once every app has loaded (governance's own pass keeps them as drafts).
            skipped = load_reports(listed)
        if skipped:
            self.stdout.write("")
            self.stdout.write(f"Not loaded ({len(skipped)}; everything else was):")
            for reason in skipped:
                listed.write(reason)
        self.stdout.write("")
        if options["no_users"]:
            self.stdout.write("No demo users created (--no-users).")
            return
        if not settings.DEBUG and not options["with_users"]:
            self.stdout.write("Production settings: no demo users created (see --with-users).")
            return
        self.create_users()

    def create_users(self) -> None:
        fixed_password = os.environ.get("DEMO_PASSWORD") or None
        user_model = get_user_model()
        lines = []
        for username, (role, codes, is_staff) in DEMO_USERS.items():
            user, created = user_model.objects.get_or_create(username=username)
            user.is_staff = is_staff
            user.is_superuser = role == ADMINISTRATOR
            user.email = demo_email(username)
            password = None
            if fixed_password:
                password = fixed_password
            elif created:
                password = secrets.token_urlsafe(12)
            if password:
                user.set_password(password)
            user.save()
            profile = upsert(UserProfile, {"user": user}, {"role": role})
            authorities = list(Authority.objects.filter(dfe_code__in=codes))
            if len(authorities) != len(codes):
                raise CommandError(f"Demo user {username}: authorities {codes} are not loaded.")
            profile.authorities.set(authorities)
            lines.append(f"  {username:<16} {role:<14} {password or '(unchanged)'}")
        self.stdout.write("Demo users (sign in at /accounts/login/):")
        self.stdout.write(f"  {'username':<16} {'role':<14} password")
        self.stdout.write("\n".join(lines))
        self.stdout.write(
            f"Each has the e-mail address {demo_email('<username>')}; in development "
            "password-reset mails are printed by the server, not sent."
        )
        if not fixed_password:
            self.stdout.write("Set DEMO_PASSWORD to give every demo user a known password.")


def demo_email(username: str) -> str:
    return f"{username}@example.gov.uk"


class _Indented:
    """Each app's loader writes one line per kind of record; list them under the heading."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout

    def write(self, message: str) -> None:
        self.stdout.write("  " + message)
