"""The mediator's workbench (调解员工作台)."""

from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import generic

from disputes.choices import DisputeStatus, RiskLevel, VisitStatus
from disputes.figures import dispute_figures
from disputes.models import (
    ClinicShift,
    Dispute,
    FollowUpVisit,
)
from disputes.views.base import DisputesPage
from grids.generic.tables import Column, Table
from grids.generic.views import PageMixin, may
from grids.querysets import ACTION_CHANGE


def _risk(d: Dispute) -> str:
    high = d.risk_level == RiskLevel.HIGH
    return f"{d.category.name} · {d.get_risk_level_display()}" if high else d.category.name


DISPUTE_COLUMNS = [
    Column(gettext_lazy("no."), lambda d: f"#{d.pk}", link=True),
    Column(gettext_lazy("category"), _risk),
    Column(gettext_lazy("place"), "area.full_name"),
    Column(gettext_lazy("tier"), "tier"),
    Column(gettext_lazy("parties"), "party_count"),
    Column(gettext_lazy("received"), lambda d: timezone.localdate(d.received_at)),
]
VISIT_COLUMNS = [
    Column(gettext_lazy("due on"), "due_on", link=True),
    Column(gettext_lazy("dispute"), lambda v: f"#{v.dispute_id} {v.dispute.category.name}"),
    Column(gettext_lazy("place"), "dispute.area.full_name"),
    Column(gettext_lazy("visit no."), "sequence"),
]


class WorkbenchView(DisputesPage, PageMixin, generic.TemplateView):
    """调解员工作台: my open disputes, my visits due this week, my clinic days, the figures."""

    template_name = "disputes/workbench/workbench.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        week_end = today + timedelta(days=6 - today.weekday())
        year_start = timezone.make_aware(datetime(today.year, 1, 1))
        disputes = Dispute.objects.visible_to(user)
        my_disputes = (
            disputes.filter(mediator=user, status=DisputeStatus.OPEN)
            .select_related("category", "area")
            .annotate(party_count=Count("party_links"))
        )
        my_visits = (
            FollowUpVisit.objects.visible_to(user)
            .filter(assignee=user, status=VisitStatus.PLANNED, due_on__lte=week_end)
            .select_related("dispute__category", "dispute__area")
            .order_by("due_on", "pk")
        )
        return super().get_context_data(
            today=today,
            my_disputes=Table(
                DISPUTE_COLUMNS, my_disputes, user, Dispute, url_prefix="disputes:dispute"
            ),
            my_visits=Table(
                VISIT_COLUMNS,
                my_visits,
                user,
                FollowUpVisit,
                url_prefix="disputes:visit",
                detail_route="disputes:visit_record",
                row_attrs=lambda v: {
                    "class": "overdue" if v.due_on < today else "",
                    "data-visit": str(v.pk),
                },
            ),
            my_shifts=ClinicShift.objects.visible_to(user)
            .filter(lawyer=user, date__gte=today)
            .select_related("community")[:10],
            figures=dispute_figures(disputes, start=year_start),
            may_receive=may(user, Dispute, ACTION_CHANGE),
            **kwargs,
        )
