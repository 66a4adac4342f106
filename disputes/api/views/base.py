"""Filters and base classes of the disputes API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disputes import filtersets
from disputes.choices import VisitStatus
from disputes.models import (
    FollowUpVisit,
)
from grids.generic.filters import BooleanFilter, ScopedFilterSet

# ---- filters: the pages' (disputes/filtersets.py), plus what only the API offers ----------


class MineFilter(BooleanFilter):
    """?mine=true: rows whose `field_name` is the caller."""

    def filter(self, qs, value):
        if value is None:
            return qs
        mine = {self.field_name: self.parent.request.user}
        return qs.filter(**mine) if value else qs.exclude(**mine)


class DisputeFilterSet(filtersets.DisputeFilterSet):
    mediator = django_filters.CharFilter(
        field_name="mediator__username", label=_("mediator (username)")
    )
    mine = MineFilter(field_name="mediator", label=_("mine (I am the mediator)"))
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt")

    class Meta(filtersets.DisputeFilterSet.Meta):
        fields = [*filtersets.DisputeFilterSet.Meta.fields, "risk_level", "channel"]


class VisitFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices)
    mine = MineFilter(field_name="assignee", label=_("mine (I visit)"))
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lt")

    class Meta:
        model = FollowUpVisit
        fields = ["status", "mine", "due_before", "dispute", "within"]


class ByDisputeFilterSet(ScopedFilterSet):
    dispute = django_filters.NumberFilter(field_name="dispute_id")


class ClinicShiftFilterSet(filtersets.ClinicShiftFilterSet):
    lawyer = django_filters.CharFilter(field_name="lawyer__username", label=_("lawyer"))


class RiskFilterSet(filtersets.RiskItemFilterSet):
    dispute = django_filters.NumberFilter(field_name="dispute_id")
