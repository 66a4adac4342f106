"""Who holds which role where: the assignments pages."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.forms.assignments import AssignmentForm
from grids.generic_views import (
    Column,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
)
from grids.models import Assignment


class AssignmentListView(ObjectListView):
    model = Assignment
    filterset_class = filtersets.AssignmentFilterSet
    select_related = ("user", "area")
    columns = [
        Column(gettext_lazy("user"), "user"),
        Column(gettext_lazy("role"), "get_role_display"),
        Column(gettext_lazy("area"), "area.name", link=True),
    ]


class AssignmentEditView(ObjectEditView):
    model = Assignment
    form_class = AssignmentForm

    def get_success_url(self):
        return str(reverse_lazy("grids:assignment_list"))


class AssignmentDeleteView(ObjectDeleteView):
    model = Assignment
