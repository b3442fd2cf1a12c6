"""``manage.py verify_summaries [--repair]``: the summary tables against their records."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from savings import summaries


class Command(BaseCommand):
    help = (
        "Recompute every savings summary row from the cells and delivery records and name each "
        "stored row that differs; exits non-zero if any does. --repair rewrites them all."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--repair",
            action="store_true",
            help="After listing the differences, rewrite every summary row from the records.",
        )

    def handle(self, *args, **options) -> None:
        found = summaries.differences()
        for difference in found:
            self.stdout.write(f"Savings summary differs: {difference}")
        if found and options["repair"]:
            written = summaries.rebuild()
            self.stdout.write(f"Rewrote {written} savings summary rows from the records.")
            return
        if found:
            raise CommandError(
                f"{len(found)} savings summary rows differ from their records "
                "(run with --repair to rewrite them)."
            )
        self.stdout.write(
            f"Savings summaries agree with their records ({len(summaries.stored())} rows)."
        )
