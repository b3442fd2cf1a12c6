"""Background tasks (django-tasks): agenda packs render on a worker, not in the request."""

from __future__ import annotations

from django_tasks import task

from governance.models import AgendaPack, CommitteeReport, Meeting
from governance.reports.pack import build_pack, pack_reports


@task()
def render_agenda_pack(pack_id: int) -> str:
    """Build the pack's PDF; returns its SHA-256."""
    pack = AgendaPack.objects.select_related("meeting__committee").get(pk=pack_id)
    build_pack(pack)
    return pack.pdf_sha256


def request_pack(meeting: Meeting, user, *, include_drafts: bool = False) -> AgendaPack:
    """Queue a new agenda pack for ``meeting``; the worker fills in progress and the PDF.

    The pack holds the published reports, and the drafts too when the clerk asks
    (``include_drafts``), each draft page marked DRAFT."""
    # Marked exempt (or holding drafts) from the start, so nobody who may not see those
    # reports can follow it.
    reports = pack_reports(meeting, include_drafts=include_drafts)
    includes_exempt = reports.filter(CommitteeReport.exempt_q()).exists()
    includes_drafts = reports.exclude(status=CommitteeReport.Status.PUBLISHED).exists()
    pack = AgendaPack(
        meeting=meeting,
        requested_by=user,
        includes_exempt=includes_exempt,
        includes_drafts=includes_drafts,
    )
    pack._change_reason = "Agenda pack requested"
    pack.save()
    result = render_agenda_pack.enqueue(pack.pk)
    # The worker may already be saving progress: record the task id without a versioned save.
    AgendaPack.objects.filter(pk=pack.pk).update(task_id=str(result.id))
    pack.refresh_from_db()
    return pack
