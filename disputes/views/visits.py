"""Follow-up visits: recording one and reassigning it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from disputes.actions.visits import reassign_visit, record_visit
from disputes.forms.visits import VisitForm, VisitReassignForm
from disputes.models import FollowUpVisit
from disputes.views.base import DisputesPage
from grids.generic.views import Transition, TransitionView


class VisitView(DisputesPage, TransitionView):
    """回访: how the visit was made and how things stand; a relapse reopens the dispute.

    visits/<pk>/ shows the visit's page and records it; visits/<pk>/reassign/ hands it on.
    """

    model = FollowUpVisit
    select_related = ("dispute__category", "dispute__area", "assignee")

    @property
    def template_name(self):
        # The visit's page records it; reassigning is a small form on it (errors as messages).
        return "disputes/visits/visit_record.html" if self.kwargs["action"] == "record" else None

    transitions = {
        "record": Transition(record_visit, VisitForm, gettext_lazy("Visit recorded.")),
        "reassign": Transition(
            reassign_visit, VisitReassignForm, gettext_lazy("Visit reassigned to %(assignee)s.")
        ),
    }

    def get_success_url(self, visit, result):
        if self.kwargs["action"] == "reassign":
            return reverse("disputes:visit_record", kwargs={"pk": visit.pk})
        return visit.dispute.get_absolute_url()

    def get_page_context(self, visit, transition, form):
        reassign = self.make_form(self.transitions["reassign"], visit)
        return {"visit": visit, "form": form, "reassign_form": reassign}
