from disputes.models.clinic import ClinicShift, Consultation
from disputes.models.disputes import (
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    DisputeParty,
    MediationPlan,
    MediationSession,
    TierHandling,
)
from disputes.models.prevention import KeyPerson, KeyPersonRevision, RiskItem, ScreeningCampaign
from disputes.models.visits import FollowUpVisit

__all__ = [
    "Agreement",
    "ClinicShift",
    "Consultation",
    "Dispute",
    "DisputeCategory",
    "DisputeEvent",
    "DisputeParty",
    "FollowUpVisit",
    "KeyPerson",
    "KeyPersonRevision",
    "MediationPlan",
    "MediationSession",
    "RiskItem",
    "ScreeningCampaign",
    "TierHandling",
]
