from django.urls import path

from disputes.views.clinic import (
    ClinicShiftListView,
    ConsultationDetailView,
    ConsultationEditView,
    ConsultationListView,
    clinicshift_rota,
    clinicshift_swap,
)
from disputes.views.disputes import DisputeListView, dispute_action, dispute_add, dispute_detail
from disputes.views.prevention import (
    KeyPersonDetailView,
    KeyPersonEditView,
    KeyPersonListView,
    RiskItemDetailView,
    RiskItemEditView,
    RiskItemListView,
    ScreeningCampaignDetailView,
    ScreeningCampaignEditView,
    ScreeningCampaignListView,
    riskitem_resolve,
)
from disputes.views.visits import visit_reassign, visit_record
from disputes.views.workbench import workbench

app_name = "disputes"


def pages(prefix: str, name: str, list_view, detail_view, edit_view, *, edit: bool = False):
    """List, add and detail (and edit) of a model, named like grids.generic_views expects."""
    routes = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
    ]
    if edit:
        routes.append(path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"))
    return routes


urlpatterns = [
    path("", workbench, name="workbench"),
    path("all/", DisputeListView.as_view(), name="dispute_list"),
    path("add/", dispute_add, name="dispute_add"),
    path("<int:pk>/", dispute_detail, name="dispute_detail"),
    path("<int:pk>/<str:action>/", dispute_action, name="dispute_action"),
    path("visits/<int:pk>/", visit_record, name="visit_record"),
    path("visits/<int:pk>/reassign/", visit_reassign, name="visit_reassign"),
    path("clinic/", ClinicShiftListView.as_view(), name="clinicshift_list"),
    path("clinic/rota/", clinicshift_rota, name="clinicshift_rota"),
    path("clinic/swap/", clinicshift_swap, name="clinicshift_swap"),
    *pages(
        "consultations",
        "consultation",
        ConsultationListView,
        ConsultationDetailView,
        ConsultationEditView,
    ),
    *pages(
        "screenings",
        "screeningcampaign",
        ScreeningCampaignListView,
        ScreeningCampaignDetailView,
        ScreeningCampaignEditView,
    ),
    *pages(
        "risks",
        "riskitem",
        RiskItemListView,
        RiskItemDetailView,
        RiskItemEditView,
    ),
    path("risks/<int:pk>/resolve/", riskitem_resolve, name="riskitem_resolve"),
    *pages(
        "key-people",
        "keyperson",
        KeyPersonListView,
        KeyPersonDetailView,
        KeyPersonEditView,
        edit=True,
    ),
]
