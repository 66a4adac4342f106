from django.urls import path

from grids.generic.urls import crud
from patrols.views.guard_posts import (
    GuardRotaView,
    GuardSlotCheckInView,
    GuardSlotDetailView,
    GuardSlotListView,
    GuardSlotSwapView,
    SchoolDeleteView,
    SchoolDetailView,
    SchoolEditView,
    SchoolHolidayDeleteView,
    SchoolHolidayEditView,
    SchoolListView,
    SchoolTermDeleteView,
    SchoolTermDetailView,
    SchoolTermEditView,
    SchoolTermListView,
)
from patrols.views.logs import (
    FindingTransitionView,
    PatrolLogDetailView,
    PatrolLogEditView,
    PatrolLogListView,
    PatrolLogTransitionView,
)
from patrols.views.places import KeyPlaceDetailView, KeyPlaceEditView, KeyPlaceListView
from patrols.views.teams import (
    PatrolTeamDetailView,
    PatrolTeamEditView,
    PatrolTeamListView,
    TeamMemberDeleteView,
    TeamMemberEditView,
)

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
    *crud("teams/members", "teammember", None, None, TeamMemberEditView, TeamMemberDeleteView),
    *crud("places", "keyplace", KeyPlaceListView, KeyPlaceDetailView, KeyPlaceEditView),
    *crud("guard-posts", "guardslot", GuardSlotListView, GuardSlotDetailView),
    path(
        "guard-posts/<int:pk>/check-in/",
        GuardSlotCheckInView.as_view(http_method_names=POST),
        name="guardslot_checkin",
    ),
    path("guard-posts/<int:pk>/swap/", GuardSlotSwapView.as_view(), name="guardslot_swap"),
    path("guard-posts/rota/", GuardRotaView.as_view(), name="guardslot_rota"),
    *crud("schools", "school", SchoolListView, SchoolDetailView, SchoolEditView, SchoolDeleteView),
    *crud(
        "terms",
        "schoolterm",
        SchoolTermListView,
        SchoolTermDetailView,
        SchoolTermEditView,
        SchoolTermDeleteView,
    ),
    *crud(
        "terms/holidays",
        "schoolholiday",
        None,
        None,
        SchoolHolidayEditView,
        SchoolHolidayDeleteView,
    ),
]
