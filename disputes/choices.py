"""Choices of the disputes app: tiers, states and their transitions, modes, visits, risks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.IntegerChoices):
    COMMUNITY = 1, _("Tier 1: community mediation committee")
    SUBDISTRICT = 2, _("Tier 2: sub-district")
    PROFESSIONAL = 3, _("Tier 3: professional bodies")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Being mediated")
    SETTLED = "settled", _("Settled")
    REFERRED = "referred", _("Referred out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DisputeEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    SESSION = "session", _("Mediation session")
    ESCALATED = "escalated", _("Escalated")
    REASSIGNED = "reassigned", _("Mediator changed")
    SETTLED = "settled", _("Settled")
    REFERRED = "referred", _("Referred out")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REOPENED = "reopened", _("Reopened after a relapse")
    VISIT = "visit", _("Follow-up visit")


class HandlingOutcome(models.TextChoices):
    """How one tier's handling ended (blank while it goes on)."""

    ESCALATED = "escalated", _("Escalated")
    REASSIGNED = "reassigned", _("Mediator changed")
    SETTLED = "settled", _("Settled")
    REFERRED = "referred", _("Referred out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which (escalation keeps the dispute open one tier up).
DISPUTE_TRANSITIONS: dict[str, frozenset[str]] = {
    DisputeStatus.OPEN: frozenset(
        {
            DisputeStatus.OPEN,
            DisputeStatus.SETTLED,
            DisputeStatus.REFERRED,
            DisputeStatus.WITHDRAWN,
        }
    ),
    DisputeStatus.SETTLED: frozenset({DisputeStatus.OPEN}),  # a relapse reopens it
    DisputeStatus.REFERRED: frozenset(),
    DisputeStatus.WITHDRAWN: frozenset(),
}


class IntakeChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    GRID_WORKER = "grid_worker", _("Reported by a grid worker")
    SCREENING = "screening", _("Found in screening (摸排)")
    RESIDENT_REQUEST = "resident_request", _("From a resident request")
    POLICE = "police", _("Police referral")


class MediationMode(models.TextChoices):
    VOLUNTEER_CLINIC = "volunteer_clinic", _("Volunteer clinic (志愿义诊)")
    EXPERT_CONSULTATION = "expert_consultation", _("Expert consultation (专家会诊)")
    AREA_ROUNDS = "area_rounds", _("Area-wide rounds (全域巡诊)")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    OTHER = "other", _("Other party")


class SessionResult(models.TextChoices):
    PROGRESS = "progress", _("Progress, continue")
    AGREEMENT = "agreement", _("Agreement reached")
    FAILED = "failed", _("No agreement")


class ReferralTarget(models.TextChoices):
    COURT = "court", _("Court")
    POLICE = "police", _("Police")
    ARBITRATION = "arbitration", _("Labour arbitration")
    OTHER = "other", _("Other body")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VisitMethod(models.TextChoices):
    VISIT = "visit", _("Home visit")
    PHONE = "phone", _("Phone call")


class VisitResult(models.TextChoices):
    STABLE = "stable", _("Stable")
    RISK = "risk", _("Risk of relapse")
    RELAPSED = "relapsed", _("Relapsed")


class DisputeAlertKind(models.TextChoices):
    VISIT_DUE = "visit_due", _("Follow-up visit due soon")
    VISIT_OVERDUE = "visit_overdue", _("Follow-up visit overdue")


class RiskNature(models.TextChoices):
    FAMILY = "family", _("Family and marriage")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    PROPERTY = "property", _("Property management")
    LABOUR = "labour", _("Labour and wages")
    LAND_HOUSING = "land_housing", _("Land and housing")
    PETITION = "petition", _("Petitions")
    SECURITY = "security", _("Public security")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class KeyPersonCategory(models.TextChoices):
    PETITIONER = "petitioner", _("Repeated petitioner")
    MENTAL_HEALTH = "mental_health", _("Severe mental disorder")
    COMMUNITY_CORRECTION = "community_correction", _("Under community correction")
    RELEASED = "released", _("Released from prison")
    DRUGS = "drugs", _("Drug rehabilitation")
    DISPUTE = "dispute", _("Party to a serious dispute")
    OTHER = "other", _("Other")


class ScreeningKind(models.TextChoices):
    MWF_VISIT = "mwf_visit", _("Mon/Wed/Fri community visit (一三五)")
    CAMPAIGN = "campaign", _("Screening campaign (摸排)")
