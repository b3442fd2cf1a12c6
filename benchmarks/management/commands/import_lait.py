"""``manage.py import_lait``: DfE LAIT measures and values, all or nothing, idempotently."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from benchmarks.imports import (
    ImportRejected,
    import_measures,
    import_values,
    load_areas,
    load_neighbour_models,
    sha256_of,
)
from benchmarks.models import ImportRun
from childrens_services.demo import fixture_path


class Command(BaseCommand):
    help = (
        "Import LAIT measures and values (defaults: fixtures/benchmarks/lait_measures.csv and "
        "lait_values.csv.gz). Safe to run again; a file with a bad row changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--measures",
            type=Path,
            default=fixture_path("benchmarks", "lait_measures.csv"),
            help="LAIT data dictionary CSV.",
        )
        parser.add_argument(
            "--values",
            type=Path,
            default=fixture_path("benchmarks", "lait_values.csv.gz"),
            help="LAIT values CSV in long form (.csv or .csv.gz).",
        )

    def handle(self, *args, **options) -> None:
        measures_path: Path = options["measures"]
        values_path: Path = options["values"]
        for path in (measures_path, values_path):
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        began = time.monotonic()
        run = ImportRun(
            started=timezone.now(),
            measures_file=str(measures_path),
            measures_sha256=sha256_of(measures_path),
            values_file=str(values_path),
            values_sha256=sha256_of(values_path),
        )
        try:
            with transaction.atomic():
                areas = load_areas()
                self.progress(f"areas: {len(areas):,}")
                models = load_neighbour_models(areas)
                self.progress(f"statistical-neighbour models: {', '.join(map(str, models))}")
                run.measures_read = import_measures(measures_path, self.progress)
                values = import_values(values_path, self.progress)
                run.values_read, run.values_missing = values.read, values.missing
                run.finished = timezone.now()
                run._change_reason = "import_lait"
                run.save()
        except ImportRejected as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {run.measures_read:,} measures and {run.values_read:,} values "
                f"in {time.monotonic() - began:.1f}s."
            )
        )

    def progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()
