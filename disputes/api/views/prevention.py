"""Screenings, risks and key-person files."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from disputes import filtersets
from disputes.actions.prevention import log_key_person_reads, resolve_risk
from disputes.api.serializers.prevention import (
    KeyPersonRevisionSerializer,
    KeyPersonSerializer,
    ResolveRiskSerializer,
    RiskSerializer,
    ScreeningSerializer,
)
from disputes.api.views.base import RiskFilterSet
from disputes.models import (
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.api.base import ActionViewSetMixin, ScopedModelViewSet, state_change


class ScreeningViewSet(ScopedModelViewSet):
    """Screenings (摸排) and Mon/Wed/Fri community visits."""

    model = ScreeningCampaign
    queryset = ScreeningCampaign.objects.none()
    select_related = ("area",)
    serializer_class = ScreeningSerializer
    filterset_class = filtersets.ScreeningCampaignFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("leaders")


class RiskViewSet(ActionViewSetMixin, ScopedModelViewSet):
    """The risk register (苗头隐患); resolved through POST …/resolve/."""

    model = RiskItem
    queryset = RiskItem.objects.none()
    select_related = ("area", "owner")
    serializer_class = RiskSerializer
    filterset_class = RiskFilterSet

    resolve = state_change("resolve", resolve_risk, ResolveRiskSerializer)


class KeyPersonViewSet(ScopedModelViewSet):
    """重点人员档案: sensitive roles only; names masked in lists; every read audit-logged."""

    model = KeyPerson
    queryset = KeyPerson.objects.none()
    select_related = ("person", "area", "responsible")
    serializer_class = KeyPersonSerializer
    filterset_class = filtersets.KeyPersonFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_context(self):
        # Whole names where one file is read or written; lists stay masked.
        return {**super().get_serializer_context(), "whole": self.detail or self.action == "create"}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_key_person_reads(page, by=request.user, how="api list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        key_person = self.get_object()
        log_key_person_reads([key_person], by=request.user, how="api detail")
        return Response(self.get_serializer(key_person).data)

    @extend_schema(responses=KeyPersonRevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def revisions(self, request, pk=None):
        key_person = self.get_object()
        log_key_person_reads([key_person], by=request.user, how="api revisions")
        revisions = key_person.revisions.select_related("by")
        return Response(KeyPersonRevisionSerializer(revisions, many=True).data)
