from django.urls import path

from grids import views

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
