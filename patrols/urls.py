from django.urls import path

from grids.generic.urls import crud
from patrols.views.guard_posts import (
    GuardRotaView,
    GuardSlotCheckInView,
    GuardSlotDetailView,
    GuardSlotListView,
)
from patrols.views.logs import (
    FindingTransitionView,
    PatrolLogDetailView,
    PatrolLogEditView,
    PatrolLogListView,
    PatrolLogTransitionView,
)
from patrols.views.places import KeyPlaceDetailView, KeyPlaceEditView, KeyPlaceListView
from patrols.views.teams import PatrolTeamDetailView, PatrolTeamEditView, PatrolTeamListView

app_name = "patrols"

POST = ["post"]

urlpatterns = [
    *crud("logs", "patrollog", PatrolLogListView, PatrolLogDetailView, PatrolLogEditView),
    path(
        "logs/<int:pk>/<str:action>/",
        PatrolLogTransitionView.as_view(http_method_names=POST),
        name="patrollog_action",
    ),
    path(
        "findings/<int:pk>/<str:action>/",
        FindingTransitionView.as_view(http_method_names=POST),
        name="finding_action",
    ),
    *crud("teams", "patrolteam", PatrolTeamListView, PatrolTeamDetailView, PatrolTeamEditView),
    *crud("places", "keyplace", KeyPlaceListView, KeyPlaceDetailView, KeyPlaceEditView),
    *crud("guard-posts", "guardslot", GuardSlotListView, GuardSlotDetailView),
    path(
        "guard-posts/<int:pk>/check-in/",
        GuardSlotCheckInView.as_view(http_method_names=POST),
        name="guardslot_checkin",
    ),
    path("guard-posts/rota/", GuardRotaView.as_view(), name="guardslot_rota"),
]
