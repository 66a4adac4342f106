"""The disputes API: scoped resources whose state changes are POSTs calling disputes.actions."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from disputes import actions, filtersets
from disputes.api import serializers
from disputes.choices import VisitStatus
from disputes.figures import dispute_figures
from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    KeyPerson,
    MediationSession,
    RiskItem,
    ScreeningCampaign,
    TierHandling,
)
from grids.api.base import ScopedModelViewSet
from grids.choices import SENSITIVE_ROLES
from grids.filtersets import WithinAreaFilter
from grids.models import AuditEntry

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


class DisputeViewSet(ActionViewSetMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Disputes of the caller's areas. Parties are masked except in a detail read by someone
    holding a sensitive role there (and that read is audit-logged)."""

    model = Dispute
    queryset = Dispute.objects.none()  # for the schema; get_queryset() is the truth
    serializer_class = serializers.DisputeSerializer
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
        request=serializers.DisputeIntakeSerializer,
        responses={201: serializers.DisputeSerializer},
    )
    def create(self, request, *args, **kwargs):
        intake = serializers.DisputeIntakeSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        intake.is_valid(raise_exception=True)
        return self._answer(intake.save(), status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        dispute = self.get_object()
        confidential = request.user.holds_role_over(dispute.area, SENSITIVE_ROLES)
        if confidential:
            AuditEntry.record(request.user, AuditEntry.Action.VIEW, dispute, "parties")
        context = {**self.get_serializer_context(), "confidential": confidential}
        return Response(serializers.DisputeSerializer(dispute, context=context).data)

    @extend_schema(
        parameters=[serializers.FiguresQuerySerializer],
        responses=serializers.FiguresSerializer,
        filters=True,
    )
    @action(detail=False, methods=["get"])
    def figures(self, request):
        """调解成功率 and the rest (see disputes/figures.py) for ?start=&end= (ISO datetimes),
        over the disputes the list's filters select."""
        params = serializers.FiguresQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        scoped = self.filter_queryset(Dispute.objects.visible_to(request.user))
        return Response(dispute_figures(scoped, **params.validated_data))

    @extend_schema(
        request=serializers.SessionSerializer, responses={201: serializers.SessionSerializer}
    )
    @action(detail=True, methods=["post"])
    def sessions(self, request, pk=None):
        dispute = self.get_object()
        session = actions.record_session(
            dispute, by=request.user, **self._payload(serializers.SessionSerializer)
        )
        return Response(serializers.SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.MediatorChangeSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._run(actions.escalate_dispute, serializers.MediatorChangeSerializer)

    @extend_schema(request=serializers.MediatorChangeSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        return self._run(actions.reassign_mediator, serializers.MediatorChangeSerializer)

    @extend_schema(request=serializers.SettleSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        return self._run(actions.settle_dispute, serializers.SettleSerializer)

    @extend_schema(request=serializers.ReferSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        return self._run(actions.refer_dispute, serializers.ReferSerializer)

    @extend_schema(request=serializers.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(actions.withdraw_dispute, serializers.ReasonSerializer)

    @extend_schema(request=serializers.PlanSerializer, responses=serializers.PlanSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """一案一策: create or replace the dispute's plan."""
        dispute = self.get_object()
        payload = serializers.PlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(
            serializers.PlanSerializer(
                actions.save_mediation_plan(dispute, by=request.user, **payload.validated_data)
            ).data
        )


class VisitViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """Follow-up visits (回访). `?mine=true` lists the caller's own."""

    model = FollowUpVisit
    queryset = FollowUpVisit.objects.none()
    select_related = ("dispute__area", "assignee")
    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilterSet

    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the visit: method, result, notes, done_at (default: now)."""
        return self._run(actions.record_visit, serializers.VisitSerializer)

    @extend_schema(request=serializers.AssigneeSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        return self._run(actions.reassign_visit, serializers.AssigneeSerializer)


class SessionViewSet(ScopedReadOnlyViewSet):
    """Mediation sessions (record one: POST /disputes/{id}/sessions/)."""

    model = MediationSession
    queryset = MediationSession.objects.none()
    select_related = ("recorded_by",)
    serializer_class = serializers.SessionSerializer
    filterset_class = ByDisputeFilterSet


class DisputeEventViewSet(ScopedReadOnlyViewSet):
    """The history of the disputes the caller may see, newest first."""

    model = DisputeEvent
    queryset = DisputeEvent.objects.none()
    select_related = ("actor",)
    serializer_class = serializers.DisputeEventSerializer
    filterset_class = ByDisputeFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("-at", "-pk")


class ClinicShiftViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """The legal clinic's rota: generated per community, days swapped between lawyers."""

    model = ClinicShift
    queryset = ClinicShift.objects.none()
    select_related = ("community", "lawyer", "swapped_from")
    serializer_class = serializers.ClinicShiftSerializer
    filterset_class = ClinicShiftFilterSet

    @extend_schema(
        request=serializers.RotaSerializer,
        responses={201: serializers.ClinicShiftSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def rota(self, request):
        """New shifts for the weeks asked; days that already have one are kept."""
        shifts = actions.generate_rota(**self._payload(serializers.RotaSerializer))
        return Response(
            serializers.ClinicShiftSerializer(shifts, many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=serializers.SwapSerializer)
    @action(detail=True, methods=["post"])
    def swap(self, request, pk=None):
        return self._run(
            lambda first, *, by, second: actions.swap_shifts(first, second, by=by),
            serializers.SwapSerializer,
        )


class ConsultationViewSet(ScopedModelViewSet):
    """法律答疑: questions asked and the advice given."""

    model = Consultation
    queryset = Consultation.objects.none()
    select_related = ("area", "recorded_by")
    serializer_class = serializers.ConsultationSerializer
    filterset_class = filtersets.ConsultationFilterSet


class ScreeningViewSet(ScopedModelViewSet):
    """Screenings (摸排) and Mon/Wed/Fri community visits."""

    model = ScreeningCampaign
    queryset = ScreeningCampaign.objects.none()
    select_related = ("area",)
    serializer_class = serializers.ScreeningSerializer
    filterset_class = filtersets.ScreeningCampaignFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("leaders")


class RiskViewSet(ActionViewSetMixin, ScopedModelViewSet):
    """The risk register (苗头隐患); resolved through POST …/resolve/."""

    model = RiskItem
    queryset = RiskItem.objects.none()
    select_related = ("area", "owner")
    serializer_class = serializers.RiskSerializer
    filterset_class = RiskFilterSet

    @extend_schema(request=serializers.ResolveSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._run(actions.resolve_risk, serializers.ResolveSerializer)


class KeyPersonViewSet(ScopedModelViewSet):
    """重点人员档案: sensitive roles only; names masked in lists; every read audit-logged."""

    model = KeyPerson
    queryset = KeyPerson.objects.none()
    select_related = ("person", "area", "responsible")
    serializer_class = serializers.KeyPersonSerializer
    filterset_class = filtersets.KeyPersonFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_context(self):
        # Whole names where one file is read or written; lists stay masked.
        return {**super().get_serializer_context(), "whole": self.detail or self.action == "create"}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        actions.log_key_person_reads(page, by=request.user, how="api list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        key_person = self.get_object()
        actions.log_key_person_reads([key_person], by=request.user, how="api detail")
        return Response(self.get_serializer(key_person).data)

    @extend_schema(responses=serializers.KeyPersonRevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def revisions(self, request, pk=None):
        key_person = self.get_object()
        actions.log_key_person_reads([key_person], by=request.user, how="api revisions")
        revisions = key_person.revisions.select_related("by")
        return Response(serializers.KeyPersonRevisionSerializer(revisions, many=True).data)
