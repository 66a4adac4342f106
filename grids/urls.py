from django.urls import path

from grids.generic.urls import crud
from grids.views.alerts import alert_list, alert_read
from grids.views.areas import (
    AreaDeleteView,
    AreaDetailView,
    AreaEditView,
    AreaTreeView,
    regenerate_qr,
)
from grids.views.assignments import AssignmentDeleteView, AssignmentEditView, AssignmentListView
from grids.views.care import (
    CareFileDetailView,
    CareFileEditView,
    CareFileListView,
    CareFileTransitionView,
    CareVisitListView,
    MyCareVisitsView,
)
from grids.views.deliberation import (
    MatterDetailView,
    MatterEditView,
    MatterListView,
    MatterTransitionView,
    matter_photo,
)
from grids.views.deliberation_public import (
    matter_track,
    project_detail,
    project_list,
    project_photo,
    propose,
)
from grids.views.door_knocking import (
    DoorKnockRoundDetailView,
    DoorKnockRoundEditView,
    DoorKnockRoundListView,
    DoorKnockRoundTransitionView,
)
from grids.views.people import PersonDeleteView, PersonDetailView, PersonEditView, PersonListView
from grids.views.public import resident_form, track, track_lookup
from grids.views.qr import qr_image, qr_poster, qr_print_run
from grids.views.requests import (
    InboxView,
    RequestDetailView,
    RequestTransitionView,
    StaffRequestView,
    TriageView,
    request_photo,
)
from grids.views.services import (
    ServicePointDeleteView,
    ServicePointDetailView,
    ServicePointEditView,
    ServicePointListView,
    ServiceTeamDeleteView,
    ServiceTeamDetailView,
    ServiceTeamEditView,
    ServiceTeamListView,
)
from grids.views.volunteers import (
    SelfGovernanceTeamDeleteView,
    SelfGovernanceTeamDetailView,
    SelfGovernanceTeamEditView,
    SelfGovernanceTeamListView,
    VolunteerHistoryView,
    VolunteerHoursAddView,
    VolunteerHoursListView,
)

app_name = "grids"


urlpatterns = [
    *crud(
        "areas",
        "area",
        AreaTreeView,
        AreaDetailView,
        AreaEditView,
        AreaDeleteView,
        key="<str:code>",
    ),
    path("areas/<str:code>/qr/regenerate/", regenerate_qr, name="area_qr_regenerate"),
    path("areas/<str:code>/qr.svg", qr_image, {"kind": "svg"}, name="area_qr_svg"),
    path("areas/<str:code>/qr.png", qr_image, {"kind": "png"}, name="area_qr_png"),
    path("areas/<str:code>/poster/", qr_poster, name="area_qr_poster"),
    path("areas/<str:code>/posters/", qr_print_run, name="area_qr_print_run"),
    # resident pages: no account
    path("q/<str:token>/", resident_form, name="resident_form"),
    path("t/", track_lookup, name="request_lookup"),
    path("t/<str:code>/", track, name="request_track"),
    # the deliberation hall's public pages: a proposal, its progress, each community's projects
    path("q/<str:token>/propose/", propose, name="matter_propose"),
    path("m/<str:code>/", matter_track, name="matter_track"),
    path("projects/<str:code>/", project_list, name="project_list"),
    path("projects/item/<int:pk>/", project_detail, name="project_detail"),
    path("projects/photos/<int:pk>/", project_photo, name="project_photo"),
    # worker inbox
    path("requests/", InboxView.as_view(), name="inbox"),
    path("requests/add/", StaffRequestView.as_view(), name="request_add"),
    path("requests/triage/", TriageView.as_view(), name="request_triage"),
    path("requests/<int:pk>/", RequestDetailView.as_view(), name="request_detail"),
    path(
        "requests/<int:pk>/<str:action>/",
        RequestTransitionView.as_view(http_method_names=["post"]),
        name="request_action",
    ),
    path("request-photos/<int:pk>/", request_photo, name="request_photo"),
    # the deliberation hall (网格议事厅)
    *crud("deliberation", "matter", MatterListView, MatterDetailView, MatterEditView, edit=False),
    path(
        "deliberation/<int:pk>/<str:action>/",
        MatterTransitionView.as_view(http_method_names=["post"]),
        name="matter_action",
    ),
    path("matter-photos/<int:pk>/", matter_photo, name="matter_photo"),
    path("alerts/", alert_list, name="alerts"),
    path("alerts/read/", alert_read, name="alerts_read"),
    path("alerts/<int:pk>/read/", alert_read, name="alert_read"),
    *crud(
        "people",
        "person",
        PersonListView,
        PersonDetailView,
        PersonEditView,
        PersonDeleteView,
    ),
    *crud(
        "teams",
        "serviceteam",
        ServiceTeamListView,
        ServiceTeamDetailView,
        ServiceTeamEditView,
        ServiceTeamDeleteView,
    ),
    *crud(
        "service-points",
        "servicepoint",
        ServicePointListView,
        ServicePointDetailView,
        ServicePointEditView,
        ServicePointDeleteView,
    ),
    *crud(
        "assignments",
        "assignment",
        AssignmentListView,
        None,
        AssignmentEditView,
        AssignmentDeleteView,
    ),
    # care files (帮扶档案), door-knocking rounds (敲门行动), volunteers and their teams
    *crud("care-files", "carefile", CareFileListView, CareFileDetailView, CareFileEditView),
    path(
        "care-files/<int:pk>/<str:action>/",
        CareFileTransitionView.as_view(),
        name="carefile_action",
    ),
    path("care-visits/", CareVisitListView.as_view(), name="carevisit_list"),
    path("care-visits/mine/", MyCareVisitsView.as_view(), name="care_my_visits"),
    *crud(
        "door-knocking",
        "doorknockround",
        DoorKnockRoundListView,
        DoorKnockRoundDetailView,
        DoorKnockRoundEditView,
    ),
    path(
        "door-knocking/<int:pk>/<str:action>/",
        DoorKnockRoundTransitionView.as_view(http_method_names=["post"]),
        name="doorknockround_action",
    ),
    *crud(
        "self-governance-teams",
        "selfgovernanceteam",
        SelfGovernanceTeamListView,
        SelfGovernanceTeamDetailView,
        SelfGovernanceTeamEditView,
        SelfGovernanceTeamDeleteView,
    ),
    path("volunteers/hours/", VolunteerHoursListView.as_view(), name="volunteerhours_list"),
    path("volunteers/hours/add/", VolunteerHoursAddView.as_view(), name="volunteerhours_add"),
    path("volunteers/<int:pk>/", VolunteerHistoryView.as_view(), name="volunteer_history"),
]
