from publicity.models.activities import Activity, ActivityPhoto, ActivityTopic
from publicity.models.campaigns import Campaign, CampaignGoal
from publicity.models.cases import Case, CaseAttachment, CaseEvent
from publicity.models.topics import Partner, Topic

__all__ = [
    "Activity",
    "ActivityPhoto",
    "ActivityTopic",
    "Campaign",
    "CampaignGoal",
    "Case",
    "CaseAttachment",
    "CaseEvent",
    "Partner",
    "Topic",
]
