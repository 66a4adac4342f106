"""The publicity API: topics, campaigns (with progress), activities (recorded once), cases."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from grids.api.base import ActionViewSetMixin, ScopedReadOnlyViewSet, state_change
from publicity import figures
from publicity.actions.activities import record_activity
from publicity.actions.cases import publish_case, withdraw_case
from publicity.api.serializers import (
    ActivitySerializer,
    CampaignSerializer,
    CaseSerializer,
    ProgressSerializer,
    TopicSerializer,
)
from publicity.filtersets import ActivityFilterSet, CampaignFilterSet, CaseFilterSet
from publicity.models import Activity, Campaign, Case, Topic


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    """The focus topics: a shared list every signed-in user reads (edited in the admin)."""

    queryset = Topic.objects.all()
    serializer_class = TopicSerializer


class CampaignViewSet(ScopedReadOnlyViewSet):
    """Campaigns organised in, or targeting, the caller's areas; …/progress/ per goal."""

    model = Campaign
    queryset = Campaign.objects.none()
    select_related = ("area", "owner")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("areas", "topics", "partners", "goals")

    @extend_schema(responses=ProgressSerializer(many=True))
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        campaign = self.get_object()
        rows = figures.campaign_progress(campaign, campaign.goals.all())
        return Response(ProgressSerializer(rows, many=True).data)


class ActivityViewSet(ScopedReadOnlyViewSet, viewsets.mixins.CreateModelMixin):
    """Activities in the caller's areas; POST records one (kept as recorded)."""

    model = Activity
    queryset = Activity.objects.none()
    select_related = ("area", "run_by")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("campaigns")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                activity = record_activity(by=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        except DjangoPermissionDenied as exc:
            raise NotFound() from exc
        fresh = self.get_queryset().get(pk=activity.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)


class CaseViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """The case library; POST …/publish/ (refused while a phone or ID number is in the text)."""

    model = Case
    queryset = Case.objects.none()
    select_related = ("topic", "area")
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet

    publish = state_change("publish", publish_case)
    withdraw = state_change("withdraw", withdraw_case)
