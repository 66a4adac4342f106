"""Choices of the patrols app: member kinds, place kinds, patrol modes and states, alerts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.choices import Role


class MemberKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    GRID_WORKER = "grid_worker", _("Grid worker")
    VOLUNTEER = "volunteer", _("Volunteer")
    POLICE = "police", _("Community police")


class PlaceKind(models.TextChoices):
    TRANSPORT_HUB = "transport_hub", _("Transport hub")
    SCHOOL = "school", _("School surroundings")
    PARK = "park", _("Park")
    MARKET = "market", _("Market")
    OTHER = "other", _("Other")


class PatrolMode(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle patrol")
    FOOT = "foot", _("Foot patrol")
    BOTH = "both", _("Vehicle and foot")


class PatrolStatus(models.TextChoices):
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Finished")


# Which status may follow which; patrols/actions/logs.py refuses every other move.
PATROL_TRANSITIONS: dict[str, frozenset[str]] = {
    PatrolStatus.OPEN: frozenset({PatrolStatus.CLOSED}),
    PatrolStatus.CLOSED: frozenset(),
}


class PatrolEventKind(models.TextChoices):
    STARTED = "started", _("Started")
    STOPPED = "stopped", _("Stopped")


class HalfDay(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


class PatrolAlertKind(models.TextChoices):
    PLACE_BEHIND = "patrol_place_behind", _("Key place not patrolled in time")
    GUARD_UNMANNED = "guard_slot_unmanned", _("Guard post started with nobody checked in")


# Who logs patrols and reads them, on their subtree.
PATROL_ROLES = frozenset(
    {
        Role.GRID_WORKER,
        Role.VOLUNTEER,
        Role.COMMUNITY_STAFF,
        Role.POLICE,
        Role.OFFICIAL,
        Role.ADMIN,
    }
)
# Who logs patrols: volunteers take part (named participants) but a grid worker, staff or
# police writes the log.
PATROL_EDIT_ROLES = PATROL_ROLES - {Role.VOLUNTEER}
# Who sets up teams, places, schools and the term calendar.
PATROL_ADMIN_ROLES = frozenset({Role.COMMUNITY_STAFF, Role.POLICE, Role.OFFICIAL, Role.ADMIN})
# Who is told about a key place falling behind or an unmanned guard post.
PATROL_ALERT_ROLES = (Role.COMMUNITY_STAFF, Role.POLICE, Role.GRID_WORKER)
