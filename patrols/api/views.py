"""The patrols API: teams, key places (with coverage), patrol logs with their phone actions
(tick, finding, stop; each idempotent by the client's key) and guard slots (check-in)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status

from grids.api.base import (
    ActionViewSetMixin,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    state_change,
)
from patrols import filtersets
from patrols.actions.guard_posts import check_in
from patrols.actions.logs import add_finding, start_patrol, stop_patrol, tick_place
from patrols.api.serializers import (
    AddFindingSerializer,
    GuardSlotSerializer,
    KeyPlaceSerializer,
    PatrolLogSerializer,
    PatrolTeamSerializer,
    SchoolSerializer,
    SchoolTermSerializer,
    StartSerializer,
    StopPatrolSerializer,
    TickSerializer,
)
from patrols.models import (
    GuardDuty,
    GuardSlot,
    KeyPlace,
    PatrolLog,
    PatrolTeam,
    School,
    SchoolTerm,
    TeamMember,
)

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class PatrolTeamViewSet(ScopedModelViewSet):
    """Patrol teams and their members; teams are made inactive, never deleted."""

    model = PatrolTeam
    queryset = PatrolTeam.objects.none()
    select_related = ("area", "leader")
    serializer_class = PatrolTeamSerializer
    filterset_class = filtersets.PatrolTeamFilterSet
    http_method_names = NO_DELETE

    def get_queryset(self):
        members = TeamMember.objects.select_related("user", "person")
        return super().get_queryset().prefetch_related(Prefetch("members", queryset=members))


class KeyPlaceViewSet(ScopedModelViewSet):
    """Key places with `last_patrolled` and `behind` (their coverage now)."""

    model = KeyPlace
    queryset = KeyPlace.objects.none()
    select_related = ("area",)
    serializer_class = KeyPlaceSerializer
    filterset_class = filtersets.KeyPlaceFilterSet
    http_method_names = NO_DELETE

    def get_queryset(self):
        return super().get_queryset().with_coverage()


class PatrolLogViewSet(ActionViewSetMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Patrols: POST starts one (idempotent by `client_key`); tick/, finding/ and stop/
    record the rest, each idempotent too, so a phone may resend after a lost connection."""

    model = PatrolLog
    queryset = PatrolLog.objects.none()
    select_related = ("team",)
    serializer_class = PatrolLogSerializer
    filterset_class = filtersets.PatrolLogFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("stops", "findings", "participants")
            .order_by("-started_at", "-pk")
        )

    @extend_schema(request=StartSerializer, responses=PatrolLogSerializer)
    def create(self, request, *args, **kwargs):
        data = self._payload(StartSerializer)
        team = data.pop("team")
        with transaction.atomic():
            log = start_patrol(team=team, by=request.user, **data)
        return self._answer(log, status.HTTP_201_CREATED)

    tick = state_change("tick", tick_place, TickSerializer)
    finding = state_change("finding", add_finding, AddFindingSerializer)
    stop = state_change("stop", stop_patrol, StopPatrolSerializer)


class GuardSlotViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """Guard-post slots (护学岗); whoever is on duty checks in through check-in/."""

    model = GuardSlot
    queryset = GuardSlot.objects.none()
    select_related = ("school", "checked_in_by")
    serializer_class = GuardSlotSerializer
    filterset_class = filtersets.GuardSlotFilterSet

    def get_queryset(self):
        duties = GuardDuty.objects.select_related("user", "person")
        qs = GuardSlot.objects.visible_to(self.request.user).select_related(*self.select_related)
        # Reads and the check-in alike: a volunteer on duty may check in without a change role;
        # the action decides who may.
        return qs.prefetch_related(Prefetch("duties", queryset=duties))

    check_in = state_change("check_in", check_in, url_path="check-in", url_name="check-in")


class SchoolViewSet(ScopedReadOnlyViewSet):
    """Schools with guard posts (set up on their pages)."""

    model = School
    queryset = School.objects.none()
    select_related = ("area",)
    serializer_class = SchoolSerializer
    filterset_class = filtersets.SchoolFilterSet


class SchoolTermViewSet(ScopedReadOnlyViewSet):
    """Term calendars with their holidays: the school days a rota covers."""

    model = SchoolTerm
    queryset = SchoolTerm.objects.none()
    select_related = ("area",)
    serializer_class = SchoolTermSerializer
    filterset_class = filtersets.SchoolTermFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("holidays")
