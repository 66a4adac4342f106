"""Follow-up visits."""

from __future__ import annotations

from disputes.actions.visits import reassign_visit, record_visit
from disputes.api.serializers.disputes import DisputeEventSerializer, SessionSerializer
from disputes.api.serializers.visits import AssigneeSerializer, VisitSerializer
from disputes.api.views.base import ByDisputeFilterSet, VisitFilterSet
from disputes.models import (
    DisputeEvent,
    FollowUpVisit,
    MediationSession,
)
from grids.api.base import ActionViewSetMixin, ScopedReadOnlyViewSet, state_change


class VisitViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """Follow-up visits (回访). `?mine=true` lists the caller's own."""

    model = FollowUpVisit
    queryset = FollowUpVisit.objects.none()
    select_related = ("dispute__area", "assignee")
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet

    record = state_change("record", record_visit, VisitSerializer)
    reassign = state_change("reassign", reassign_visit, AssigneeSerializer)


class SessionViewSet(ScopedReadOnlyViewSet):
    """Mediation sessions (record one: POST /disputes/{id}/sessions/)."""

    model = MediationSession
    queryset = MediationSession.objects.none()
    select_related = ("recorded_by",)
    serializer_class = SessionSerializer
    filterset_class = ByDisputeFilterSet


class DisputeEventViewSet(ScopedReadOnlyViewSet):
    """The history of the disputes the caller may see, newest first."""

    model = DisputeEvent
    queryset = DisputeEvent.objects.none()
    select_related = ("actor",)
    serializer_class = DisputeEventSerializer
    filterset_class = ByDisputeFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("-at", "-pk")
