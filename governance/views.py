"""Clerks' pages for committee reports: compose, preview, publish, supersede, download, packs.

Every page finds its record through ``restrict``, so a report (or pack) a user may not see
is a 404, never a 403 that would confirm it exists; changes ask ``user.has_perm``, and a
refusal says why (``refused``).

The composer is these pages, not the admin (decided for issue 17): a hub listing the report's
front matter and parts (``compose``), one small form per part (``governance.forms``), the
appendix form whose fields come from the chosen block's parameters with a live preview, and
a confirmation page before publishing. Every save goes through the versioned model, so a
stale form is refused naming who changed what, and every change keeps a history row with
the clerk as its user.
"""

from __future__ import annotations

import functools
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from childrens_services import blocks
from childrens_services.admin import owner_label
from childrens_services.generic import ScopedTableView
from childrens_services.models import FrozenRecordError, StaleRecordError
from childrens_services.permissions import restrict
from governance.filtersets import CommitteeReportFilterSet
from governance.forms import (
    PARTS,
    AppendixForm,
    FrontMatterForm,
    MeetingChoiceForm,
    Part,
    ReportStartForm,
)
from governance.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Committee,
    CommitteeReport,
    Meeting,
)
from governance.reports.document import appendix_data, build_document
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
    """The committee reports the user may see, latest meeting first; "New report" for
    clerks."""

    queryset = CommitteeReport.objects.select_related("meeting__committee", "agenda_item").defer(
        "pdf", "snapshot"
    )
    ordering = ["-meeting__date", "agenda_item__number", "pk"]
    filterset_class = CommitteeReportFilterSet
    choices_follow = {"meeting": "meeting__committee"}
    table_class = CommitteeReportTable
    title = "Committee reports"
    add_action = ("reports:new", "New report", "governance.add_committeereport")


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview: a draft drawn from live data, a published report from its snapshot."""
    report = _report(request, pk)
    try:
        document = report.snapshot if report.is_published else build_document(report)
    except ValidationError as refused:
        document, cannot_draw = None, _cannot_draw(report, refused)
    else:
        cannot_draw = ""
    steps = {step.name for step in CommitteeReport.lifecycle.available(report, request.user)}
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "body": report_fragment(document) if document else "",
            "cannot_draw": cannot_draw,
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
    try:
        document = build_document(report)
    except ValidationError as refused:
        messages.error(request, _cannot_draw(report, refused))
        return redirect("reports:detail", pk=report.pk)
    return _pdf_response(render_report_pdf(document), f"report-{pk}-draft.pdf")


def _cannot_draw(report: CommitteeReport, refused: ValidationError) -> str:
    """Why a draft cannot be drawn now: a live table names a record that has gone (its
    sentence says which); the report's publication problems name the table."""
    reasons = [p for p in report.publication_problems() if any(m in p for m in refused.messages)]
    return "This draft cannot be drawn: " + " ".join(reasons or refused.messages)


def composition_stamp(report: CommitteeReport) -> str:
    """The versions of the report and of each of its parts, as one token: the publication
    page carries it, so a change saved after the clerk read what they are publishing is
    caught (each save bumps a version; adding or deleting a part changes the list)."""
    rows = [("report", report.pk, report.version)]
    for part in PARTS.values():
        rows += [(part.slug, pk, v) for pk, v in part.items(report).values_list("pk", "version")]
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:20]


def latest_change(report: CommitteeReport) -> str:
    """The last change to the report or a part, as "section “x” was changed by clerk"."""
    candidates = [report.history.order_by("-history_date").first()]
    for part in PARTS.values():
        history = part.model.history.filter(report_id=report.pk).order_by("-history_date")
        candidates.append(history.first())
    latest = max((c for c in candidates if c is not None), key=lambda c: c.history_date)
    who = latest.history_user.get_username() if latest.history_user else "someone else"
    verb = {"+": "added", "-": "deleted"}.get(latest.history_type, "changed")
    noun = latest.instance._meta.verbose_name
    return f"{noun} “{latest.instance}” was {verb} by {who}"


@login_required
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publishing with care: the page says what publication does and what stops it; only its
    own form (carrying the state of the paper the clerk read) publishes."""
    report = _report(request, pk)
    if report.is_published:
        messages.info(request, "This report is already published.")
        return redirect("reports:detail", pk=report.pk)
    CommitteeReport.lifecycle.check(report, request.user, "publish", forbidden=PermissionDenied)
    stamp = composition_stamp(report)
    if request.method == "POST":
        seen = request.POST.get("stamp", "")
        if not seen:
            messages.error(request, "Publish from this page, after reading what it does.")
            return redirect("reports:publish", pk=report.pk)
        if seen != stamp:
            messages.error(
                request,
                f"The report changed after you opened this page: {latest_change(report)}. "
                "Check the preview, then confirm again.",
            )
            return redirect("reports:publish", pk=report.pk)
        try:
            publish_report(report, request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Published. The PDF's SHA-256 is {report.pdf_sha256}.")
        return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/publish.html",
        {
            "report": report,
            "problems": report.publication_problems(),
            "stamp": stamp,
            "report_crumbs": [
                (reverse("reports:list"), "Committee reports"),
                (reverse("reports:meeting", args=[report.meeting_id]), str(report.meeting)),
                (reverse("reports:detail", args=[report.pk]), report.title),
                ("", "Publish"),
            ],
            "live_tables": [
                appendix for appendix in report.appendices.all() if appendix.kind != blocks.TEXT
            ],
        },
    )


@login_required
@require_POST
def report_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a corrected version: a new draft copying the published report, opened in the
    composer."""
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
    messages.success(request, "A new draft version was created: correct it here, then publish it.")
    return redirect("reports:compose", pk=draft.pk)


def attendance_of(user, meeting: Meeting) -> dict:
    """Who attended and what interests were declared, as the meeting page and the minutes'
    block show them: attendance grouped by kind (present, apologies...), declarations in
    agenda order."""
    rows = restrict(
        user, meeting.attendance.select_related("person", "substitute_for").order_by("person__name")
    )
    groups = {kind: [] for kind in Attendance.Kind.values}
    for row in rows:
        groups[row.kind].append(row)
    declarations = restrict(
        user,
        meeting.declarations.select_related("person", "agenda_item").order_by(
            "agenda_item__number", "person__name"
        ),
    )
    listed = [(Attendance.Kind(kind).label, group) for kind, group in groups.items() if group]
    return {
        "attendance": listed,
        "declarations": list(declarations),
        "attendance_illustrative": any(r.illustrative for _, g in listed for r in g),
    }


@login_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's page: its remit and meetings, and (from alerts, through a template tag)
    the button to follow it."""
    committee = get_object_or_404(
        restrict(request.user, Committee.objects.select_related("authority", "partnership")),
        pk=pk,
    )
    meetings = restrict(request.user, committee.meetings.order_by("-date"))
    return render(request, "reports/committee.html", {"committee": committee, "meetings": meetings})


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        restrict(request.user, Meeting.objects.select_related("committee")), pk=pk
    )
    reports = list(restrict(request.user, current_reports(meeting).defer("pdf", "snapshot")))
    items = list(restrict(request.user, meeting.agenda_items.order_by("number")))
    for item in items:
        item.current_reports = [r for r in reports if r.agenda_item_id == item.pk]
    packs = restrict(request.user, meeting.agenda_packs.defer("pdf"))[:5]
    return render(
        request,
        "reports/meeting.html",
        {
            "meeting": meeting,
            **attendance_of(request.user, meeting),
            "reports": reports,
            "items": items,
            "unlisted": [r for r in reports if r.agenda_item_id is None],
            "packs": packs,
            "may_add_report": request.user.has_perm(
                "governance.add_committeereport", CommitteeReport(meeting=meeting)
            ),
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


# The composer -----------------------------------------------------------------------------


class Refused(Exception):
    """The user may not do this here; the sentence says why (drawn as a 403 page)."""


class Published(Exception):
    """The report was published (perhaps while the clerk was editing): it is frozen."""

    def __init__(self, report_pk: int, reason: str) -> None:
        super().__init__(reason)
        self.report_pk = report_pk
        self.reason = reason


def composer(view):
    """A composer page: signed in; a refusal answered 403 with its reason; a report that is
    published (or was, while the clerk edited it) sends them to its page saying so."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return render(request, "reports/refused.html", {"reason": str(refusal)}, status=403)
        except Published as published:
            messages.error(request, published.reason)
            return redirect("reports:detail", pk=published.report_pk)
        except FrozenRecordError as frozen:
            messages.error(request, f"Nothing was changed. {frozen.message}")
            if "pk" in kwargs:
                return redirect("reports:detail", pk=kwargs["pk"])
            return redirect("reports:list")

    return wrapped


def _id(value: str) -> int:
    """A record id from the address, or 404 (never a 500 for ``?meeting=abc``)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None


def _composing(request: HttpRequest, pk: int) -> CommitteeReport:
    """The report ``pk`` for its composer: 404 if the user may not see it; refused, saying
    why, if they may not change it (another authority's report, or a published one)."""
    report = _report(request, pk)
    if request.user.has_perm("governance.change_committeereport", report):
        return report
    if report.is_published:
        raise Published(report.pk, report.frozen_reason())
    raise Refused(f"Only the clerks of {owner_label(report)} may change this report.")


def _save(form, request: HttpRequest) -> bool:
    """Save a composer form as the clerk (the history row's user); a save that lost a race
    with someone else's is refused on the form, naming what they changed."""
    record = form.save(commit=False)
    record._history_user = request.user
    try:
        record.save()
    except StaleRecordError as stale:
        form.add_error(None, stale.message)
        return False
    return True


def _next_position(part: Part, report: CommitteeReport) -> int:
    last = part.items(report).order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _crumbs(report: CommitteeReport, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (reverse("reports:list"), "Committee reports"),
        (reverse("reports:meeting", args=[report.meeting_id]), str(report.meeting)),
        (reverse("reports:compose", args=[report.pk]), report.title),
        *trail,
    ]


@composer
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """A new draft report: from an agenda item (``?item=``), a meeting (``?meeting=``), or
    the reports list, where the clerk first picks the meeting."""
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    item = meeting = None
    if source.get("item"):
        items = AgendaItem.objects.select_related("meeting__committee")
        item = get_object_or_404(restrict(user, items), pk=_id(source["item"]))
        meeting = item.meeting
    elif source.get("meeting"):
        meetings = Meeting.objects.select_related("committee")
        meeting = get_object_or_404(restrict(user, meetings), pk=_id(source["meeting"]))
    if meeting is None:
        if not user.has_perm("governance.add_committeereport"):
            raise Refused(
                "Only clerks write committee reports, for their own authority's meetings."
            )
        chosen = request.GET if "meeting" in request.GET else None  # "Continue" with none
        return render(
            request,
            "reports/new.html",
            {"choose": MeetingChoiceForm(chosen, user=user), "breadcrumbs": _new_crumbs()},
        )
    candidate = CommitteeReport(meeting=meeting, agenda_item=item)
    if not user.has_perm("governance.add_committeereport", candidate):
        raise Refused(
            f"Only the clerks of {owner_label(meeting)} may write reports for its meetings."
        )
    initial = {"agenda_item": item, "title": item.title} if item else {}
    form = ReportStartForm(
        request.POST if request.method == "POST" else None,
        instance=candidate,
        initial=initial,
        user=user,
    )
    if request.method == "POST" and form.is_valid() and _save(form, request):
        messages.success(
            request, "The draft report was created: now give its front matter, sections and tables."
        )
        return redirect("reports:compose", pk=form.instance.pk)
    return render(
        request,
        "reports/new.html",
        {"form": form, "meeting": meeting, "item": item, "breadcrumbs": _new_crumbs(meeting)},
    )


def _new_crumbs(meeting: Meeting | None = None) -> list[tuple[str, str]]:
    crumbs = [(reverse("reports:list"), "Committee reports")]
    if meeting is not None:
        crumbs.append((reverse("reports:meeting", args=[meeting.pk]), str(meeting)))
    return [*crumbs, ("", "New report")]


def _front_matter_rows(report: CommitteeReport) -> list[tuple[str, str]]:
    """The front matter the report states, in the form's order, as (label, words)."""
    rows = []
    for name in FrontMatterForm.Meta.fields:
        field = CommitteeReport._meta.get_field(name)
        value = getattr(report, name)
        if value in ("", None) or (name == "lead_officer_label" and not report.lead_officer):
            continue
        if name == "key_decision":
            shown = "Yes" if value else "No"
        elif field.choices:
            shown = getattr(report, f"get_{name}_display")()
        else:
            shown = str(value)
        rows.append((FrontMatterForm.base_fields[name].label or field.verbose_name, shown))
    return rows


def _describe_appendices(appendices: list[Appendix]) -> None:
    """Give each appendix its kind's name and its parameters in words, for the hub's list."""
    for appendix in appendices:
        appendix.kind_name, appendix.described = "Text", []
        if appendix.kind != blocks.TEXT and blocks.is_registered(appendix.kind):
            block = blocks.get(appendix.kind)
            appendix.kind_name = block.name
            appendix.described = block.describe(appendix.params)


@composer
@require_GET
def compose(request: HttpRequest, pk: int) -> HttpResponse:
    """The composer's hub: the front matter, then each kind of part in the paper's order,
    with add, change, move and delete; what still stops publication."""
    report = _composing(request, pk)
    groups = []
    for part in PARTS.values():
        items = list(part.items(report))
        if part.model is Appendix:
            _describe_appendices(items)
        groups.append(
            {"part": part, "items": items, "order": ",".join(str(item.pk) for item in items)}
        )
    # The numbers the paper prints: recommendations 1, 2...; implications follow the sections.
    numbered = {group["part"].slug: group for group in groups}
    numbered["recommendations"]["start"] = numbered["sections"]["start"] = 1
    numbered["implications"]["start"] = len(numbered["sections"]["items"]) + 1
    return render(
        request,
        "reports/composer/compose.html",
        {
            "report": report,
            "front_matter": _front_matter_rows(report),
            "groups": groups,
            "problems": report.publication_problems(),
            "may_publish": CommitteeReport.lifecycle.may(report, request.user, "publish"),
            "breadcrumbs": _crumbs(report)[:-1] + [("", report.title)],
        },
    )


@composer
@require_http_methods(["GET", "POST"])
def front_matter(request: HttpRequest, pk: int) -> HttpResponse:
    report = _composing(request, pk)
    form = FrontMatterForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid() and _save(form, request):
        messages.success(request, "The front matter was saved.")
        return redirect("reports:compose", pk=report.pk)
    return render(
        request,
        "reports/composer/front_matter.html",
        {"report": report, "form": form, "breadcrumbs": _crumbs(report, ("", "Front matter"))},
    )


def _part(slug: str) -> Part:
    part = PARTS.get(slug)
    if part is None or part.model is Appendix:
        raise Http404("No such part of a report.")
    return part


@composer
@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, pk: int, part: str, part_pk: int | None = None) -> HttpResponse:
    """Add or change one recommendation, section, implication, clearance or paper."""
    report = _composing(request, pk)
    part = _part(part)
    if part_pk is None:
        record = part.model(report=report, position=_next_position(part, report))
    else:
        record = get_object_or_404(part.items(report), pk=part_pk)
    form = part.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid() and _save(form, request):
        messages.success(request, f"The {part.noun} was saved.")
        return HttpResponseRedirect(reverse("reports:compose", args=[report.pk]) + f"#{part.slug}")
    title = f"Add a {part.noun}" if part_pk is None else f"Change the {part.noun}"
    return render(
        request,
        "reports/composer/part.html",
        {
            "report": report,
            "part": part,
            "form": form,
            "title": title,
            "markdown": any(name in form.fields for name in ("body", "text")),
            "breadcrumbs": _crumbs(report, ("", title)),
        },
    )


@composer
@require_http_methods(["GET", "POST"])
def part_delete(request: HttpRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    """Delete a part, after a page saying which; refused if it changed since that page."""
    report = _composing(request, pk)
    part = PARTS.get(part) or _part(part)
    record = get_object_or_404(part.items(report), pk=part_pk)
    if request.method == "POST":
        seen = request.POST.get("seen_version", "")
        if seen != str(record.version):
            messages.error(request, record.describe_changes_since(_id(seen or 0)))
            return redirect("reports:part-delete", pk=report.pk, part=part.slug, part_pk=record.pk)
        record._history_user = request.user
        with transaction.atomic():
            record.delete()
        messages.success(request, f"The {part.noun} “{record}” was deleted.")
        return HttpResponseRedirect(reverse("reports:compose", args=[report.pk]) + f"#{part.slug}")
    title = f"Delete the {part.noun}?"
    return render(
        request,
        "reports/composer/delete.html",
        {
            "report": report,
            "part": part,
            "record": record,
            "title": title,
            "breadcrumbs": _crumbs(report, ("", title)),
        },
    )


@composer
@require_POST
def part_move(request: HttpRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    """Move a part up or down one place. The page posts the order it showed: if someone
    else has added, deleted or moved a part since, nothing moves and the clerk sees the
    order as it is now."""
    report = _composing(request, pk)
    part = PARTS.get(part) or _part(part)
    items = list(part.items(report))
    back = reverse("reports:compose", args=[report.pk]) + f"#{part.slug}"
    if request.POST.get("order") != ",".join(str(item.pk) for item in items):
        messages.error(
            request,
            f"The {part.heading.lower()} changed since you opened the page; nothing was moved. "
            "Here they are as they are now.",
        )
        return HttpResponseRedirect(back)
    index = next((i for i, item in enumerate(items) if item.pk == part_pk), None)
    if index is None:
        raise Http404("No such part of this report.")
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        with transaction.atomic():
            for position, item in enumerate(items, start=1):
                if item.position != position:
                    item.position = position
                    item._history_user = request.user
                    item.save(update_fields=["position"])
    return HttpResponseRedirect(back)


@composer
@require_GET
def appendix_kind(request: HttpRequest, pk: int, part_pk: int | None = None) -> HttpResponse:
    """Step one of an appendix or table: its kind, text or one of the live blocks the clerk
    may use; the form it leads to asks for that kind's parameters."""
    report = _composing(request, pk)
    appendix = get_object_or_404(report.appendices, pk=part_pk) if part_pk else None
    kinds = []
    for code, name in blocks.choices(request.user):
        about = "Typed text: paragraphs, lists, a typed table."
        if code != blocks.TEXT:
            doc = type(blocks.get(code)).__doc__ or ""
            about = " ".join(doc.split("\n\n")[0].split())
        kinds.append({"code": code, "name": name, "about": about})
    current = appendix.kind if appendix else blocks.TEXT
    title = "What kind of appendix or table?"
    return render(
        request,
        "reports/composer/appendix_kind.html",
        {
            "report": report,
            "appendix": appendix,
            "kinds": kinds,
            "current": request.GET.get("kind", current),
            "action": (
                reverse("reports:appendix", args=[report.pk, appendix.pk])
                if appendix
                else reverse("reports:appendix-add", args=[report.pk])
            ),
            "title": title,
            "breadcrumbs": _crumbs(report, ("", title)),
        },
    )


def appendix_preview(appendix: Appendix) -> dict:
    """The appendix drawn as the paper will draw it, from the data as it is now; or the
    sentence saying why it cannot be (a record it names has gone)."""
    try:
        if appendix.kind != blocks.TEXT:
            appendix.params = blocks.get(appendix.kind).clean(appendix.params)
        entry = appendix_data(appendix)
    except ValidationError as refused:
        return {"problem": " ".join(refused.messages)}
    if entry["kind"] != blocks.TEXT:
        entry["context"] = blocks.get(entry["kind"]).context(entry["data"])
    html = render_to_string("reports/composer/_appendix_preview.html", {"entry": entry})
    return {"html": html}


@composer
@require_http_methods(["GET", "POST"])
def appendix_edit(request: HttpRequest, pk: int, part_pk: int | None = None) -> HttpResponse:
    """An appendix or table in the text: title, place, and its text or its block's
    parameters picked from lists; "Preview" draws it without saving."""
    report = _composing(request, pk)
    if part_pk is None:
        appendix = Appendix(report=report, position=_next_position(PARTS["appendices"], report))
    else:
        appendix = get_object_or_404(report.appendices, pk=part_pk)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind") or (appendix.kind if part_pk else "")
    offered = dict(blocks.choices(request.user))
    if kind not in offered:
        if kind:
            messages.error(request, f"“{kind[:60]}” is not a kind of appendix you can add.")
        chooser = "reports:appendix-kind" if part_pk else "reports:appendix-choose"
        return redirect(chooser, pk=report.pk, **({"part_pk": part_pk} if part_pk else {}))
    form = AppendixForm(
        request.POST if request.method == "POST" else None,
        instance=appendix,
        user=request.user,
        kind=kind,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = appendix_preview(form.instance)
        elif _save(form, request):
            saved = form.instance
            note = ""
            if saved.is_inline:
                note = (
                    f" To place it, write {{{{table {saved.label}}}}} as a paragraph of its own "
                    "in a section."
                )
            messages.success(request, f"“{saved.title}” was saved.{note}")
            return redirect("reports:appendix", pk=report.pk, part_pk=saved.pk)
    elif request.method == "GET" and part_pk and appendix.kind == kind:
        preview = appendix_preview(appendix)
    title = "Add an appendix or table" if part_pk is None else f"Change “{appendix.title}”"
    return render(
        request,
        "reports/composer/appendix.html",
        {
            "report": report,
            "appendix": appendix,
            "form": form,
            "kind_name": offered[kind],
            "preview": preview,
            "title": title,
            "breadcrumbs": _crumbs(report, ("", title)),
        },
    )
