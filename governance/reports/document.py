"""A report as one JSON-serialisable document: what the templates draw and publishing freezes.

``build_document`` reads the report, its parts and the live data of its blocks as they are
now; publishing stores the result on the report, so the published paper can always be drawn
again exactly as it was, whatever happens to the data afterwards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from childrens_services import blocks
from governance.reports import markup


def _date_label(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def council_name(committee) -> str:
    """The council heading the front page: the owning authority or the partnership."""
    owner = committee.authority or committee.partnership
    return owner.name if owner is not None else ""


def body_data(
    text: str,
    *,
    section: str | None = None,
    numbering: markup.Numbering = "decimal",
    counter: markup.Counter | None = None,
    tables: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Body text as document data: its pieces (safe HTML, and each placed table's own data)
    and its footnotes."""
    body = markup.render(text, section=section, numbering=numbering, counter=counter)
    pieces: list[dict[str, Any]] = []
    for piece in body.pieces:
        if "table" in piece:
            table = (tables or {}).get(piece["table"])
            pieces.append({"table": table} if table else {"missing": piece["table"]})
        else:
            pieces.append({"html": piece["html"]})
    return {"pieces": pieces, "footnotes": list(body.footnotes)}


def appendix_data(appendix) -> dict[str, Any]:
    """One appendix (or table in the text) as document data, with a live block's data read
    from the database now."""
    entry: dict[str, Any] = {
        "number": appendix.letter,
        "title": appendix.title,
        "kind": appendix.kind,
    }
    if appendix.kind == blocks.TEXT:
        entry["body"] = body_data(appendix.text)
        return entry
    block = blocks.get(appendix.kind)
    entry.update(
        label=block.name,
        template=block.template,
        params=appendix.params,
        data=block.snapshot(appendix.params),
    )
    return entry


def build_document(report, published_at: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the paper prints, from the records as they are now."""
    meeting = report.meeting
    committee = meeting.committee
    parts = list(report.appendices.all())
    tables = {part.label: appendix_data(part) for part in parts if part.is_inline}
    counter = markup.Counter()
    numbering = report.numbering
    # Footnotes are numbered in the order the paper prints them: front page, then sections.
    synopsis = body_data(report.synopsis, counter=counter)
    recommendations = [
        {
            "number": str(number),
            "text": recommendation.text,
            **body_data(recommendation.text, counter=counter),
        }
        for number, recommendation in enumerate(report.recommendations.all(), start=1)
    ]
    sections = []
    for number, part in enumerate([*report.sections.all(), *report.implications.all()], start=1):
        entry = {
            "number": str(number),
            "heading": getattr(part, "heading", "") or part.get_kind_display(),
            **body_data(
                part.body,
                section=str(number),
                numbering=numbering,
                counter=counter,
                tables=tables,
            ),
        }
        if hasattr(part, "kind"):
            entry["kind"] = part.kind
        sections.append(entry)
    previous = report.supersedes
    return {
        "id": report.pk,
        "version": report.version_number(),
        "supersedes": (
            {"id": previous.pk, "published_at": previous.published_at.isoformat()}
            if previous is not None and previous.published_at
            else None
        ),
        "council": council_name(committee),
        "committee": committee.name,
        "meeting_date": meeting.date.isoformat(),
        "meeting_date_label": _date_label(meeting.date),
        "agenda_item": report.agenda_item.number if report.agenda_item_id else None,
        "title": report.title,
        "report_of": report.report_of,
        "wards": report.wards,
        "exempt": report.is_exempt,
        "classification": report.get_classification_display(),
        "exemption_paragraph": report.exemption_paragraph,
        "key_decision": report.key_decision,
        "author": {
            "name": report.author_name,
            "role": report.author_role,
            "telephone": report.author_telephone,
            "email": report.author_email,
        },
        "contact": {
            "name": report.contact_name,
            "role": report.contact_role,
            "telephone": report.contact_telephone,
            "email": report.contact_email,
        },
        "purpose": report.get_purpose_display() if report.purpose else "",
        "forward_plan_reference": report.forward_plan_reference,
        "lead_officer": report.lead_officer,
        "lead_officer_label": report.lead_officer_label or "Lead officer",
        "accountable_director": report.accountable_director,
        "lead_members": report.lead_members,
        "enclosures": report.enclosures,
        "contributors": report.contributors,
        "numbering": numbering,
        "synopsis": synopsis,
        "next_steps": body_data(report.next_steps, counter=counter),
        "recommendations": recommendations,
        "sections": sections,
        "clearances": [
            {
                "name": clearance.name,
                "role": clearance.role,
                "date": clearance.date.isoformat(),
                "date_label": _date_label(clearance.date),
            }
            for clearance in report.clearances.all()
        ],
        "background_papers": [
            {"description": paper.description, "held_by": paper.held_by}
            for paper in report.background_papers.all()
        ],
        "appendices": [appendix_data(part) for part in parts if not part.is_inline],
        "status": "published" if published_at else report.status,
        "published_at": published_at.isoformat() if published_at else None,
    }


def standalone_document(kind: str, params: dict, title: str, council: str = "") -> dict[str, Any]:
    """A document that is one live block alone (``render_report --mandate``).

    A block that can stand alone heads it with its own cover block (``Block.cover``: council,
    title, period, status, date) instead of an appendix heading, and its council is the
    paper's author; ``title`` and ``council`` are used only when the block gives none. A paper
    whose subject is not published is printed as a draft."""
    block = blocks.get(kind)
    params = block.clean(params)
    cover = block.cover(params)
    if cover is not None:
        title = cover["title"] or title
        council = cover["council"] or council
        cover = {
            "period": cover["period"],
            "status": cover["status"],
            "date": cover["date"].isoformat() if cover["date"] else None,
            "date_label": _date_label(cover["date"]),
            "published": cover["published"],
        }
    return {
        "id": None,
        "version": 1,
        "supersedes": None,
        "council": council,
        "committee": "",
        "meeting_date": "",
        "meeting_date_label": "",
        "agenda_item": None,
        "title": title,
        "report_of": "",
        "wards": "",
        "exempt": False,
        "classification": "Open",
        "exemption_paragraph": "",
        "key_decision": None,
        "author": {"name": "", "role": "", "telephone": "", "email": ""},
        "contact": {"name": "", "role": "", "telephone": "", "email": ""},
        "purpose": "",
        "forward_plan_reference": "",
        "lead_officer": "",
        "lead_officer_label": "",
        "accountable_director": "",
        "lead_members": "",
        "enclosures": "",
        "contributors": "",
        "numbering": "none",
        "synopsis": {"pieces": [], "footnotes": []},
        "next_steps": {"pieces": [], "footnotes": []},
        "recommendations": [],
        "sections": [],
        "clearances": [],
        "background_papers": [],
        "appendices": [
            {
                "number": "1",
                "title": title,
                "kind": kind,
                "label": block.name,
                "template": block.template,
                "params": params,
                "data": block.snapshot(params),
            }
        ],
        "status": "published" if cover and cover["published"] else "draft",
        "published_at": None,
        "standalone": True,
        "cover": cover,
    }
