"""Choices of the grids app: area kinds, roles, kinds of people and teams."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Sub-district")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")
    BUILDING = "building", _("Building")

    @property
    def depth(self) -> int:
        return AREA_DEPTH[self]

    @property
    def parent_kind(self) -> "AreaKind | None":
        depth = AREA_DEPTH[self]
        return AREA_ORDER[depth - 1] if depth else None

    @property
    def child_kind(self) -> "AreaKind | None":
        depth = AREA_DEPTH[self]
        return AREA_ORDER[depth + 1] if depth + 1 < len(AREA_ORDER) else None


# 街道 → 社区 → 网格 → 楼栋: a child is always exactly one level below its parent.
AREA_ORDER = [AreaKind.SUBDISTRICT, AreaKind.COMMUNITY, AreaKind.GRID, AreaKind.BUILDING]
AREA_DEPTH = {kind: depth for depth, kind in enumerate(AREA_ORDER)}
# Residents scan a QR code posted on these.
QR_KINDS = {AreaKind.GRID, AreaKind.BUILDING}


class Role(models.TextChoices):
    GRID_WORKER = "grid_worker", _("Grid worker")
    VOLUNTEER = "volunteer", _("Volunteer / building head")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    MEDIATOR = "mediator", _("Mediator")
    LEGAL_ADVISOR = "legal_advisor", _("Legal advisor")
    POLICE = "police", _("Community police")
    OFFICIAL = "official", _("Sub-district official")
    ADMIN = "admin", _("Administrator")


# Who may change what, on the subtree of their assignment.
STRUCTURE_ROLES = frozenset({Role.OFFICIAL, Role.ADMIN})
PEOPLE_ROLES = frozenset({Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.OFFICIAL, Role.ADMIN})
SERVICE_ROLES = frozenset({Role.COMMUNITY_STAFF, Role.OFFICIAL, Role.ADMIN})
# Who mediates disputes (the disputes app) on their subtree.
MEDIATION_ROLES = frozenset(
    {
        Role.COMMUNITY_STAFF,
        Role.MEDIATOR,
        Role.LEGAL_ADVISOR,
        Role.POLICE,
        Role.OFFICIAL,
        Role.ADMIN,
    }
)
# Roles that may open sensitive files (key persons, care files, dispute parties, ID numbers).
SENSITIVE_ROLES = frozenset(
    {Role.COMMUNITY_STAFF, Role.MEDIATOR, Role.POLICE, Role.OFFICIAL, Role.ADMIN}
)


class PersonKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    VOLUNTEER = "volunteer", _("Volunteer")
    BUILDING_HEAD = "building_head", _("Building head")
    PROPERTY_STAFF = "property_staff", _("Property staff")


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class TeamFocus(models.TextChoices):
    POLICY = "policy", _("Policy publicity")
    MEDIATION = "mediation", _("Dispute mediation")
    PATROL = "patrol", _("Public-security patrol")
    CARE = "care", _("Elderly and disabled care")
    LEGAL = "legal", _("Legal aid")
    SANITATION = "sanitation", _("Environment and sanitation")
    HEALTH = "health", _("Health service")
    CULTURE = "culture", _("Culture and sport")
    YOUTH = "youth", _("Youth and school guard")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    NEW = "new", _("Waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted, being handled")
    ESCALATED = "escalated", _("Escalated to the community")
    DEFERRED = "deferred", _("Deferred")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Closed as spam or duplicate")


# Which status may follow which; actions.py refuses every other move.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.NEW: frozenset(
        {RequestStatus.ACCEPTED, RequestStatus.ESCALATED, RequestStatus.REJECTED, RequestStatus.NEW}
    ),
    RequestStatus.ACCEPTED: frozenset(
        {
            RequestStatus.RESOLVED,
            RequestStatus.ESCALATED,
            RequestStatus.DEFERRED,
            RequestStatus.REJECTED,
            RequestStatus.NEW,  # transferred to another grid
        }
    ),
    RequestStatus.ESCALATED: frozenset(
        {RequestStatus.ACCEPTED, RequestStatus.RESOLVED, RequestStatus.REJECTED, RequestStatus.NEW}
    ),
    RequestStatus.DEFERRED: frozenset({RequestStatus.ACCEPTED, RequestStatus.RESOLVED}),
    RequestStatus.RESOLVED: frozenset(),
    RequestStatus.REJECTED: frozenset(),
}
# Waiting for someone to accept: the 2-hour clock runs.
AWAITING_ACCEPTANCE = frozenset({RequestStatus.NEW, RequestStatus.ESCALATED})
OPEN_STATUSES = frozenset(
    {RequestStatus.NEW, RequestStatus.ACCEPTED, RequestStatus.ESCALATED, RequestStatus.DEFERRED}
)


class RequestSource(models.TextChoices):
    QR = "qr", _("Resident, by QR code")
    DOOR_KNOCKING = "door_knocking", _("Door-knocking visit")
    PATROL = "patrol", _("Patrol")
    HOTLINE = "hotline", _("Hotline")
    WALK_IN = "walk_in", _("Walk-in")
    OPEN311 = "open311", _("City hub (Open311)")


# Sources a worker may pick when filing a request themselves.
STAFF_SOURCES = [
    RequestSource.DOOR_KNOCKING,
    RequestSource.PATROL,
    RequestSource.HOTLINE,
    RequestSource.WALK_IN,
]


class EventKind(models.TextChoices):
    CREATED = "created", _("Filed")
    ACCEPTED = "accepted", _("Accepted")
    NOTE = "note", _("Progress note")
    RESOLVED = "resolved", _("Resolved")
    TRANSFERRED = "transferred", _("Transferred to another grid")
    ESCALATED = "escalated", _("Escalated to the community")
    DEFERRED = "deferred", _("Deferred")
    RESUMED = "resumed", _("Resumed")
    REJECTED = "rejected", _("Closed as spam or duplicate")
    OVERDUE = "overdue", _("Not accepted in time")
    RATED = "rated", _("Rated by the resident")
    ASSIGNED = "assigned", _("Assigned to a grid")


# What a resident reads on the tracking page, per event: plain language, no staff notes.
PUBLIC_EVENT_TEXT = {
    EventKind.CREATED: _("We received your request."),
    EventKind.ACCEPTED: _("Your grid worker accepted the request and is handling it."),
    EventKind.NOTE: _("Your grid worker recorded progress."),
    EventKind.RESOLVED: _("The request was resolved."),
    EventKind.TRANSFERRED: _("The request was passed to the grid responsible for it."),
    EventKind.ESCALATED: _("The request was passed to the community for handling."),
    EventKind.DEFERRED: _("The request needs more time; it will be handled later."),
    EventKind.RESUMED: _("Work on the request has resumed."),
    EventKind.REJECTED: _("The request was closed."),
    EventKind.RATED: _("Thank you for your rating."),
    EventKind.ASSIGNED: _("The request was passed to the grid responsible for it."),
}


# ---- the deliberation hall (网格议事厅): 居民提事 — 网格议事 — 协同办事 — 群众评事 ----


class MatterStatus(models.TextChoices):
    RAISED = "raised", _("Raised, waiting for triage")
    ACCEPTED = "accepted", _("Accepted for deliberation")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another matter")
    IN_PROGRESS = "in_progress", _("Decided, being handled")
    DONE = "done", _("Completed")
    CLOSED = "closed", _("Closed")


# Which status may follow which; grids/actions/deliberation.py refuses every other move.
MATTER_TRANSITIONS: dict[str, frozenset[str]] = {
    MatterStatus.RAISED: frozenset(
        {MatterStatus.ACCEPTED, MatterStatus.DECLINED, MatterStatus.MERGED}
    ),
    # A meeting's decision starts the handling; an accepted matter may still prove a duplicate.
    MatterStatus.ACCEPTED: frozenset({MatterStatus.IN_PROGRESS, MatterStatus.MERGED}),
    MatterStatus.IN_PROGRESS: frozenset({MatterStatus.DONE}),  # a milestone at 100 %
    MatterStatus.DONE: frozenset({MatterStatus.CLOSED}),  # rated, or the window passed
    MatterStatus.DECLINED: frozenset(),
    MatterStatus.MERGED: frozenset(),
    MatterStatus.CLOSED: frozenset(),
}
# Shown on the community's public list of projects (Decidim's accountability view).
PUBLIC_MATTER_STATUSES = frozenset(
    {MatterStatus.ACCEPTED, MatterStatus.IN_PROGRESS, MatterStatus.DONE, MatterStatus.CLOSED}
)
OPEN_MATTER_STATUSES = frozenset(
    {MatterStatus.RAISED, MatterStatus.ACCEPTED, MatterStatus.IN_PROGRESS}
)


class MatterEventKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    ACCEPTED = "accepted", _("Accepted for deliberation")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another matter")
    MEETING = "meeting", _("Meeting recorded")
    DECIDED = "decided", _("Decided")
    MILESTONE = "milestone", _("Milestone")
    DONE = "done", _("Completed")
    RATED = "rated", _("Rated")
    CLOSED = "closed", _("Closed")


class MatterSource(models.TextChoices):
    RESIDENT = "resident", _("Resident, by QR code")
    STAFF = "staff", _("Staff")


class AttendeeKind(models.TextChoices):
    RESIDENTS = "residents", _("Resident representatives")
    BUILDING_HEADS = "building_heads", _("Building heads")
    GRID_WORKER = "grid_worker", _("Grid worker")
    PROPERTY = "property", _("Property company")
    COMMUNITY = "community", _("Community staff")
    OWNERS_COMMITTEE = "owners_committee", _("Owners' committee")
    DEPARTMENTS = "departments", _("Government departments")
    OTHER = "other", _("Others")


class MatterAlertKind(models.TextChoices):
    NEW_MATTER = "new_matter", _("New matter for the deliberation hall")


# Days residents have to rate a completed matter before it closes on its own.
EVALUATION_DAYS = 30


class AlertKind(models.TextChoices):
    NEW_REQUEST = "new_request", _("New request")
    OVERDUE = "overdue", _("Not accepted within the deadline")


# Who answers for a request still waiting for triage at a sub-district or community node.
TRIAGE_ROLES = frozenset({Role.COMMUNITY_STAFF, Role.OFFICIAL})


# ---- care files (帮扶档案) --------------------------------------------------------------


class CareKind(models.TextChoices):
    LIVING_ALONE = "living_alone", _("Elderly, living alone")
    DISABLED = "disabled", _("Disabled")
    ELDERLY = "elderly", _("Elderly")
    OTHER = "other", _("Other")


class CareFileStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class CareVisitKind(models.TextChoices):
    MEAL = "meal", _("Meal delivery")
    MEDICINE = "medicine", _("Medicine delivery")
    HEALTH_CHECK = "health_check", _("Health check")
    CHAT = "chat", _("Chat and company")
    OTHER = "other", _("Other")


class CareVisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CareAlertKind(models.TextChoices):
    CARE_VISIT_OVERDUE = "care_visit_overdue", _("Care visit overdue")


# Who opens care files: the sensitive grant (SENSITIVE_ROLES); a file's own helper account
# reads it too and records its visits (grids.models.care.CareFileQuerySet).
# Who records door-knocking rounds and volunteer hours, and keeps self-governance teams.
DOOR_KNOCKING_ROLES = PEOPLE_ROLES


# ---- volunteers ---------------------------------------------------------------------------


class VolunteerActivityKind(models.TextChoices):
    CARE_VISIT = "care_visit", _("Care visit")
    PATROL = "patrol", _("Patrol")
    PUBLICITY = "publicity", _("Publicity")
    DOOR_KNOCKING = "door_knocking", _("Door-knocking round")
    TEAM_ACTIVITY = "team_activity", _("Team activity")
    OTHER = "other", _("Other")
