"""Queue the daily digest of alerts for the worker; run once a day (cron, a platform's
scheduler; see docs/deployment.md). ``--now`` sends in this process instead."""

from django.core.management.base import BaseCommand

from alerts import delivery
from alerts.tasks import send_digests


class Command(BaseCommand):
    help = "Queue (or with --now send) the daily digest e-mails of alerts."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send here, not on the worker.")

    def handle(self, *args, now: bool = False, **options):
        if now:
            self.stdout.write(f"{delivery.send_digests()} digest e-mail(s) sent.")
        else:
            result = send_digests.enqueue()
            self.stdout.write(f"Daily digest queued (task {result.id}).")
