"""Follow-up visits."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from disputes.actions.visits import reassign_visit, record_visit
from disputes.api.serializers.disputes import DisputeEventSerializer, SessionSerializer
from disputes.api.serializers.visits import AssigneeSerializer, VisitSerializer
from disputes.api.views.base import (
    ActionViewSetMixin,
    ByDisputeFilterSet,
    ScopedReadOnlyViewSet,
    VisitFilterSet,
)
from disputes.models import (
    DisputeEvent,
    FollowUpVisit,
    MediationSession,
)


class VisitViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """Follow-up visits (回访). `?mine=true` lists the caller's own."""

    model = FollowUpVisit
    queryset = FollowUpVisit.objects.none()
    select_related = ("dispute__area", "assignee")
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet

    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the visit: method, result, notes, done_at (default: now)."""
        return self._run(record_visit, VisitSerializer)

    @extend_schema(request=AssigneeSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        return self._run(reassign_visit, AssigneeSerializer)


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
