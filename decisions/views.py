"""Members' pages: the forward plan and its entries, decisions and their call-in.

A scrutiny member calls a decision in from its page (a plain form, no script); the clerk
records what scrutiny resolved there too. Both steps are checked through the decision's
lifecycle (``childrens_services.lifecycle``): 403 for someone the rule set does not allow, the
form again with the refusal's sentence when the step may not be taken now.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from childrens_services.generic import ScopedTableView
from childrens_services.lifecycle import TransitionError
from childrens_services.permissions import restrict, viewable_or_404
from decisions.filtersets import DecisionNoticeFilterSet, ForwardPlanEntryFilterSet
from decisions.forms import CallInForm, ResolveCallInForm
from decisions.models import DecisionNotice, ForwardPlanEntry
from decisions.tables import DecisionNoticeTable, ForwardPlanEntryTable


class ForwardPlanList(ScopedTableView):
    """The key decisions to come that the user may see (drafts only to their authority)."""

    queryset = ForwardPlanEntry.objects.select_related("authority")
    filterset_class = ForwardPlanEntryFilterSet
    table_class = ForwardPlanEntryTable
    template_name = "decisions/forward_plan.html"
    title = "Forward plan of key decisions"
    permission_required = "decisions.view_forwardplanentry"


class DecisionList(ScopedTableView):
    """The decisions the user may see, with when each call-in period ends."""

    queryset = DecisionNotice.objects.select_related("authority")
    filterset_class = DecisionNoticeFilterSet
    table_class = DecisionNoticeTable
    template_name = "decisions/decision_list.html"
    title = "Decisions"
    permission_required = "decisions.view_decisionnotice"


def _require_role(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("Your account has no role yet.")


@require_GET
@login_required
def forward_plan_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One key decision to come: who decides, when, on what paper, and how notice was given."""
    _require_role(request, "decisions.view_forwardplanentry")
    entry = viewable_or_404(
        request.user,
        ForwardPlanEntry.objects.select_related("authority", "committee", "report"),
        pk=pk,
    )
    report = entry.report
    if report is not None and not request.user.has_perm("governance.view_committeereport", report):
        report = None
    context = {
        "entry": entry,
        "notice": entry.notice(),
        "warning": entry.notice_warning(),
        "report": report,
        "decisions": restrict(request.user, entry.decisions.all()),
        "breadcrumbs": [(reverse("decisions:forward_plan"), "Forward plan"), ("", entry.reference)],
    }
    return render(request, "decisions/forward_plan_entry.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision notice, its call-in status, and the call-in (or resolution) form for those
    who may take that step now."""
    _require_role(request, "decisions.view_decisionnotice")
    notice = viewable_or_404(
        request.user,
        DecisionNotice.objects.select_related("authority", "committee", "forward_plan_entry"),
        pk=pk,
    )
    lifecycle = DecisionNotice.lifecycle
    call_in_form = CallInForm(prefix="call_in")
    resolve_form = ResolveCallInForm(prefix="resolve")
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        if step not in ("call_in", "resolve_call_in"):
            problem = {
                "problem": "There is no such step",
                "errors": ["Choose to call the decision in or to record the outcome."],
                "way_back": "Back to the decision",
            }
            return render(request, "generic/bad_request.html", problem, status=400)
        lifecycle.check(notice, request.user, step, forbidden=PermissionDenied)
        form = CallInForm(request.POST, prefix="call_in") if step == "call_in" else None
        form = form or ResolveCallInForm(request.POST, prefix="resolve")
        if form.is_valid():
            try:
                if step == "call_in":
                    data = form.cleaned_data
                    notice.call_in(request.user, data["members"], data["reasons"])
                    messages.success(request, f"“{notice}” is called in.")
                else:
                    data = form.cleaned_data
                    notice.resolve_call_in(request.user, data["outcome"], data["note"])
                    messages.success(request, f"The call-in of “{notice}” is resolved.")
                return redirect(notice.get_absolute_url())
            except TransitionError as exc:
                form.add_error(None, " ".join(exc.messages))
        status = 400
        if step == "call_in":
            call_in_form = form
        else:
            resolve_form = form
    today = timezone.localdate()
    may_call_in = notice.call_in_open(today) and lifecycle.may(notice, request.user, "call_in")
    may_resolve = notice.status == notice.Status.CALLED_IN and lifecycle.may(
        notice, request.user, "resolve_call_in"
    )
    context = {
        "notice": notice,
        "entry": notice.forward_plan_entry,
        "call_in_status": notice.call_in_status(today),
        "implementable": notice.implementable(today),
        "call_ins": notice.call_ins.all(),
        "call_in_form": call_in_form if may_call_in else None,
        "resolve_form": resolve_form if may_resolve else None,
        "breadcrumbs": [(reverse("decisions:decisions"), "Decisions"), ("", notice.title)],
    }
    return render(request, "decisions/decision.html", context, status=status)
