"""Commissioning pages: the register's exports (CSV and OCDS) and an authority's plan.

The renewals pipeline is the dashboards' renewals page (``dashboards:renewals``); its old
address redirects there (``commissioning.urls``)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from childrens_services.permissions import restrict
from commissioning.exports import contracts_of, ocds_release_package, register_csv
from commissioning.plans import plan_of
from governance.models import Authority, Partnership


def _owner(kind: str, key: str) -> Authority | Partnership:
    if kind == "authority":
        owner = Authority.objects.filter(dfe_code=key).first()
    else:
        owner = Partnership.objects.filter(pk=int(key) if key.isdigit() else None).first()
    if owner is None:
        raise Http404("No such authority or partnership.")
    return owner


@require_GET
@login_required
def export_register(request: HttpRequest, kind: str, key: str, fmt: str) -> HttpResponse:
    """The register of one authority (by DfE code) or partnership (by id) the user may see."""
    if fmt not in ("csv", "json"):
        raise Http404("Registers download as .csv or .json (OCDS).")
    owner = _owner(kind, key)
    contracts = restrict(request.user, contracts_of(owner))
    slug = f"contracts-{owner.short_name}".replace("&", "and").replace(" ", "-")
    if fmt == "csv":
        response = HttpResponse(register_csv(contracts), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
        return response
    package = ocds_release_package(owner, contracts, timezone.now(), request.build_absolute_uri())
    response = HttpResponse(json.dumps(package, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{slug}-ocds.json"'
    return response


@require_GET
@login_required
def commissioning_plan(request: HttpRequest, dfe_code: str) -> HttpResponse:
    """An authority's commissioning plan: each service's delivery model per period, and the
    commissioned-versus-direct share of spend computed from the amounts."""
    authority = Authority.objects.filter(dfe_code=dfe_code).first()
    if authority is None:
        raise Http404("No such authority.")
    plan = plan_of(request.user, authority)
    context = {
        "authority": authority,
        "periods": plan.periods,
        "rows": plan.rows,
        "spend_rows": plan.spend_rows,
    }
    return render(request, "commissioning/plan.html", context)
