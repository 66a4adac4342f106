"""The mediator's workbench (调解员工作台)."""

from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.views import generic

from disputes.choices import DisputeStatus, VisitStatus
from disputes.figures import dispute_figures
from disputes.models import (
    ClinicShift,
    Dispute,
    FollowUpVisit,
)
from disputes.views.base import DisputesPage
from grids.generic.views import PageMixin, may
from grids.querysets import ACTION_CHANGE


class WorkbenchView(DisputesPage, PageMixin, generic.TemplateView):
    """调解员工作台: my open disputes, my visits due this week, my clinic days, the figures."""

    template_name = "disputes/workbench.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        week_end = today + timedelta(days=6 - today.weekday())
        year_start = timezone.make_aware(datetime(today.year, 1, 1))
        disputes = Dispute.objects.visible_to(user)
        return super().get_context_data(
            today=today,
            my_disputes=disputes.filter(mediator=user, status=DisputeStatus.OPEN)
            .select_related("category", "area")
            .annotate(party_count=Count("party_links")),
            my_visits=FollowUpVisit.objects.visible_to(user)
            .filter(assignee=user, status=VisitStatus.PLANNED, due_on__lte=week_end)
            .select_related("dispute__category", "dispute__area")
            .order_by("due_on", "pk"),
            my_shifts=ClinicShift.objects.visible_to(user)
            .filter(lawyer=user, date__gte=today)
            .select_related("community")[:10],
            figures=dispute_figures(disputes, start=year_start),
            may_receive=may(user, Dispute, ACTION_CHANGE),
            **kwargs,
        )
