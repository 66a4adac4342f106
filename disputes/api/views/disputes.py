"""Disputes, sessions and events."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from disputes.actions.disputes import (
    escalate_dispute,
    reassign_mediator,
    record_session,
    refer_dispute,
    save_mediation_plan,
    settle_dispute,
    withdraw_dispute,
)
from disputes.api.serializers.disputes import (
    DisputeIntakeSerializer,
    DisputeSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
    MediatorChangeSerializer,
    PlanSerializer,
    ReasonSerializer,
    ReferSerializer,
    SessionSerializer,
    SettleSerializer,
)
from disputes.api.views.base import DisputeFilterSet
from disputes.figures import dispute_figures
from disputes.models import (
    Dispute,
    DisputeParty,
    TierHandling,
)
from grids.api.base import ActionViewSetMixin, ScopedReadOnlyViewSet, state_change
from grids.choices import SENSITIVE_ROLES
from grids.models import AuditEntry


class DisputeViewSet(ActionViewSetMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Disputes of the caller's areas. Parties are masked except in a detail read by someone
    holding a sensitive role there (and that read is audit-logged)."""

    model = Dispute
    queryset = Dispute.objects.none()  # for the schema; get_queryset() is the truth
    serializer_class = DisputeSerializer
    filterset_class = DisputeFilterSet

    def get_queryset(self):
        parties = DisputeParty.objects.select_related("person").order_by("pk")
        handlings = TierHandling.objects.select_related("mediator")
        qs = (
            super()
            .get_queryset()
            .select_related("area", "category", "mediator", "source_request")
            .prefetch_related(Prefetch("party_links", parties), Prefetch("handlings", handlings))
        )
        # agreements and plan are shown to confidential readers of one dispute only
        return qs.select_related("plan").prefetch_related("agreements") if self.detail else qs

    @extend_schema(
        request=DisputeIntakeSerializer,
        responses={201: DisputeSerializer},
    )
    def create(self, request, *args, **kwargs):
        intake = DisputeIntakeSerializer(data=request.data, context=self.get_serializer_context())
        intake.is_valid(raise_exception=True)
        return self._answer(intake.save(), status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        dispute = self.get_object()
        confidential = request.user.holds_role_over(dispute.area, SENSITIVE_ROLES)
        if confidential:
            AuditEntry.record(request.user, AuditEntry.Action.VIEW, dispute, "parties")
        context = {**self.get_serializer_context(), "confidential": confidential}
        return Response(DisputeSerializer(dispute, context=context).data)

    @extend_schema(
        parameters=[FiguresQuerySerializer],
        responses=FiguresSerializer,
        filters=True,
    )
    @action(detail=False, methods=["get"])
    def figures(self, request):
        """调解成功率 and the rest (see disputes/figures.py) for ?start=&end= (ISO datetimes),
        over the disputes the list's filters select."""
        params = FiguresQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        scoped = self.filter_queryset(Dispute.objects.visible_to(request.user))
        return Response(dispute_figures(scoped, **params.validated_data))

    @extend_schema(request=SessionSerializer, responses={201: SessionSerializer})
    @action(detail=True, methods=["post"])
    def sessions(self, request, pk=None):
        dispute = self.get_object()
        session = record_session(dispute, by=request.user, **self._payload(SessionSerializer))
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    escalate = state_change("escalate", escalate_dispute, MediatorChangeSerializer)
    reassign = state_change("reassign", reassign_mediator, MediatorChangeSerializer)
    settle = state_change("settle", settle_dispute, SettleSerializer)
    refer = state_change("refer", refer_dispute, ReferSerializer)
    withdraw = state_change("withdraw", withdraw_dispute, ReasonSerializer)

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """一案一策: create or replace the dispute's plan."""
        dispute = self.get_object()
        payload = PlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(
            PlanSerializer(
                save_mediation_plan(dispute, by=request.user, **payload.validated_data)
            ).data
        )
