"""Clerks' pages for committee reports: preview, publish, supersede, download, agenda packs.

Every page finds its record through ``restrict``, so a report (or pack) a user may not see
is a 404, never a 403 that would confirm it exists; changes ask ``user.has_perm``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from childrens_services.generic import ScopedTableView
from childrens_services.permissions import restrict
from governance.filtersets import CommitteeReportFilterSet
from governance.models import AgendaPack, CommitteeReport, Meeting
from governance.reports.document import build_document
from governance.reports.html import report_fragment
from governance.reports.pack import current_reports
from governance.reports.pdf import render_report_pdf
from governance.reports.publishing import publish_report
from governance.reports.tasks import request_pack
from governance.tables import CommitteeReportTable


def _report(request: HttpRequest, pk: int, *, defer_pdf: bool = True) -> CommitteeReport:
    queryset = CommitteeReport.objects.select_related(
        "meeting__committee__authority", "meeting__committee__partnership", "agenda_item"
    )
    if defer_pdf:
        queryset = queryset.defer("pdf")
    return get_object_or_404(restrict(request.user, queryset), pk=pk)


def _pdf_response(content: bytes, filename: str, sha256: str = "") -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if sha256:
        response["ETag"] = f'"{sha256}"'
    return response


class ReportList(ScopedTableView):
    """The committee reports the user may see, latest meeting first."""

    queryset = CommitteeReport.objects.select_related("meeting__committee", "agenda_item").defer(
        "pdf", "snapshot"
    )
    ordering = ["-meeting__date", "agenda_item__number", "pk"]
    filterset_class = CommitteeReportFilterSet
    table_class = CommitteeReportTable
    title = "Committee reports"


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview: a draft drawn from live data, a published report from its snapshot."""
    report = _report(request, pk)
    document = report.snapshot if report.is_published else build_document(report)
    steps = {step.name for step in CommitteeReport.lifecycle.available(report, request.user)}
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "body": report_fragment(document),
            "may_change": request.user.has_perm("governance.change_committeereport", report),
            "may_publish": "publish" in steps,
            "may_supersede": "supersede" in steps and not hasattr(report, "superseded_by"),
            "problems": [] if report.is_published else report.publication_problems(),
        },
    )


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report's stored bytes, always; a draft rendered from live data now."""
    report = _report(request, pk, defer_pdf=False)
    if report.is_published:
        return _pdf_response(bytes(report.pdf), f"report-{report.pk}.pdf", report.pdf_sha256)
    return _pdf_response(render_report_pdf(build_document(report)), f"report-{pk}-draft.pdf")


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        CommitteeReport.lifecycle.check(report, request.user, "publish", forbidden=PermissionDenied)
        publish_report(report, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Published. The PDF's SHA-256 is {report.pdf_sha256}.")
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        CommitteeReport.lifecycle.check(
            report, request.user, "supersede", forbidden=PermissionDenied
        )
        draft = report.supersede(request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, "A new draft version was created; correct it and publish it.")
    return redirect(reverse("admin:governance_committeereport_change", args=[draft.pk]))


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        restrict(request.user, Meeting.objects.select_related("committee")), pk=pk
    )
    reports = restrict(request.user, current_reports(meeting).defer("pdf", "snapshot"))
    packs = restrict(request.user, meeting.agenda_packs.defer("pdf"))[:5]
    return render(
        request,
        "reports/meeting.html",
        {
            "meeting": meeting,
            "reports": reports,
            "packs": packs,
            "may_request_pack": request.user.has_perm(
                "governance.add_agendapack", AgendaPack(meeting=meeting)
            ),
        },
    )


@login_required
@require_POST
def pack_request(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(restrict(request.user, Meeting.objects.all()), pk=pk)
    if not request.user.has_perm("governance.add_agendapack", AgendaPack(meeting=meeting)):
        raise PermissionDenied("Only the clerks of the meeting's authority may build its pack.")
    include_drafts = request.POST.get("include_drafts") == "yes"
    pack = request_pack(meeting, request.user, include_drafts=include_drafts)
    return redirect("reports:pack", pk=pack.pk)


@login_required
@require_GET
def pack_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while the worker renders (the page refreshes itself), then the download."""
    pack = get_object_or_404(
        restrict(request.user, AgendaPack.objects.select_related("meeting__committee")).defer(
            "pdf"
        ),
        pk=pk,
    )
    return render(request, "reports/pack.html", {"pack": pack})


@login_required
@require_GET
def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_object_or_404(
        restrict(request.user, AgendaPack.objects.filter(status=AgendaPack.Status.DONE)), pk=pk
    )
    return _pdf_response(bytes(pack.pdf), f"agenda-pack-{pack.meeting_id}.pdf", pack.pdf_sha256)
