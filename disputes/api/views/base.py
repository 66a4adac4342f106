"""Filters and base classes of the disputes API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.response import Response

from disputes import filtersets
from disputes.choices import VisitStatus
from disputes.models import (
    FollowUpVisit,
)
from grids.api.base import ScopedModelViewSet
from grids.filtersets import WithinAreaFilter

# ---- filters: the pages' (disputes/filtersets.py), plus what only the API offers ----------


class MineFilter(django_filters.BooleanFilter):
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


class VisitFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices)
    mine = MineFilter(field_name="assignee", label=_("mine (I visit)"))
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lt")
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = FollowUpVisit
        fields = ["status", "mine", "due_before", "dispute", "within"]


class ByDisputeFilterSet(django_filters.FilterSet):
    dispute = django_filters.NumberFilter(field_name="dispute_id")


class ClinicShiftFilterSet(filtersets.ClinicShiftFilterSet):
    lawyer = django_filters.CharFilter(field_name="lawyer__username", label=_("lawyer"))


class RiskFilterSet(filtersets.RiskItemFilterSet):
    dispute = django_filters.NumberFilter(field_name="dispute_id")


# ---- viewsets ----------------------------------------------------------------------------


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """ScopedModelViewSet's scoping without create, update and delete: state changes of
    these rows are POST actions (which, like every write, see only the change scope)."""

    model = None
    select_related: tuple[str, ...] = ()
    get_queryset = ScopedModelViewSet.get_queryset


class ActionViewSetMixin:
    """POST endpoints that parse a payload and call one function of disputes.actions."""

    def _payload(self, serializer_class) -> dict:
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def _run(self, run_action, serializer_class=None):
        obj = self.get_object()
        data = self._payload(serializer_class) if serializer_class else {}
        run_action(obj, by=self.request.user, **data)
        return self._answer(obj)

    def _answer(self, obj, status_code: int = status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)  # fresh, with its related rows
        return Response(self.get_serializer(obj).data, status=status_code)
