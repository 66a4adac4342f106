from django.urls import path

from grids import request_views, views

app_name = "grids"


def crud(prefix: str, name: str, list_view, detail_view, edit_view, delete_view, key="<int:pk>"):
    routes = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}/{key}/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/{key}/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]
    if detail_view is not None:
        routes.append(path(f"{prefix}/{key}/", detail_view.as_view(), name=f"{name}_detail"))
    return routes


urlpatterns = [
    *crud(
        "areas",
        "area",
        views.AreaTreeView,
        views.AreaDetailView,
        views.AreaEditView,
        views.AreaDeleteView,
        key="<str:code>",
    ),
    path("areas/<str:code>/qr/regenerate/", views.regenerate_qr, name="area_qr_regenerate"),
    path("areas/<str:code>/qr.svg", request_views.qr_image, {"kind": "svg"}, name="area_qr_svg"),
    path("areas/<str:code>/qr.png", request_views.qr_image, {"kind": "png"}, name="area_qr_png"),
    path("areas/<str:code>/poster/", request_views.qr_poster, name="area_qr_poster"),
    path("areas/<str:code>/posters/", request_views.qr_print_run, name="area_qr_print_run"),
    # resident pages: no account
    path("q/<str:token>/", request_views.resident_form, name="resident_form"),
    path("t/", request_views.track_lookup, name="request_lookup"),
    path("t/<str:code>/", request_views.track, name="request_track"),
    # worker inbox
    path("requests/", request_views.InboxView.as_view(), name="inbox"),
    path("requests/add/", request_views.staff_file_request, name="request_add"),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:action>/", request_views.request_action, name="request_action"),
    path("request-photos/<int:pk>/", request_views.request_photo, name="request_photo"),
    path("alerts/", request_views.alert_list, name="alerts"),
    path("alerts/read/", request_views.alert_read, name="alerts_read"),
    *crud(
        "people",
        "person",
        views.PersonListView,
        views.PersonDetailView,
        views.PersonEditView,
        views.PersonDeleteView,
    ),
    *crud(
        "teams",
        "serviceteam",
        views.ServiceTeamListView,
        views.ServiceTeamDetailView,
        views.ServiceTeamEditView,
        views.ServiceTeamDeleteView,
    ),
    *crud(
        "service-points",
        "servicepoint",
        views.ServicePointListView,
        views.ServicePointDetailView,
        views.ServicePointEditView,
        views.ServicePointDeleteView,
    ),
    *crud(
        "assignments",
        "assignment",
        views.AssignmentListView,
        None,
        views.AssignmentEditView,
        views.AssignmentDeleteView,
    ),
]
