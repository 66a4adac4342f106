"""Follow-up visits: my visits (due, overdue, done), recording one and reassigning it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from disputes.actions.visits import reassign_visit, record_visit
from disputes.choices import VisitStatus
from disputes.forms.visits import VisitForm, VisitReassignForm
from disputes.models import FollowUpVisit
from disputes.views.base import DisputesPage
from grids.generic.tables import Column, Table
from grids.generic.views import ExportMixin, PageMixin, Transition, TransitionView


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


VISIT_LIST_COLUMNS = [
    Column(gettext_lazy("due on"), "due_on", link=True),
    Column(gettext_lazy("dispute"), lambda v: f"#{v.dispute_id} {v.dispute.category.name}"),
    Column(gettext_lazy("place"), "dispute.area.full_name"),
    Column(gettext_lazy("visit no."), "sequence"),
]
DONE_COLUMNS = [
    *VISIT_LIST_COLUMNS,
    Column(gettext_lazy("done at"), "done_at"),
    Column(gettext_lazy("result"), "result"),
]
DONE_SHOWN = 30
EXPORT_COLUMNS = [
    *VISIT_LIST_COLUMNS,
    Column(gettext_lazy("status"), "status"),
    Column(gettext_lazy("done at"), "done_at"),
    Column(gettext_lazy("result"), "result"),
]


class MyVisitsView(ExportMixin, DisputesPage, PageMixin, generic.TemplateView):
    """我的回访: the signed-in user's follow-up visits due this week, overdue, and done.

    Only visits assigned to the user, within their scope; each row links to its record page.
    `?export=` lists all of them (every status, by due date), not only the page's windows.
    """

    template_name = "disputes/visits/visit_list.html"
    export_columns = EXPORT_COLUMNS
    export_subject = "disputes.followupvisit"

    def mine(self):
        return (
            FollowUpVisit.objects.visible_to(self.request.user)
            .filter(assignee=self.request.user)
            .select_related("dispute__category", "dispute__area")
        )

    def get_export_rows(self):
        return self.mine().order_by("due_on", "pk")

    def get_export_filename(self) -> str:
        return _("My visits")

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        week_end = today + timedelta(days=6 - today.weekday())
        mine = self.mine()
        planned = mine.filter(status=VisitStatus.PLANNED).order_by("due_on", "pk")

        def table(rows, columns=VISIT_LIST_COLUMNS):
            return Table(
                columns,
                rows,
                user,
                FollowUpVisit,
                url_prefix="disputes:visit",
                detail_route="disputes:visit_record",
                row_attrs=lambda v: {"data-visit": str(v.pk)},
            )

        return super().get_context_data(
            today=today,
            week_end=week_end,
            due=table(planned.filter(due_on__gte=today, due_on__lte=week_end)),
            overdue=table(planned.filter(due_on__lt=today)),
            done=table(
                mine.filter(status=VisitStatus.DONE).order_by("-done_at", "-pk")[:DONE_SHOWN],
                DONE_COLUMNS,
            ),
            **kwargs,
        )
