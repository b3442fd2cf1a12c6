"""Permissions for governance records, from the one rule set in childrens_services.permissions."""

import rules

from childrens_services.permissions import is_administrator, register
from governance.models import (
    AgendaItem,
    Appointment,
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

register(
    Authority,
    Partnership,
    PartnershipMember,
    Division,
    Person,
    Post,
    Appointment,
    Committee,
    CommitteeMembership,
    Meeting,
    AgendaItem,
)

# Roles and authorities are given by administrators only.
for _action in ("view", "add", "change", "delete"):
    rules.set_perm(f"governance.{_action}_userprofile", is_administrator)

from governance.models import (  # noqa: E402
    AgendaPack,
    Appendix,
    BackgroundPaper,
    CommitteeReport,
    Implication,
    Recommendation,
    ReportSection,
    StatutoryClearance,
)

register(
    CommitteeReport,
    Recommendation,
    ReportSection,
    Implication,
    StatutoryClearance,
    BackgroundPaper,
    Appendix,
    AgendaPack,
)
