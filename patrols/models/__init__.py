from patrols.models.guard_posts import GuardDuty, GuardSlot, School, SchoolHoliday, SchoolTerm
from patrols.models.logs import Finding, PatrolEvent, PatrolLog, PatrolParticipant, PatrolStop
from patrols.models.places import KeyPlace
from patrols.models.teams import PatrolTeam, TeamMember

__all__ = [
    "Finding",
    "GuardDuty",
    "GuardSlot",
    "KeyPlace",
    "PatrolEvent",
    "PatrolLog",
    "PatrolParticipant",
    "PatrolStop",
    "PatrolTeam",
    "School",
    "SchoolHoliday",
    "SchoolTerm",
    "TeamMember",
]
