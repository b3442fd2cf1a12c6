"""Permissions for governance records, from the one rule set in childrens_services.permissions."""

from childrens_services.permissions import ADMINISTRATION, register
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
    UserProfile,
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
register(UserProfile, kind=ADMINISTRATION)

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

from governance.models import Attendance, InterestDeclaration  # noqa: E402

register(Attendance, InterestDeclaration)
