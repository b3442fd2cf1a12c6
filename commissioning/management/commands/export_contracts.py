"""``manage.py export_contracts --authority H&F --format csv|ocds -o FILE``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.exports import contracts_of, ocds_release_package, register_csv
from commissioning.imports import resolve_owner
from commissioning.ocds import check_release_package


class Command(BaseCommand):
    help = "Export one authority's (or partnership's) contracts register as CSV or OCDS JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--authority", required=True, help="H&F, 205, Tri-borough...")
        parser.add_argument("--format", choices=["csv", "ocds"], default="csv")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, **options) -> None:
        try:
            owner = resolve_owner(options["authority"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        contracts = contracts_of(owner)
        output = Path(options["output"])
        if options["format"] == "csv":
            output.write_text(register_csv(contracts), encoding="utf-8")
        else:
            package = ocds_release_package(owner, contracts, timezone.now())
            problems = check_release_package(package) if package["releases"] else []
            if problems:
                raise CommandError("The OCDS package is not valid: " + "; ".join(problems))
            output.write_text(json.dumps(package, indent=2), encoding="utf-8")
        self.stdout.write(f"Wrote {contracts.count()} contracts to {output}.")
