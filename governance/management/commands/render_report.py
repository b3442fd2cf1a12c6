"""Render a committee report (or a mandate on its own) to a PDF file from the shell."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from childrens_services import blocks
from governance.models import CommitteeReport
from governance.reports.document import build_document, standalone_document
from governance.reports.pdf import render_report_pdf

MANDATE_BLOCK = "mandate"


class Command(BaseCommand):
    help = (
        "Write a committee report's PDF (a published report's stored bytes; a draft rendered "
        "now), or with --mandate a mandate rendered on its own."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("report_id", nargs="?", type=int, help="The committee report's id.")
        parser.add_argument("--mandate", type=int, help="Render this mandate instead of a report.")
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write.")

    def handle(self, *args, report_id=None, mandate=None, output, **options) -> None:
        if (report_id is None) == (mandate is None):
            raise CommandError("Give either a report id or --mandate <mandate id>.")
        if mandate is not None:
            pdf = self.mandate_pdf(mandate)
        else:
            report = CommitteeReport.objects.filter(pk=report_id).first()
            if report is None:
                raise CommandError(f"There is no committee report with id {report_id}.")
            if report.is_published:
                pdf = bytes(report.pdf)
            else:
                pdf = render_report_pdf(build_document(report))
        Path(output).write_bytes(pdf)
        self.stdout.write(f"Wrote {len(pdf):,} bytes to {output}")

    def mandate_pdf(self, mandate_id: int) -> bytes:
        if not blocks.is_registered(MANDATE_BLOCK):
            raise CommandError(
                f"No {MANDATE_BLOCK!r} block is registered yet: the mandates app must register "
                "it in mandates/blocks.py (see childrens_services/blocks.py)."
            )
        try:
            document = standalone_document(
                MANDATE_BLOCK, {"mandate": mandate_id}, title="Mandate for Children's Services"
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        return render_report_pdf(document)
