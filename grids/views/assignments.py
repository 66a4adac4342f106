"""Who holds which role where: the assignments pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.actions.areas import delete_assignment
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

    def form_valid(self, form):
        assignment = self.get_object()
        try:
            delete_assignment(assignment, by=self.request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(reverse("grids:assignment_list"))
        messages.success(self.request, _("Deleted: %(name)s") % {"name": assignment})
        return HttpResponseRedirect(reverse("grids:assignment_list"))
