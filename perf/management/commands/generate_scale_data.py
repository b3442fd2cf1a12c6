"""``manage.py generate_scale_data --authorities 153 --years 10 --seed 1``: national-scale data.

For performance measurement only (``make perf``): it writes synthetic mandates, savings,
contracts and committee papers for authorities that hold no demo records. See
``perf/scale.py`` for what is generated and why. The command exists under the harness's
settings (``DJANGO_SETTINGS_MODULE=perf.settings``, which install ``perf`` as an app), not in
the product: the generator writes every app's records, so it lives beside the harness rather
than in the core.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from perf import scale


class Command(BaseCommand):
    help = "Generate realistic synthetic records for many authorities and years (deterministic)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--authorities", type=int, default=153)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--last-year", type=int, default=2026, help="Last financial year (start year)."
        )
        parser.add_argument("--savings-lines", type=int, default=100, help="Per authority-year.")
        parser.add_argument("--contracts", type=int, default=500, help="Per authority.")
        parser.add_argument("--providers", type=int, default=1500, help="Shared by all.")

    def handle(self, *args, **options) -> None:
        if options["authorities"] < 1 or options["years"] < 1:
            raise CommandError("--authorities and --years must be at least 1.")
        if scale.already_generated():
            raise CommandError(
                "Scale data is already present; generate into a fresh database instead."
            )
        sizes = scale.Sizes(
            savings_lines_per_year=options["savings_lines"],
            contracts_per_authority=options["contracts"],
            providers=options["providers"],
        )
        started = time.monotonic()
        tally = scale.generate(
            authorities=options["authorities"],
            years=options["years"],
            seed=options["seed"],
            last_year=options["last_year"],
            sizes=sizes,
            progress=lambda line: self.stdout.write(line),
        )
        for name, count in sorted(tally.counts.items()):
            self.stdout.write(f"  {name}: {count:,}")
        elapsed = time.monotonic() - started
        self.stdout.write(f"Wrote {tally.total:,} rows (plus history) in {elapsed:.1f} s.")
