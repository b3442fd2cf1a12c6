"""Demo data for decisions: the key decision of seed 003 (H&F Cabinet, 20 June 2011, on the
Tri-borough service plans) as a forward plan entry and a decision notice.

``fixtures/decisions/decisions.json`` says what comes from the paper and what is invented; the
invented parts are marked ``illustrative`` and the pages say so. Entries and notices are
published with the days the fixture gives, so their notice and call-in period are computed,
not copied. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from childrens_services.demo import read_json, upsert
from decisions.models import DecisionNotice, ForwardPlanEntry
from governance.models import Authority, Committee, CommitteeReport, Meeting


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _committee(authority: Authority, name: str | None) -> Committee | None:
    return Committee.objects.get(authority=authority, name=name) if name else None


def load_entry(row: dict) -> ForwardPlanEntry:
    authority = Authority.objects.get(dfe_code=row["authority"])
    committee = _committee(authority, row.get("committee"))
    report = None
    if row.get("report"):
        report = CommitteeReport.objects.filter(
            meeting__committee=committee, title=row["report"], supersedes__isnull=True
        ).first()
    fields = (
        "subject", "summary", "decision_maker_kind", "decision_maker", "wards", "documents",
        "contact_name", "classification", "illustrative",
    )  # fmt: skip
    values = {name: row.get(name, "") for name in fields}
    values.update(committee=committee, report=report, decision_date=_date(row["decision_date"]))
    entry = upsert(
        ForwardPlanEntry, {"authority": authority, "reference": row["reference"]}, values
    )
    if entry.status == ForwardPlanEntry.Status.DRAFT:
        entry.publish(None, on=_date(row["published_on"]))
    return entry


def load_decision(row: dict) -> DecisionNotice:
    authority = Authority.objects.get(dfe_code=row["authority"])
    committee = _committee(authority, row.get("committee"))
    existing = DecisionNotice.objects.filter(authority=authority, title=row["title"]).first()
    if existing is not None and existing.status != DecisionNotice.Status.DRAFT:
        return existing
    entry = ForwardPlanEntry.objects.get(
        authority=authority, reference=row["forward_plan_reference"]
    )
    meeting = Meeting.objects.filter(committee=committee, date=_date(row["meeting_date"])).first()
    fields = (
        "decision_maker_kind", "decision_maker", "decision", "reasons", "alternatives_rejected",
        "conflicts_declared", "dispensations", "classification", "illustrative",
    )  # fmt: skip
    values = {name: row.get(name, "") for name in fields}
    values.update(
        committee=committee,
        meeting=meeting,
        forward_plan_entry=entry,
        key_decision=True,
        decided_on=_date(row["decided_on"]),
    )
    notice = upsert(DecisionNotice, {"authority": authority, "title": row["title"]}, values)
    notice.publish(None, on=_date(row["published_on"]))
    return notice


def load(stdout) -> None:
    data = read_json("decisions", "decisions.json")
    entries = [load_entry(row) for row in data["forward_plan"]]
    notices = [load_decision(row) for row in data["decisions"]]
    stdout.write(f"decisions: {len(entries)} forward plan entries, {len(notices)} decision notices")
