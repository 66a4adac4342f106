"""Who holds which role where: the assignments pages."""

from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.actions.areas import delete_assignment
from grids.forms.assignments import AssignmentForm
from grids.generic.views import (
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
        Column(gettext_lazy("role"), "role"),
        Column(gettext_lazy("area"), "area.full_name", link=True),
    ]


class AssignmentEditView(ObjectEditView):
    model = Assignment
    form_class = AssignmentForm


class AssignmentDeleteView(ObjectDeleteView):
    model = Assignment

    def perform_delete(self, assignment: Assignment) -> None:
        delete_assignment(assignment, by=self.request.user)
