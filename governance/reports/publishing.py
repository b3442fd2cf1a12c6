"""Publishing a committee report: build the paper from the records now, render it once, and
let the report record the step (``CommitteeReport.publish``).

The rendering lives here, in governance's report machinery, rather than inside the model's
method, so the model knows nothing of documents, templates or WeasyPrint. Who may publish is
asked by the caller first (``CommitteeReport.lifecycle.check``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from governance.models import CommitteeReport
from governance.reports.document import build_document
from governance.reports.pdf import render_report_pdf


def publish_report(report: CommitteeReport, user) -> None:
    """Freeze ``report``: snapshot every live block, render the PDF once, keep its hash.

    Refuses (``TransitionError``, a ``ValidationError``) when anything is missing; nothing
    changes then, and nothing is rendered.
    """
    report.check_publishable()
    with transaction.atomic():
        now = timezone.now()
        document = build_document(report, published_at=now)
        report.publish(user, document=document, pdf=render_report_pdf(document), at=now)
