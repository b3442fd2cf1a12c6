"""``manage.py import_contracts FILE --authority H&F [--dry-run]``: for council data teams.

All or nothing, as in the admin: any bad row imports nothing, every bad row is listed and the
command exits non-zero.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.imports import ImportRefused, import_contracts, resolve_owner


class Command(BaseCommand):
    help = "Import a contracts register (Transparency Code CSV or XLSX) for one authority."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--authority",
            required=True,
            help="Owner: authority short name or DfE code (H&F, 205), or a partnership.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, **options) -> None:
        try:
            owner = resolve_owner(options["authority"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            plan = import_contracts(owner, path.name, path.read_bytes(), dry_run=options["dry_run"])
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        for error in plan.errors:
            self.stderr.write(str(error))
        if not plan.ok:
            raise CommandError(plan.summary())
        for row in plan.rows:
            if row.action == "create":
                self.stdout.write(f"Line {row.line}: create {row.reference}")
            elif row.action == "update":
                changed = ", ".join(row.changes)
                self.stdout.write(f"Line {row.line}: change {row.reference} ({changed})")
        if plan.ignored_columns:
            self.stdout.write("Columns ignored: " + ", ".join(plan.ignored_columns))
        prefix = "Dry run, nothing saved. " if options["dry_run"] else ""
        self.stdout.write(prefix + plan.summary())
