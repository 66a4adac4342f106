from django.urls import path

from grids.generic.urls import crud
from publicity.views.activities import (
    ActivityDeleteView,
    ActivityDetailView,
    ActivityListView,
    ActivityRecordView,
    activity_photo,
)
from publicity.views.campaigns import CampaignDetailView, CampaignEditView, CampaignListView
from publicity.views.cases import (
    CaseDetailView,
    CaseEditView,
    CaseListView,
    CaseTransitionView,
    case_attachment,
)
from publicity.views.topics import TopicListView

app_name = "publicity"

urlpatterns = [
    path("topics/", TopicListView.as_view(), name="topic_list"),
    *crud("campaigns", "campaign", CampaignListView, CampaignDetailView, CampaignEditView),
    *crud(
        "activities",
        "activity",
        ActivityListView,
        ActivityDetailView,
        ActivityRecordView,
        ActivityDeleteView,
    ),
    path("activities/photos/<int:pk>/", activity_photo, name="activity_photo"),
    *crud("cases", "case", CaseListView, CaseDetailView, CaseEditView),
    path(
        "cases/<int:pk>/<str:action>/",
        CaseTransitionView.as_view(http_method_names=["post"]),
        name="case_action",
    ),
    path("cases/attachments/<int:pk>/", case_attachment, name="case_attachment"),
]
