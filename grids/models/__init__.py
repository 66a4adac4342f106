from grids.models.areas import Area
from grids.models.audit import AuditEntry
from grids.models.care import CareFile, CareVisit
from grids.models.deliberation import (
    Matter,
    MatterEvent,
    MatterPhoto,
    MatterRating,
    Meeting,
    Milestone,
)
from grids.models.door_knocking import DoorKnockIssue, DoorKnockRound
from grids.models.notifications import Notification
from grids.models.people import Person
from grids.models.requests import (
    Open311Client,
    RequestCategory,
    RequestEvent,
    RequestPhoto,
    ServiceRequest,
)
from grids.models.services import ServicePoint, ServiceTeam
from grids.models.summaries import FigureSummary, FigureSummaryState
from grids.models.users import Assignment, User
from grids.models.volunteers import SelfGovernanceTeam, VolunteerHours

__all__ = [
    "Area",
    "Assignment",
    "AuditEntry",
    "Matter",
    "MatterEvent",
    "MatterPhoto",
    "MatterRating",
    "Meeting",
    "Milestone",
    "CareFile",
    "CareVisit",
    "DoorKnockIssue",
    "DoorKnockRound",
    "FigureSummary",
    "FigureSummaryState",
    "Notification",
    "Open311Client",
    "Person",
    "RequestCategory",
    "RequestEvent",
    "RequestPhoto",
    "SelfGovernanceTeam",
    "ServicePoint",
    "ServiceRequest",
    "ServiceTeam",
    "User",
    "VolunteerHours",
]
