"""``manage.py announce_due_responses``: tell followers of each executive response that has
fallen due, once per recommendation (run daily, from cron or the worker's schedule)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from scrutiny.announcements import announce_due_responses


class Command(BaseCommand):
    help = "Announce the scrutiny responses that have fallen due (each only once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", help="As at this day (YYYY-MM-DD); today by default.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Run it on the background worker instead."
        )

    def handle(self, *args, **options) -> None:
        if options["enqueue"]:
            from scrutiny.tasks import announce_due_responses as task

            result = task.enqueue()
            self.stdout.write(f"Queued for the worker: task {result.id}.")
            return
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(f"--on: “{options['on']}” is not a date (YYYY-MM-DD).") from exc
        count = announce_due_responses(on)
        self.stdout.write(f"Announced {count} response{'s' if count != 1 else ''} due.")
