from grids.models.areas import Area
from grids.models.audit import AuditEntry
from grids.models.deliberation import (
    Matter,
    MatterEvent,
    MatterPhoto,
    MatterRating,
    Meeting,
    Milestone,
)
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
from grids.models.users import Assignment, User

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
    "Notification",
    "Open311Client",
    "Person",
    "RequestCategory",
    "RequestEvent",
    "RequestPhoto",
    "ServicePoint",
    "ServiceRequest",
    "ServiceTeam",
    "User",
]
