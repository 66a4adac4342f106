from django.urls import path

from disputes.views.clinic import (
    ClinicRotaView,
    ClinicShiftListView,
    ConsultationDetailView,
    ConsultationEditView,
    ConsultationListView,
)
from disputes.views.disputes import (
    DisputeDetailView,
    DisputeIntakeView,
    DisputeListView,
    DisputeTransitionView,
)
from disputes.views.people import person_search
from disputes.views.prevention import (
    KeyPersonDetailView,
    KeyPersonEditView,
    KeyPersonListView,
    RiskItemDetailView,
    RiskItemEditView,
    RiskItemListView,
    RiskResolveView,
    ScreeningCampaignDetailView,
    ScreeningCampaignEditView,
    ScreeningCampaignListView,
)
from disputes.views.visits import MyVisitsView, VisitView
from disputes.views.workbench import WorkbenchView
from grids.generic.urls import crud

app_name = "disputes"

POST = ["post"]

urlpatterns = [
    path("", WorkbenchView.as_view(), name="workbench"),
    path("all/", DisputeListView.as_view(), name="dispute_list"),
    path("add/", DisputeIntakeView.as_view(), name="dispute_add"),
    path("<int:pk>/", DisputeDetailView.as_view(), name="dispute_detail"),
    path(
        "<int:pk>/<str:action>/",
        DisputeTransitionView.as_view(http_method_names=POST),
        name="dispute_action",
    ),
    path("people/search/", person_search, name="person_search"),
    path("visits/", MyVisitsView.as_view(), name="visit_list"),
    path("visits/<int:pk>/", VisitView.as_view(), {"action": "record"}, name="visit_record"),
    path(
        "visits/<int:pk>/reassign/",
        VisitView.as_view(http_method_names=POST),
        {"action": "reassign"},
        name="visit_reassign",
    ),
    path("clinic/", ClinicShiftListView.as_view(), name="clinicshift_list"),
    path("clinic/rota/", ClinicRotaView.as_view(), {"action": "rota"}, name="clinicshift_rota"),
    path(
        "clinic/swap/",
        ClinicRotaView.as_view(http_method_names=POST),
        {"action": "swap"},
        name="clinicshift_swap",
    ),
    # Consultations, screenings and risks are records kept as written: add, no edit page.
    *crud(
        "consultations",
        "consultation",
        ConsultationListView,
        ConsultationDetailView,
        ConsultationEditView,
        edit=False,
    ),
    *crud(
        "screenings",
        "screeningcampaign",
        ScreeningCampaignListView,
        ScreeningCampaignDetailView,
        ScreeningCampaignEditView,
        edit=False,
    ),
    *crud("risks", "riskitem", RiskItemListView, RiskItemDetailView, RiskItemEditView, edit=False),
    path(
        "risks/<int:pk>/resolve/",
        RiskResolveView.as_view(http_method_names=POST),
        {"action": "resolve"},
        name="riskitem_resolve",
    ),
    *crud("key-people", "keyperson", KeyPersonListView, KeyPersonDetailView, KeyPersonEditView),
]
