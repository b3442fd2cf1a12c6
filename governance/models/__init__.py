"""Governance: authorities, partnerships, people, posts, committees and their business."""

from governance.models.authorities import Authority, Division, Partnership, PartnershipMember
from governance.models.committees import (
    AgendaItem,
    Committee,
    CommitteeMembership,
    Meeting,
)
from governance.models.people import Appointment, Person, Post
from governance.models.users import UserProfile

__all__ = [
    "AgendaItem",
    "Appointment",
    "Authority",
    "Committee",
    "CommitteeMembership",
    "Division",
    "Meeting",
    "Partnership",
    "PartnershipMember",
    "Person",
    "Post",
    "UserProfile",
]
from governance.models.reports import (  # noqa: E402
    AgendaPack,
    Appendix,
    BackgroundPaper,
    CommitteeReport,
    Implication,
    Recommendation,
    ReportSection,
    StatutoryClearance,
)

__all__ += [
    "AgendaPack",
    "Appendix",
    "BackgroundPaper",
    "CommitteeReport",
    "Implication",
    "Recommendation",
    "ReportSection",
    "StatutoryClearance",
]
from governance.models.attendance import Attendance, InterestDeclaration  # noqa: E402

__all__ += ["Attendance", "InterestDeclaration"]
