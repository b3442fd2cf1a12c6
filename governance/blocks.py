"""Governance's live blocks, and the readers of governance records other apps' blocks share.

An authority is named in a block's parameters by its DfE code (``{"authority": "205"}``), the
form the demo fixtures use and stable across databases; ``AUTHORITY`` reads it for every
app's blocks, so the sentence a clerk sees for a wrong code is the same everywhere.
"""

from __future__ import annotations

from childrens_services import blocks
from childrens_services.permissions import authorities_with_records
from governance.models import Authority, Committee, CommitteeMembership


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
