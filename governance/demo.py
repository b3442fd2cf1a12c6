"""Demo data for governance: every English authority, and the seeds' people and committees.

Reads ``fixtures/governance/local_authorities.csv`` (DfE list, OGL v3.0) and
``fixtures/governance/demo.json`` (transcribed from the seed papers).
"""

from __future__ import annotations

import datetime as dt

from childrens_services.demo import read_csv, read_json, upsert
from governance.models import (
    AgendaItem,
    Appointment,
    Attendance,
    Authority,
    Committee,
    CommitteeMembership,
    Division,
    Meeting,
    Partnership,
    PartnershipMember,
    Person,
    Post,
)

AUTHORITY_KINDS = {choice.value for choice in Authority.Kind}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_authorities() -> dict[str, Authority]:
    """Every English LA with children's services; England and the regions are not authorities."""
    short_names = {
        row["dfe_code"]: row["short_name"]
        for row in read_json("governance", "demo.json")["authorities"]
    }
    by_code: dict[str, Authority] = {}
    for row in read_csv("governance", "local_authorities.csv"):
        if row["type"] not in AUTHORITY_KINDS:
            continue
        code = row["la_number"]
        by_code[code] = upsert(
            Authority,
            {"dfe_code": code},
            {
                "name": row["la_name"],
                "short_name": short_names.get(code, row["la_name"]),
                "gss_code": row["gss_code"] or None,
                "region": row["region"],
                "kind": row["type"],
            },
        )
    return by_code


def load(stdout) -> None:
    authorities = load_authorities()
    data = read_json("governance", "demo.json")

    def authority(code: str | None) -> Authority | None:
        return authorities[code] if code else None

    partnerships: dict[str, Partnership] = {}
    for row in data["partnerships"]:
        partnership = upsert(
            Partnership,
            {"short_name": row["short_name"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "lead_authority": authorities[row["lead"]],
                "start_date": _date(row.get("start_date")),
                "legal_basis": row.get("legal_basis", ""),
                "notes": row.get("notes", ""),
            },
        )
        partnerships[row["short_name"]] = partnership
        for member in row["members"]:
            upsert(
                PartnershipMember,
                {"partnership": partnership, "authority": authorities[member["authority"]]},
                {"joined": _date(member.get("joined"))},
            )

    def partnership(name: str | None) -> Partnership | None:
        return partnerships[name] if name else None

    divisions: dict[tuple[str, str], Division] = {}
    for row in data["divisions"]:
        divisions[(row["authority"], row["name"])] = upsert(
            Division,
            {"authority": authorities[row["authority"]], "name": row["name"]},
            {"head": row.get("head", ""), "description": row.get("description", "")},
        )

    people: dict[tuple[str, str | None], Person] = {}
    for row in data["people"]:
        people[(row["name"], row["authority"])] = upsert(
            Person,
            {"name": row["name"], "authority": authority(row["authority"])},
            {
                "kind": row["kind"],
                "email": row.get("email", ""),
                "telephone": row.get("telephone", ""),
                "notes": row.get("notes", ""),
            },
        )

    posts: dict[tuple[str, str | None, str | None], Post] = {}
    for row in data["posts"]:
        division = (
            divisions.get((row["authority"], row["division"])) if row.get("division") else None
        )
        posts[(row["title"], row["authority"], row["partnership"])] = upsert(
            Post,
            {
                "title": row["title"],
                "authority": authority(row["authority"]),
                "partnership": partnership(row["partnership"]),
            },
            {"division": division, "statutory": bool(row.get("statutory"))},
        )

    for row in data["appointments"]:
        upsert(
            Appointment,
            {
                "person": people[(row["person"], row["person_authority"])],
                "post": posts[(row["post"], row["post_authority"], row["post_partnership"])],
                "scope": row["scope"],
                "start_date": _date(row.get("start_date")),
            },
            {
                "end_date": _date(row.get("end_date")),
                "interim": bool(row.get("interim")),
                "notes": row.get("notes", ""),
            },
        )

    committees: dict[tuple[str, str | None, str | None], Committee] = {}
    for row in data["committees"]:
        committee = upsert(
            Committee,
            {
                "name": row["name"],
                "authority": authority(row["authority"]),
                "partnership": partnership(row["partnership"]),
            },
            {
                "short_name": row.get("short_name", ""),
                "kind": row["kind"],
                "remit": row.get("remit", ""),
            },
        )
        committees[(row["name"], row["authority"], row["partnership"])] = committee
        for seat in row.get("members", []):
            upsert(
                CommitteeMembership,
                {
                    "committee": committee,
                    "person": people[(seat["person"], seat["person_authority"])],
                },
                {"role": seat["role"], "representing": authority(seat.get("representing"))},
            )

    for row in data["meetings"]:
        committee = committees[
            (row["committee"], row["committee_authority"], row["committee_partnership"])
        ]
        meeting = upsert(
            Meeting,
            {"committee": committee, "date": _date(row["date"])},
            {"venue": row.get("venue", ""), "status": row.get("status", "held")},
        )
        for item in row.get("agenda", []):
            upsert(
                AgendaItem,
                {"meeting": meeting, "number": item["number"]},
                {"title": item["title"]},
            )

    attended = load_attendance()
    stdout.write(
        f"governance: {len(authorities)} authorities, {len(partnerships)} partnerships, "
        f"{len(people)} people, {len(committees)} committees, "
        f"{Meeting.objects.count()} meetings, {attended} attendance entries (illustrative)"
    )
    # The reports' live appendices read other apps' records, which are not loaded yet: here
    # they stay drafts, silently; ``load_demo`` runs ``load_reports`` again last and reports.
    load_reports()


def load_attendance() -> int:
    """Attendance at the seed meetings (``fixtures/governance/attendance.json``): the papers
    are not minutes and do not say who attended, so every row is marked illustrative.
    Returns how many rows the fixture holds."""
    rows = 0
    meetings = read_json("governance", "attendance.json")["meetings"]
    for row in meetings:
        meeting = _report_meeting(row)
        for entry in row["attendance"]:
            person = (
                Person.objects.filter(name=entry["person"]).order_by("authority__dfe_code").first()
            )
            upsert(
                Attendance,
                {"meeting": meeting, "person": person},
                {"kind": entry["kind"], "capacity": entry["capacity"], "illustrative": True},
            )
            rows += 1
    return rows


def _report_meeting(row: dict) -> Meeting:
    lookup = {"committee__name": row["committee"], "date": _date(row["date"])}
    if row.get("partnership"):
        lookup["committee__partnership__short_name"] = row["partnership"]
    else:
        lookup["committee__authority__dfe_code"] = row["authority"]
    return Meeting.objects.get(**lookup)


#: The report fields a demo paper may state, with what a paper that does not state one gets.
REPORT_FRONT_MATTER = {
    "title": "",
    "report_of": "",
    "purpose": "",
    "wards": "",
    "classification": "open",
    "exemption_paragraph": "",
    "key_decision": None,
    "forward_plan_reference": "",
    "author_name": "",
    "author_role": "",
    "author_telephone": "",
    "author_email": "",
    "contact_name": "",
    "contact_role": "",
    "contact_telephone": "",
    "contact_email": "",
    "lead_officer": "",
    "lead_officer_label": "",
    "accountable_director": "",
    "lead_members": "",
    "enclosures": "",
    "contributors": "",
    "next_steps": "",
    "numbering": "decimal",
    "synopsis": "",
}


def load_reports(stdout=None) -> list[str]:
    """The five seed papers as committee reports of their meetings; returns what was skipped.

    Reads ``fixtures/governance/reports/reports.json``. A report is published once every one
    of its appendices could be loaded: a live appendix waits until its app registers the block
    (``<app>/blocks.py``), and the report stays a draft until then. A published report is
    never touched again (it is frozen), so a second run changes nothing.

    Writes one line of counts to ``stdout`` if given; each appendix left out is returned as one
    sentence saying which and why, for the caller to list once.
    """
    from django.core.exceptions import ValidationError

    from childrens_services import blocks
    from governance.models import (
        Appendix,
        BackgroundPaper,
        CommitteeReport,
        Implication,
        Recommendation,
        ReportSection,
        StatutoryClearance,
    )
    from governance.reports.publishing import publish_report

    published, drafts, skipped = 0, 0, []
    for row in read_json("governance", "reports", "reports.json")["reports"]:
        meeting = _report_meeting(row["meeting"])
        item = AgendaItem.objects.get(meeting=meeting, number=row["agenda_item"])
        existing = CommitteeReport.objects.filter(
            meeting=meeting, agenda_item=item, supersedes=None
        ).first()
        if existing is not None and existing.is_published:
            published += 1
            continue
        # Front matter as each paper states it: a field the paper leaves out stays blank
        # (``key_decision`` unknown), never a default the paper did not print.
        front = {name: row.get(name, default) for name, default in REPORT_FRONT_MATTER.items()}
        report = upsert(
            CommitteeReport,
            {"meeting": meeting, "agenda_item": item, "supersedes": None},
            front,
        )
        for position, text in enumerate(row["recommendations"], start=1):
            upsert(Recommendation, {"report": report, "position": position}, {"text": text})
        for position, section in enumerate(row["sections"], start=1):
            upsert(
                ReportSection,
                {"report": report, "position": position},
                {"heading": section["heading"], "body": section["body"]},
            )
        for position, implication in enumerate(row["implications"], start=1):
            upsert(
                Implication,
                {"report": report, "position": position},
                {k: implication[k] for k in ("kind", "heading", "body")},
            )
        for position, clearance in enumerate(row["clearances"], start=1):
            upsert(
                StatutoryClearance,
                {"report": report, "position": position},
                {
                    "name": clearance["name"],
                    "role": clearance["role"],
                    "date": _date(clearance["date"]),
                },
            )
        for position, paper in enumerate(row["background_papers"], start=1):
            upsert(
                BackgroundPaper,
                {"report": report, "position": position},
                {"description": paper["description"], "held_by": paper.get("held_by", "")},
            )
        complete = True

        def where(appendix, report_title=row["title"]) -> str:
            return f'appendix "{appendix["title"]}" of "{report_title}"'

        for position, appendix in enumerate(row["appendices"], start=1):
            kind = appendix["kind"]
            if kind != blocks.TEXT and not blocks.is_registered(kind):
                complete = False
                skipped.append(f"{where(appendix)}: no app provides its kind ({kind})")
                continue
            try:
                upsert(
                    Appendix,
                    {"report": report, "position": position},
                    {
                        "title": appendix["title"],
                        "kind": kind,
                        "text": appendix.get("text", ""),
                        "params": appendix.get("params", {}),
                        "placement": appendix.get("placement", Appendix.Placement.APPENDIX),
                        "label": appendix.get("label", ""),
                    },
                )
            except ValidationError as exc:
                complete = False
                skipped.append(f"{where(appendix)}: " + " ".join(exc.messages))
        if row.get("publish") and complete:
            publish_report(report, None)
            published += 1
        else:
            drafts += 1
    if stdout is not None:
        stdout.write(f"reports: {published} published, {drafts} drafts")
    return skipped
