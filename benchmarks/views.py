"""Pages for members: how an authority compares, a measure over time, authorities side by side.

Any signed-in user with a role may read benchmarks (they are published reference data, the
``benchmarks.view_value`` permission); each page is also a CSV or XLSX download with
``?format=csv`` or ``?format=xlsx``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from benchmarks import comparisons
from benchmarks.exports import FORMATS, Figure, download
from benchmarks.models import Area, Measure, NeighbourModel, SuccessMeasureBenchmark
from benchmarks.targets import evaluate
from childrens_services.charts import line_chart
from childrens_services.permissions import authority_ids_of, restrict

#: Shown on an authority's page until a member picks measures: the ones behind the seed
#: mandate's success measures (looked-after children, child protection, NEET, attainment).
HEADLINE_MEASURES = (
    "LAC",
    "CIN",
    "CPP_rate",
    "CPP_Abuse_Rate",
    "ReReferral",
    "CPPlans2yrs",
    "16-17 NEET",
    "KS2RWM_Expected_STD",
    "AVG_Attain8_Score",
    "LAC_KS2_ExpStd_RWM",
    "FirstYJS",
    "CareLeaversNEET",
)
#: At most this many authorities side by side (a chart with more lines cannot be read).
COMPARE_AT_MOST = 6


def _require_reader(request: HttpRequest) -> None:
    if not request.user.has_perm("benchmarks.view_value"):
        raise PermissionDenied("Benchmarks are open to users with a role; ask an administrator.")


def _neighbour_model(request: HttpRequest) -> NeighbourModel:
    models = list(NeighbourModel.objects.all())
    if not models:
        raise Http404("No statistical-neighbour model is loaded yet (run import_lait).")
    chosen = request.GET.get("model", "")
    return next((m for m in models if str(m.year) == chosen), models[0])


def _format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


def _la_areas():
    return Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("name")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Choose an authority (a plain GET form), starting with the user's own."""
    _require_reader(request)
    code = request.GET.get("area", "").strip()
    error = ""
    if code:
        if _la_areas().filter(code=code).exists():
            return redirect("benchmarks:authority", code=code)
        error = f"“{code[:20]}” is not a local authority's code; choose one from the list."
    return render(
        request,
        "benchmarks/index.html",
        {
            "mine": _la_areas().filter(authority__in=authority_ids_of(request.user)),
            "areas": _la_areas(),
            "models": NeighbourModel.objects.all(),
            "error": error,
        },
        status=400 if error else 200,
    )


def _chosen_measures(request: HttpRequest, area: Area) -> tuple[list[Measure], str]:
    """The measures a member picked, a topic's measures, or the headline set."""
    picked = [pk for pk in request.GET.getlist("measure") if pk.isdigit()]
    topic = request.GET.get("topic", "")
    if picked:
        return list(Measure.objects.filter(pk__in=picked)), topic
    if topic:
        return list(Measure.objects.filter(topic=topic)), topic
    linked = SuccessMeasureBenchmark.objects.filter(
        success_measure__mandate__authority=area.authority_id
    ).values("measure")
    chosen = Measure.objects.filter(short_name__in=HEADLINE_MEASURES) | Measure.objects.filter(
        pk__in=linked
    )
    return list(chosen.distinct()), topic


@login_required
@require_GET
def authority(request: HttpRequest, code: str) -> HttpResponse:
    """An authority's latest value on each chosen measure beside its comparators."""
    _require_reader(request)
    area = get_object_or_404(Area.objects.select_related("region", "london_part"), code=code)
    model = _neighbour_model(request)
    measures, topic = _chosen_measures(request, area)
    rows = comparisons.latest(area, model, measures)
    fmt = _format(request)
    if fmt:
        headers = [
            "Topic",
            "Measure",
            "Unit",
            "Period",
            area.name,
            f"Statistical neighbours' mean ({model.year} model)",
            "Neighbours with a value",
            area.region.name if area.region else "Region",
            area.london_part.name if area.london_part else "Inner or outer London",
            "England",
            "Rank (1 = best)",
            "Ranked out of",
        ]
        table = [
            [
                r.measure.topic,
                r.measure.title,
                r.measure.unit,
                r.period.label,
                Figure(r.value, r.marker),
                Figure(r.neighbours_mean),
                f"{r.neighbours_with_value} of {r.neighbours_listed}",
                Figure(r.region_value),
                Figure(r.london_part_value),
                Figure(r.england_value),
                r.rank,
                r.ranked_out_of if r.rank else None,
            ]
            for r in rows
        ]
        about = [
            ("Area", area.name),
            ("Statistical neighbours", f"{model.year} model"),
            ("Topic", topic or "All topics"),
        ]
        return download(request, fmt, f"{area.name} benchmarks", about, headers, table)
    links = (
        SuccessMeasureBenchmark.objects.filter(
            success_measure__mandate__authority=area.authority_id
        )
        .select_related("success_measure__mandate", "measure", "neighbour_model")
        .order_by("success_measure__mandate", "success_measure__position")
    )
    return render(
        request,
        "benchmarks/authority.html",
        {
            "area": area,
            "targets": [(link, evaluate(link)) for link in restrict(request.user, links)],
            "model": model,
            "models": NeighbourModel.objects.all(),
            "rows": rows,
            "topic": topic,
            "topics": Measure.objects.order_by("topic").values_list("topic", flat=True).distinct(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def measure(request: HttpRequest, code: str, measure_id: int) -> HttpResponse:
    """One measure over time: the authority, its neighbours' mean and England."""
    _require_reader(request)
    area = get_object_or_404(Area.objects.select_related("region", "london_part"), code=code)
    chosen = get_object_or_404(Measure, pk=measure_id)
    model = _neighbour_model(request)
    rows = comparisons.trend(area, chosen, model)
    series_names = (area.name, f"Statistical neighbours' mean ({model.year})", "England")
    fmt = _format(request)
    if fmt:
        headers = ["Period", *series_names, "Neighbours with a value", "Rank (1 = best)"]
        table = [
            [
                r.period.label,
                Figure(r.value, r.marker),
                Figure(r.neighbours_mean),
                Figure(r.england_value),
                f"{r.neighbours_with_value} of {r.neighbours_listed}",
                r.rank,
            ]
            for r in rows
        ]
        about = [
            ("Area", area.name),
            ("Measure", f"{chosen.title} ({chosen.unit})"),
            ("Statistical neighbours", f"{model.year} model"),
        ]
        return download(request, fmt, f"{area.name} {chosen.short_name}", about, headers, table)
    chart = line_chart(
        chosen.title,
        [r.period.label for r in rows],
        {
            series_names[0]: [r.value for r in rows],
            series_names[1]: [r.neighbours_mean for r in rows],
            series_names[2]: [r.england_value for r in rows],
        },
        chosen.unit,
    )
    return render(
        request,
        "benchmarks/measure.html",
        {
            "area": area,
            "measure": chosen,
            "model": model,
            "models": NeighbourModel.objects.all(),
            "rows": rows,
            "chart": chart,
            "series_names": series_names,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """Any set of authorities (and England, a region) on one measure, period by period."""
    _require_reader(request)
    codes = request.GET.getlist("area")[:COMPARE_AT_MOST]
    measure_id = request.GET.get("measure", "")
    chosen = Measure.objects.filter(pk=measure_id).first() if measure_id.isdigit() else None
    areas = sorted(Area.objects.filter(code__in=codes), key=lambda a: codes.index(a.code))
    periods, table = comparisons.side_by_side(chosen, areas) if chosen and areas else ([], {})
    grid = [[table.get((p.pk, a.pk)) for a in areas] for p in periods]
    fmt = _format(request)
    if fmt and chosen and areas:
        headers = ["Period", *[a.name for a in areas]]
        rows = [
            [p.label, *[Figure(v.value, v.marker) if v else Figure(None) for v in r]]
            for p, r in zip(periods, grid, strict=True)
        ]
        about = [
            ("Measure", f"{chosen.title} ({chosen.unit})"),
            ("Areas", ", ".join(a.name for a in areas)),
        ]
        return download(request, fmt, f"{chosen.short_name} compared", about, headers, rows)
    chart = None
    if chosen and areas and periods:
        chart = line_chart(
            chosen.title,
            [p.label for p in periods],
            {
                a.name: [v.value if v else None for v in (row[i] for row in grid)]
                for i, a in enumerate(areas)
            },
            chosen.unit,
        )
    return render(
        request,
        "benchmarks/compare.html",
        {
            "measure": chosen,
            "measures": Measure.objects.order_by("topic", "chart_title"),
            "areas": areas,
            "codes": codes,
            "comparator_areas": Area.objects.exclude(kind=Area.Kind.LOCAL_AUTHORITY).order_by(
                "code"
            ),
            "la_areas": _la_areas(),
            "rows": list(zip(periods, grid, strict=True)),
            "chart": chart,
            "at_most": COMPARE_AT_MOST,
            "query": request.GET.urlencode(),
        },
    )
