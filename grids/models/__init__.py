from grids.models.areas import Area
from grids.models.audit import AuditEntry
from grids.models.people import Person
from grids.models.services import ServicePoint, ServiceTeam
from grids.models.users import Assignment, User

__all__ = ["Area", "Assignment", "AuditEntry", "Person", "ServicePoint", "ServiceTeam", "User"]
