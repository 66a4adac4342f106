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
