"""The "Scale and speed" section of ``docs/performance.md``, from ``make perf``'s results.

The prose and the tables' shape are in ``perf/templates/performance.md`` (a Django template);
this module only turns the raw results (``var/perf/results.json``) into the figures it shows:
milliseconds from wrk's microseconds, ratios to the floor, and which budgets were met.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

HERE = Path(__file__).resolve().parent
SECTION = "## Scale and speed (make perf)"
#: Where the section ``make perf`` writes ends (a Markdown comment, not shown).
END = "<!-- end of the section make perf writes; what follows it is kept -->"
DASHBOARD_BUDGET = "≤ 15× floor and < 150 ms"
#: Issue 20's bar for every API list repeated; an earlier issue's 5× is still reported.
API_LIST_BUDGET = "≤ 15× floor (issue 20); 5× (earlier)"
AFTER_EDIT_BUDGET = "p95 ≤ 150 ms"


def ms(us: float) -> str:
    return f"{us / 1000:.1f}"


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _endpoint(row: dict, floor_p95: float | None) -> dict:
    """One row of the endpoints table: figures, the budget the endpoint has, whether met."""
    budget = DASHBOARD_BUDGET if row["group"] == "dashboard" else ""
    shown = {
        "label": row["label"],
        "path": row["path"],
        "first_ms": f"{row['single_s'] * 1000:.0f}",
    }
    if "p95_us" not in row or not row["requests"]:
        return shown | {"too_slow": True, "budget": budget}
    ratio = row["p95_us"] / floor_p95 if floor_p95 else None
    verdict = ""
    if row["group"] == "dashboard":
        verdict = met(ratio <= 15 and row["p95_us"] < 150_000)
    elif row["group"] == "api" and "list" in row["label"]:
        budget = API_LIST_BUDGET
        verdict = f"{met(ratio <= 15)}; 5×: {met(ratio <= 5)}"
    errors = row["socket_errors"] + row["non_2xx_3xx"]
    return shown | {
        "label": row["label"] + (f" ({errors} errors)" if errors else ""),
        "p50": ms(row["p50_us"]),
        "p95": ms(row["p95_us"]),
        "rps": f"{row['rps']:.0f}",
        "ratio": f"{ratio:.1f}",
        "budget": budget,
        "met": verdict,
    }


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0.95: p95) of a few timings, by the nearest-rank rule: the
    smallest value at least ``share`` of them do not exceed (of 20 timings, the 19th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def _after_edit(row: dict) -> dict:
    """One row of the first-request-after-an-edit-elsewhere table, with its budget."""
    if not row["s"]:
        shown = {"rounds": 0, "p50": f"answered {row['status']}", "p95": "", "max": ""}
        return {**row, **shown, "budget": "", "met": ""}
    p50 = statistics.median(row["s"]) * 1000
    p95 = percentile(row["s"], 0.95) * 1000
    return {
        "label": row["label"],
        "path": row["path"],
        "rounds": len(row["s"]),
        "p50": f"{p50:.0f}",
        "p95": f"{p95:.0f}",
        "max": f"{max(row['s']) * 1000:.0f}",
        "budget": AFTER_EDIT_BUDGET,
        "met": met(p95 <= 150),
    }


def context(results: dict, ports: tuple[int, int], notes: str = "") -> dict:
    """What the template shows, formatted, from the results ``perf/run.py`` gathered."""
    floor = next((r for r in results["endpoints"] if r["group"] == "floor" and "p95_us" in r), None)
    floor_p95 = floor["p95_us"] if floor else None
    pdf = results["pdf"]
    pdf_ratio = pdf["weasyprint_median_s"] / pdf["chromium_median_s"]
    imported = results["import"]
    past = results["past_one_machine"]
    patch = dict(past["patch"])
    if "error" not in patch:
        patch["error_count"] = len(patch["errors"])
        patch.setdefault("torn_reads", None)
    return {
        "section": SECTION,
        "date": results["date"],
        "machine": results["machine"],
        "duration": results["duration"],
        "authorities": results["authorities"],
        "years": results["years"],
        "generated_rows": results["generate"]["rows"],
        "generate_seconds": f"{results['generate']['seconds']:.0f}",
        "contracts": f"{results['ids']['contracts']:,}",
        "endpoints": [_endpoint(r, floor_p95) for r in results["endpoints"] if r["status"] == 200],
        "not_built": [r for r in results["endpoints"] if r["status"] != 200],
        "after_edits": [_after_edit(r) for r in results.get("after_edits", ())],
        "pdf": {
            "mandate": pdf["mandate"],
            "weasyprint_median": f"{pdf['weasyprint_median_s']:.2f}",
            "weasyprint_runs": ", ".join(f"{x:.2f}" for x in pdf["weasyprint_s"]),
            "weasyprint_bytes": f"{pdf['weasyprint_bytes']:,}",
            "weasyprint_first": f"{pdf['weasyprint_first_s']:.2f}",
            "chromium_median": f"{pdf['chromium_median_s']:.2f}",
            "chromium_runs": ", ".join(f"{x:.2f}" for x in pdf["chromium_s"]),
            "chromium_bytes": f"{pdf['chromium_bytes']:,}",
            "ratio": f"{pdf_ratio:.1f}",
            "met": met(pdf_ratio <= 2),
        },
        "contracts_import": {
            "rows": f"{imported['rows']:,}",
            "seconds": f"{imported['seconds']:.1f}",
            "met": "met" if imported["seconds"] < 15 else "**not met**",
            "summary": imported["summary"],
        },
        "queries": [
            {
                "path": path,
                "status": found["status"],
                "queries": found["queries"],
                "seconds": f"{found['seconds']:.2f}",
            }
            for path, found in results["queries"].items()
        ],
        "ports": ports,
        "sessions": list(past["sessions"].items()),
        "load": [
            {
                "port": port,
                "p50": ms(load["p50_us"]),
                "p95": ms(load["p95_us"]),
                "rps": f"{load['rps']:.0f}",
                "errors": load["socket_errors"] + load["non_2xx_3xx"],
            }
            for port, load in zip(ports, past["load"], strict=True)
        ],
        "patch": patch,
        "notes": notes.strip(),
    }


def render_section(results: dict, ports: tuple[int, int], notes: str = "") -> str:
    if not settings.configured:  # perf/run.py drives servers; it never sets Django up itself
        settings.configure(USE_I18N=False)
    template = Engine(dirs=[str(HERE / "templates")]).get_template("performance.md")
    text = template.render(Context(context(results, ports, notes), autoescape=False))
    return text.rstrip("\n") + "\n\n" + END + "\n"


def write_document(doc: Path, results: dict, ports: tuple[int, int], notes: str = "") -> None:
    """Replace the section in ``doc`` (the other sections are kept; the new one goes last).

    The section ends at ``END``: anything written after it by hand (a session's
    ``### ...`` notes) is kept, above the new section, where it ran up to the next ``## ``
    heading and a subsection appended after it was lost."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    start = text.find(SECTION)
    if start != -1:
        end = text.find(END, start)
        following = end + len(END) if end != -1 else text.find("\n## ", start + len(SECTION))
        text = text[:start].rstrip() + "\n" + ("" if following == -1 else text[following:])
    doc.write_text(text.rstrip() + "\n\n" + render_section(results, ports, notes), encoding="utf-8")
