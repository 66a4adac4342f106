from django.urls import path

from disputes import views

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
    path("", views.workbench, name="workbench"),
    path("all/", views.DisputeListView.as_view(), name="dispute_list"),
    path("add/", views.dispute_add, name="dispute_add"),
    path("<int:pk>/", views.dispute_detail, name="dispute_detail"),
    path("<int:pk>/<str:action>/", views.dispute_action, name="dispute_action"),
    path("visits/<int:pk>/", views.visit_record, name="visit_record"),
    path("visits/<int:pk>/reassign/", views.visit_reassign, name="visit_reassign"),
    path("clinic/", views.ClinicShiftListView.as_view(), name="clinicshift_list"),
    path("clinic/rota/", views.clinicshift_rota, name="clinicshift_rota"),
    path("clinic/swap/", views.clinicshift_swap, name="clinicshift_swap"),
    *pages(
        "consultations",
        "consultation",
        views.ConsultationListView,
        views.ConsultationDetailView,
        views.ConsultationEditView,
    ),
    *pages(
        "screenings",
        "screeningcampaign",
        views.ScreeningCampaignListView,
        views.ScreeningCampaignDetailView,
        views.ScreeningCampaignEditView,
    ),
    *pages(
        "risks",
        "riskitem",
        views.RiskItemListView,
        views.RiskItemDetailView,
        views.RiskItemEditView,
    ),
    path("risks/<int:pk>/resolve/", views.riskitem_resolve, name="riskitem_resolve"),
    *pages(
        "key-people",
        "keyperson",
        views.KeyPersonListView,
        views.KeyPersonDetailView,
        views.KeyPersonEditView,
        edit=True,
    ),
]
