from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grids import filtersets
from grids.actions.areas import delete_assignment
from grids.actions.care import (
    close_care_file,
    log_care_file_reads,
    record_care_visit,
    reopen_care_file,
)
from grids.actions.deliberation import (
    accept_matter,
    add_milestone,
    decline_matter,
    merge_matter,
    record_meeting,
)
from grids.actions.door_knocking import report_issue
from grids.actions.requests import (
    accept_request,
    add_note,
    assign_grid,
    defer_request,
    escalate_request,
    reject_request,
    resolve_request,
    resume_request,
    transfer_request,
)
from grids.api import serializers
from grids.api.base import (
    ActionViewSetMixin,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    state_change,
)
from grids.figures import request_figures
from grids.models import (
    Area,
    Assignment,
    CareFile,
    CareVisit,
    DoorKnockRound,
    Matter,
    Meeting,
    Notification,
    Person,
    RequestCategory,
    RequestEvent,
    SelfGovernanceTeam,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    VolunteerHours,
)
from grids.notifications import mark_read, with_links


class AreaViewSet(ScopedModelViewSet):
    """The area tree, addressed by code. `?within=CODE` gives a whole subtree."""

    model = Area
    select_related = ("parent",)
    serializer_class = serializers.AreaSerializer
    filterset_class = filtersets.AreaFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return super().get_queryset().order_by("tree_id", "lft")


class PersonViewSet(ScopedModelViewSet):
    """People of the registry; phone and ID numbers are written whole and read masked."""

    model = Person
    select_related = ("area",)
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet


class AssignmentViewSet(ScopedModelViewSet):
    model = Assignment
    select_related = ("user", "area")
    serializer_class = serializers.AssignmentSerializer
    filterset_class = filtersets.AssignmentFilterSet

    def perform_destroy(self, instance):
        delete_assignment(instance, by=self.request.user)


class ServiceTeamViewSet(ScopedModelViewSet):
    model = ServiceTeam
    select_related = ("area",)
    serializer_class = serializers.ServiceTeamSerializer
    filterset_class = filtersets.ServiceTeamFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("members")


class ServicePointViewSet(ScopedModelViewSet):
    model = ServicePoint
    select_related = ("area",)
    serializer_class = serializers.ServicePointSerializer
    filterset_class = filtersets.ServicePointFilterSet


class RequestCategoryViewSet(viewsets.ModelViewSet):
    """Categories residents pick from; everyone signed in reads them, administrators edit."""

    queryset = RequestCategory.objects.all()
    serializer_class = serializers.RequestCategorySerializer
    lookup_field = "code"

    def get_permissions(self):
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.IsAuthenticated()]
        return [permissions.IsAdminUser()]


class ServiceRequestViewSet(ActionViewSetMixin, ScopedModelViewSet):
    """Resident requests of the caller's grids. State changes are POSTs to their actions."""

    model = ServiceRequest
    select_related = ("area", "grid", "category", "accepted_by")
    serializer_class = serializers.ServiceRequestSerializer
    filterset_class = filtersets.RequestFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().for_inbox()

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.filed = serializer.instance

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        # Once, to the filer (a hotline or desk worker), to hand to the resident: reads never
        # carry the tracking code.
        response.data["tracking_code"] = self.filed.tracking_code
        return response

    @extend_schema(
        parameters=[serializers.FiguresQuerySerializer],
        responses=serializers.RequestFiguresSerializer,
        filters=True,
    )
    @action(detail=False, methods=["get"])
    def figures(self, request):
        """办结率 and the rest (see grids/figures.py) for ?start=&end= and ?group_by=."""
        params = serializers.FiguresQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = request_figures(
            self.filter_queryset(ServiceRequest.objects.visible_to(request.user)),
            start=params.validated_data.get("start"),
            end=params.validated_data.get("end"),
            group_by=params.validated_data.get("group_by") or None,
        )
        return Response({"results": rows})

    accept = state_change("accept", accept_request)
    resolve = state_change("resolve", resolve_request, serializers.ResolveSerializer)
    note = state_change("note", add_note, serializers.NoteSerializer)
    transfer = state_change("transfer", transfer_request, serializers.TransferSerializer)
    assign = state_change("assign", assign_grid, serializers.AssignGridSerializer)
    escalate = state_change("escalate", escalate_request, serializers.ReasonSerializer)
    defer = state_change("defer", defer_request, serializers.ReasonSerializer)
    resume = state_change("resume", resume_request)
    reject = state_change("reject", reject_request, serializers.ReasonSerializer)


class RequestEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The history of the requests the caller may see."""

    serializer_class = serializers.RequestEventSerializer
    queryset = RequestEvent.objects.none()  # for the schema; get_queryset() is the truth

    def get_queryset(self):
        return (
            RequestEvent.objects.visible_to(self.request.user)
            .select_related("request", "actor")
            .order_by("-at", "-pk")
        )


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications, every kind (requests, visits …), newest first.

    `POST read/` marks all of them read, `POST {id}/read/` one; another's is a 404.
    """

    serializer_class = serializers.NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; get_queryset() is the truth

    def get_queryset(self):
        return (
            Notification.objects.for_recipient(self.request.user)
            .select_related("area")
            .order_by("-created_at", "-pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else with_links(list(page), self.request.user)

    def get_object(self):
        return with_links([super().get_object()], self.request.user)[0]

    @extend_schema(
        operation_id="v1_alerts_read_all", request=None, responses=serializers.MarkedReadSerializer
    )
    @action(detail=False, methods=["post"])
    def read(self, request):
        return Response({"marked_read": mark_read(self.get_queryset())})

    @extend_schema(
        operation_id="v1_alerts_read_one", request=None, responses=serializers.MarkedReadSerializer
    )
    @action(detail=True, methods=["post"], url_path="read", url_name="read-one")
    def read_one(self, request, pk=None):
        notification = super().get_object()
        return Response({"marked_read": mark_read(self.get_queryset().filter(pk=notification.pk))})


class MatterViewSet(ActionViewSetMixin, ScopedModelViewSet):
    """The deliberation hall's matters of the caller's grids, with their meetings and
    milestones. Staff raise one with POST; every later step is a POST to its action."""

    model = Matter
    select_related = ("area", "grid")
    serializer_class = serializers.MatterSerializer
    filterset_class = filtersets.MatterFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "meetings",
                    Meeting.objects.select_related("recorded_by").prefetch_related("people"),
                ),
                "milestones",
            )
        )

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        # Once, to the staff member who raised it for a resident: reads never carry it.
        response.data["tracking_code"] = self.raised.tracking_code
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.raised = serializer.instance

    accept = state_change("accept", accept_matter, serializers.MatterAcceptSerializer)
    decline = state_change("decline", decline_matter, serializers.ReasonSerializer)
    merge = state_change("merge", merge_matter, serializers.MatterMergeSerializer)
    meeting = state_change("meeting", record_meeting, serializers.MeetingPayloadSerializer)
    milestone = state_change("milestone", add_milestone, serializers.MilestonePayloadSerializer)


# ---- care files, door-knocking rounds, volunteers ----------------------------------------


class CareFileViewSet(ActionViewSetMixin, ScopedModelViewSet):
    """帮扶档案: roles with the sensitive grant (and a file's own helper, reading); names
    masked in lists; every read audit-logged. `POST {id}/visit/` records a care visit (the
    helper may), `close/` and `reopen/` change the file."""

    model = CareFile
    queryset = CareFile.objects.none()
    select_related = ("person", "area", "helper_user", "helper_person")
    serializer_class = serializers.CareFileSerializer
    filterset_class = filtersets.CareFileFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "visit":  # the helper records visits without the grant
            qs = CareFile.objects.visible_to(self.request.user).select_related(*self.select_related)
        else:
            qs = super().get_queryset()
        return qs.with_next_due()

    def get_serializer_context(self):
        # Whole names where one file is read or written; lists stay masked.
        return {**super().get_serializer_context(), "whole": self.detail or self.action == "create"}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_care_file_reads(page, by=request.user, how="api list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        care_file = self.get_object()
        log_care_file_reads([care_file], by=request.user, how="api detail")
        return Response(self.get_serializer(care_file).data)

    visit = state_change("visit", record_care_visit, serializers.CareVisitRecordSerializer)
    close = state_change("close", close_care_file, serializers.CloseCareFileSerializer)
    reopen = state_change("reopen", reopen_care_file)


class CareVisitViewSet(ScopedReadOnlyViewSet):
    """Care visits, planned and done, of the files the caller may open; names masked."""

    model = CareVisit
    queryset = CareVisit.objects.none()
    select_related = ("care_file__person", "visitor_user")
    serializer_class = serializers.CareVisitSerializer
    filterset_class = filtersets.CareVisitFilterSet


class DoorKnockRoundViewSet(ActionViewSetMixin, ScopedModelViewSet):
    """敲门行动. `POST {id}/issue/` files what the round found as a resident request."""

    model = DoorKnockRound
    queryset = DoorKnockRound.objects.none()
    select_related = ("grid",)
    serializer_class = serializers.DoorKnockRoundSerializer
    filterset_class = filtersets.DoorKnockRoundFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("participants", "volunteers", "buildings", "issues__request")
        )

    issue = state_change("issue", report_issue, serializers.IssueSerializer)


class SelfGovernanceTeamViewSet(ScopedModelViewSet):
    model = SelfGovernanceTeam
    queryset = SelfGovernanceTeam.objects.none()
    select_related = ("area",)
    serializer_class = serializers.SelfGovernanceTeamSerializer
    filterset_class = filtersets.SelfGovernanceTeamFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("members")


class VolunteerHoursViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Volunteer hours per activity; POST records hours given outside any activity row."""

    model = VolunteerHours
    queryset = VolunteerHours.objects.none()
    select_related = ("person", "content_type")
    serializer_class = serializers.VolunteerHoursSerializer
    filterset_class = filtersets.VolunteerHoursFilterSet

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()
