"""Governance's live blocks for committee report appendices (see childrens_services.blocks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from childrens_services import blocks


def validate_committee(params: dict) -> dict:
    from governance.models import Committee

    committee = params.get("committee") if isinstance(params, dict) else None
    if not isinstance(committee, int) or not Committee.objects.filter(pk=committee).exists():
        raise ValidationError({"params": 'Name an existing committee, e.g. {"committee": 3}.'})
    return {"committee": committee}


def committee_membership(params: dict) -> dict:
    """The committee's seats as they stand: chair first, then members and attending officers."""
    from governance.models import Committee, CommitteeMembership

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


blocks.register(
    name="committee_membership",
    label="Committee membership",
    snapshot=committee_membership,
    template="reports/blocks/committee_membership.html",
    validate=validate_committee,
)
