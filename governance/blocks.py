"""Governance's live blocks, and the readers of governance records other apps' blocks share.

An authority is named in a block's parameters by its DfE code (``{"authority": "205"}``), the
form the demo fixtures use and stable across databases; ``AUTHORITY`` reads it for every
app's blocks, so the sentence a clerk sees for a wrong code is the same everywhere.
"""

from __future__ import annotations

from childrens_services import blocks
from childrens_services.permissions import authorities_with_records
from governance.models import Attendance, Authority, Committee, CommitteeMembership, Meeting


class AuthorityCode(blocks.Record):
    """An authority by its DfE code ("205")."""

    message = 'Name an authority by its DfE code, e.g. {"authority": "205"}.'

    def __init__(self, **options):
        options.setdefault("label", "Authority")
        super().__init__(Authority, "dfe_code", **options)

    def lookup(self, queryset, value):
        return queryset.filter(dfe_code=str(value)).first()

    def choices(self, user):
        """The authorities the user may read some record about, as every authority picker
        offers them (not the DfE's whole list of 150)."""
        return authorities_with_records(user, Authority.objects.all())


AUTHORITY = AuthorityCode()


class CommitteeMembershipBlock(blocks.Block):
    """The committee's seats as they stand: chair first, then members and attending officers."""

    code = "committee_membership"
    name = "Committee membership"
    template = "reports/blocks/committee_membership.html"
    model = Committee
    params = {
        "committee": blocks.Record(
            Committee,
            message='Name an existing committee, e.g. {"committee": 3}.',
            label="Committee",
        )
    }

    def snapshot(self, params: dict) -> dict:
        committee = Committee.objects.select_related("authority", "partnership").get(
            pk=params["committee"]
        )
        order = {role: index for index, role in enumerate(CommitteeMembership.Role.values)}
        seats = sorted(
            committee.seats.select_related("person", "representing"),
            key=lambda seat: (order[seat.role], seat.person.name),
        )
        return {
            "committee": committee.name,
            "owner": str(committee.owner or ""),
            "seats": [
                {
                    "person": str(seat.person),
                    "role": seat.get_role_display(),
                    "representing": seat.representing.short_name if seat.representing else "",
                }
                for seat in seats
            ],
        }


class MeetingAttendanceBlock(blocks.Block):
    """Who attended a meeting and the interests declared on its items: the opening of its
    minutes, printed from the clerk's records rather than typed again."""

    code = "meeting_attendance"
    name = "Attendance and declarations of interest (for the minutes)"
    template = "reports/blocks/meeting_attendance.html"
    model = Attendance
    params = {
        "meeting": blocks.Record(
            Meeting, message='Name an existing meeting, e.g. {"meeting": 3}.', label="Meeting"
        )
    }

    def snapshot(self, params: dict) -> dict:
        meeting = Meeting.objects.select_related("committee").get(pk=params["meeting"])
        rows = meeting.attendance.select_related("person", "substitute_for").order_by(
            "person__name"
        )
        groups = {kind: [] for kind in Attendance.Kind.values}
        for row in rows:
            groups[row.kind].append(
                {
                    "person": row.person.name,
                    "capacity": row.capacity,
                    "substitute_for": row.substitute_for.name if row.substitute_for else "",
                    "illustrative": row.illustrative,
                }
            )
        declarations = meeting.declarations.select_related("person", "agenda_item").order_by(
            "agenda_item__number", "person__name"
        )
        return {
            "meeting": str(meeting),
            "attendance": [
                {"label": str(Attendance.Kind(kind).label), "people": people}
                for kind, people in groups.items()
                if people
            ],
            "declarations": [
                {
                    "item": f"{d.agenda_item.number}. {d.agenda_item.title}",
                    "person": d.person.name,
                    "kind": d.get_kind_display(),
                    "nature": d.nature,
                    "action": d.get_action_display(),
                    "illustrative": d.illustrative,
                }
                for d in declarations
            ],
        }

    def context(self, snapshot: dict) -> dict:
        illustrative = any(
            p["illustrative"] for group in snapshot["attendance"] for p in group["people"]
        ) or any(d["illustrative"] for d in snapshot["declarations"])
        return {**snapshot, "illustrative": illustrative}
