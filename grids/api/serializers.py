from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grids.actions.areas import check_can_grant, check_can_revoke
from grids.actions.care import save_care_file
from grids.actions.deliberation import raise_matter
from grids.actions.door_knocking import save_round
from grids.actions.requests import submit_request
from grids.actions.volunteers import record_volunteer_hours
from grids.api.base import (
    DateField,
    DateTimeField,
    ModelSerializer,
    ScopedAreaField,
    ScopedRelatedField,
    UserField,
    ValidatedModelSerializer,
)
from grids.choices import STAFF_SOURCES, AreaKind, AttendeeKind, CareVisitKind, RequestSource
from grids.generic.forms import visible_users
from grids.masking import mask_name
from grids.models import (
    Area,
    Assignment,
    CareFile,
    CareVisit,
    DoorKnockIssue,
    DoorKnockRound,
    Matter,
    Meeting,
    Milestone,
    Notification,
    Person,
    RequestCategory,
    RequestEvent,
    SelfGovernanceTeam,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    User,
    VolunteerHours,
)
from grids.models.requests import DESCRIPTION_MAX
from grids.validators import validate_phone


class AreaSerializer(ValidatedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-detail", lookup_field="code")
    parent = ScopedAreaField(allow_null=True, required=False)

    class Meta:
        model = Area
        fields = [
            "id",
            "url",
            "code",
            "kind",
            "name",
            "full_name",
            "parent",
            "level",
            "address",
            "households",
            "population",
        ]
        read_only_fields = ["level", "full_name"]

    def validate(self, attrs):
        request = self.context["request"]
        parent = attrs.get("parent", getattr(self.instance, "parent", None))
        if parent is None and not request.user.is_superuser:
            raise serializers.ValidationError({"parent": ["Choose the area this one belongs to."]})
        return super().validate(attrs)


class PersonSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, write_only=True)
    id_number = serializers.CharField(
        max_length=18, required=False, allow_blank=True, write_only=True
    )
    masked_phone = serializers.CharField(read_only=True)
    masked_id_number = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "kind",
            "is_party_member",
            "gender",
            "birth_date",
            "area",
            "room",
            "phone",
            "id_number",
            "masked_phone",
            "masked_id_number",
            "notes",
        ]


class AssignmentSerializer(ValidatedModelSerializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    area = ScopedAreaField()

    class Meta:
        model = Assignment
        fields = ["id", "user", "role", "area", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # full_clean() checks the unique constraint with its own message

    def validate(self, attrs):
        role = attrs.get("role", getattr(self.instance, "role", None))
        area = attrs.get("area", getattr(self.instance, "area", None))
        if self.instance is not None:
            check_can_revoke(self.context["request"].user, self.instance)
        if role and area:
            check_can_grant(self.context["request"].user, role, area)
        return super().validate(attrs)


class ServiceTeamSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()

    class Meta:
        model = ServiceTeam
        fields = ["id", "name", "focus", "area", "leader", "members", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            people = Person.objects.visible_to(request.user)
            self.fields["leader"].queryset = people
            self.fields["members"].child_relation.queryset = people


class ServicePointSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()

    class Meta:
        model = ServicePoint
        fields = [
            "id",
            "name",
            "area",
            "location",
            "latitude",
            "longitude",
            "services",
            "shared_tools",
            "opening_hours",
            "contact_phone",
        ]


class RequestCategorySerializer(ModelSerializer):
    class Meta:
        model = RequestCategory
        fields = [
            "id",
            "code",
            "name",
            "description",
            "response_minutes",
            "resolve_hours",
            "position",
            "is_active",
            "attributes",
        ]


class ServiceRequestSerializer(ModelSerializer):
    """Read: the request as staff see it. Create: a worker files one (source ≠ QR).

    A request is named by its public_id (DF-2026-000123). The resident's tracking code is
    theirs: it is in no read, only in the answer to the POST that filed it, for the filer to
    hand to the resident (ServiceRequestViewSet.create).
    """

    area = ScopedAreaField()
    area_name = serializers.CharField(
        source="area.full_name",
        read_only=True,
        help_text="The place with its community and grid, e.g. 东风社区 · 第一网格 · 1号楼.",
    )
    grid = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=RequestCategory.objects.filter(is_active=True)
    )
    # Reads show every source (qr, open311 …); staff file only theirs (validate_source).
    source = serializers.ChoiceField(
        choices=RequestSource.choices,
        help_text="Staff file with door_knocking, patrol, hotline or walk_in; residents' "
        "requests read as qr or open311.",
    )
    resident_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, write_only=True
    )
    masked_phone = serializers.CharField(read_only=True)
    accepted_by = serializers.StringRelatedField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    needs_triage = serializers.BooleanField(read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "public_id",
            "area",
            "area_name",
            "grid",
            "needs_triage",
            "category",
            "description",
            "latitude",
            "longitude",
            "address_string",
            "attributes",
            "source",
            "status",
            "resident_name",
            "resident_phone",
            "masked_phone",
            "anonymous",
            "created_at",
            "response_due_at",
            "resolve_due_at",
            "is_overdue",
            "accepted_at",
            "accepted_by",
            "resolved_at",
            "resolution",
            "rating",
            "rating_comment",
        ]
        read_only_fields = [
            "public_id",
            "attributes",
            "status",
            "anonymous",
            "created_at",
            "response_due_at",
            "resolve_due_at",
            "accepted_at",
            "resolved_at",
            "resolution",
            "rating",
            "rating_comment",
        ]
        extra_kwargs = {"description": {"max_length": DESCRIPTION_MAX}}

    def validate_source(self, value: str) -> str:
        if value not in STAFF_SOURCES:
            raise serializers.ValidationError(
                _("Staff file requests from: %(sources)s.")
                % {"sources": ", ".join(source.value for source in STAFF_SOURCES)}
            )
        return value

    def validate_resident_phone(self, value: str) -> str:
        if value:
            try:
                validate_phone(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return value

    def create(self, validated_data):
        return submit_request(by=self.context["request"].user, **validated_data)


class RequestEventSerializer(ModelSerializer):
    request = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    actor = serializers.StringRelatedField()

    class Meta:
        model = RequestEvent
        fields = [
            "id",
            "request",
            "at",
            "actor",
            "kind",
            "from_status",
            "to_status",
            "note",
            "public",
        ]


class NotificationSerializer(ModelSerializer):
    """One of the caller's notifications: what happened, about which object, where, by when."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    object_type = serializers.SerializerMethodField(
        help_text="The object it is about, as app_label.model (e.g. grids.servicerequest)."
    )
    link = serializers.CharField(
        read_only=True,
        help_text="The object's page, if the caller may open it; otherwise empty.",
    )
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_display",
            "text",
            "object_type",
            "object_id",
            "link",
            "area",
            "due_at",
            "created_at",
            "read_at",
            "sent_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_object_type(self, obj: Notification) -> str:
        content_type = ContentType.objects.get_for_id(obj.content_type_id)  # cached
        return f"{content_type.app_label}.{content_type.model}"


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text="How many notifications were unread.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=2000)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
    public = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A reply to the resident: shown on their tracking page and in Open311.",
    )


class TransferSerializer(ReasonSerializer):
    to_grid = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.filter(kind=AreaKind.GRID)
    )


class AssignGridSerializer(serializers.Serializer):
    to_grid = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.filter(kind=AreaKind.GRID)
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class FiguresQuerySerializer(serializers.Serializer):
    start = DateTimeField(required=False)
    end = DateTimeField(required=False)
    group_by = serializers.ChoiceField(
        choices=["grid", "community", "subdistrict"], required=False, allow_blank=True
    )


class RequestFiguresRowSerializer(serializers.Serializer):
    """One row of grids.figures.request_figures: overall, or one grid/community/sub-district."""

    group = serializers.IntegerField(
        required=False, help_text="The grid's or community's id (tree id for sub-districts)."
    )
    received = serializers.IntegerField()
    rejected = serializers.IntegerField()
    deferred = serializers.IntegerField()
    closed = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    overdue_now = serializers.IntegerField()
    responded_on_time = serializers.IntegerField()
    rated = serializers.IntegerField()
    avg_rating = serializers.FloatField(allow_null=True)
    due_to_close = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True, help_text="办结率, 0–1.")
    on_time_completion_rate = serializers.FloatField(allow_null=True)
    on_time_response_rate = serializers.FloatField(allow_null=True)
    median_accept_minutes = serializers.FloatField(allow_null=True)
    median_resolve_hours = serializers.FloatField(allow_null=True)


class RequestFiguresSerializer(serializers.Serializer):
    results = RequestFiguresRowSerializer(many=True)


# ---- the deliberation hall (网格议事厅) ----


class MeetingSerializer(ModelSerializer):
    people = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "held_on",
            "attendee_kinds",
            "people",
            "other_attendees",
            "minutes",
            "decision",
            "responsible_bodies",
            "budget",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "progress", "reason", "reached_on", "created_at"]
        read_only_fields = fields


class MatterSerializer(ModelSerializer):
    """Read: a matter as staff see it, with its meetings and milestones. Create: staff raise
    one (the answer carries its tracking code once, to hand to the resident)."""

    area = ScopedAreaField(help_text="A grid or building, by code.")
    area_name = serializers.CharField(source="area.full_name", read_only=True)
    grid = serializers.SlugRelatedField(slug_field="code", read_only=True)
    resident_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, write_only=True
    )
    masked_phone = serializers.CharField(read_only=True)
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True)
    meetings = MeetingSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Matter
        fields = [
            "id",
            "title",
            "description",
            "area",
            "area_name",
            "grid",
            "status",
            "source",
            "resident_name",
            "resident_phone",
            "masked_phone",
            "anonymous",
            "progress",
            "raised_at",
            "accepted_at",
            "decided_at",
            "done_at",
            "closed_at",
            "evaluation_due_at",
            "decline_reason",
            "merged_into",
            "meetings",
            "milestones",
        ]
        read_only_fields = [
            "status",
            "source",
            "progress",
            "raised_at",
            "accepted_at",
            "decided_at",
            "done_at",
            "closed_at",
            "evaluation_due_at",
            "decline_reason",
        ]

    def validate_resident_phone(self, value: str) -> str:
        if value:
            try:
                validate_phone(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return value

    def create(self, validated_data):
        try:
            return raise_matter(by=self.context["request"].user, **validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc


class MatterAcceptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MatterMergeSerializer(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(
        queryset=Matter.objects.all(), help_text="The id of the matter this one duplicates."
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        # Only a matter the caller may see: another community's answers "does not exist".
        self.fields["into"].queryset = Matter.objects.visible_to(user)


class MeetingPayloadSerializer(serializers.Serializer):
    held_on = DateField()
    attendee_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=AttendeeKind.choices), required=False
    )
    people = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    other_attendees = serializers.CharField(max_length=500, required=False, allow_blank=True)
    minutes = serializers.CharField(max_length=4000)
    decision = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    responsible_bodies = serializers.CharField(max_length=300, required=False, allow_blank=True)
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["people"].child_relation.queryset = Person.objects.visible_to(
            getattr(request, "user", None)
        )


class MilestonePayloadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    reached_on = DateField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


# ---- care files, door-knocking rounds, volunteers ----------------------------------------


class CareFileSerializer(ValidatedModelSerializer):
    """A care file. The resident's name is whole only where one file is read or written
    (an audited read); lists show it masked, as on the pages."""

    person = ScopedRelatedField(Person)
    name = serializers.SerializerMethodField()
    area = ScopedAreaField()
    helper_user = UserField(required=False, allow_null=True)
    helper_person = ScopedRelatedField(Person, required=False, allow_null=True)
    next_visit_due = serializers.SerializerMethodField()

    class Meta:
        model = CareFile
        fields = [
            "id",
            "person",
            "name",
            "area",
            "kind",
            "needs",
            "helper_user",
            "helper_person",
            "visit_every_days",
            "opened_on",
            "status",
            "closed_reason",
            "next_visit_due",
            "updated_at",
        ]
        read_only_fields = ["status", "closed_reason", "updated_at"]

    def get_name(self, care_file: CareFile) -> str:
        name = care_file.person.name
        return name if self.context.get("whole") else mask_name(name)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_next_visit_due(self, care_file: CareFile):
        due = getattr(care_file, "next_due", None)
        return due.isoformat() if due else None

    def create(self, validated_data) -> CareFile:
        return save_care_file(CareFile(**validated_data), by=self.context["request"].user)

    def update(self, instance: CareFile, validated_data) -> CareFile:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_care_file(instance, by=self.context["request"].user)


class CareVisitRecordSerializer(serializers.Serializer):
    """A care visit; a date in the future is refused on `visited_on`."""

    kind = serializers.ChoiceField(choices=CareVisitKind.choices)
    visited_on = DateField()
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    systolic = serializers.IntegerField(
        required=False, allow_null=True, min_value=50, max_value=260
    )
    diastolic = serializers.IntegerField(
        required=False, allow_null=True, min_value=30, max_value=160
    )
    reading_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    visitor_person = ScopedRelatedField(Person, required=False, allow_null=True)
    hours = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        required=False,
        allow_null=True,
        min_value=Decimal("0.5"),
        max_value=Decimal("24"),
    )


class CloseCareFileSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class CareVisitSerializer(ModelSerializer):
    """A care visit, planned or done; the resident's name masked."""

    name = serializers.SerializerMethodField()
    visitor_user = UserField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = CareVisit
        fields = [
            "id",
            "care_file",
            "name",
            "status",
            "due_on",
            "is_overdue",
            "visited_on",
            "kind",
            "visitor_user",
            "visitor_person",
            "systolic",
            "diastolic",
            "reading_note",
            "notes",
        ]
        read_only_fields = fields

    def get_name(self, visit: CareVisit) -> str:
        return mask_name(visit.care_file.person.name)


class DoorKnockIssueSerializer(ModelSerializer):
    request = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    request_id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(source="request.status", read_only=True)
    fixed = serializers.BooleanField(read_only=True)

    class Meta:
        model = DoorKnockIssue
        fields = ["id", "request", "request_id", "status", "fixed"]


class DoorKnockRoundSerializer(ValidatedModelSerializer):
    grid = ScopedAreaField()
    participants = serializers.SlugRelatedField(
        slug_field="username", many=True, required=False, queryset=User.objects.none()
    )
    volunteers = ScopedRelatedField(Person, many=True, required=False)
    buildings = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Area.objects.none()
    )
    issues = DoorKnockIssueSerializer(many=True, read_only=True)

    class Meta:
        model = DoorKnockRound
        fields = [
            "id",
            "date",
            "grid",
            "participants",
            "volunteers",
            "buildings",
            "households_visited",
            "notes",
            "issues",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["participants"].child_relation.queryset = visible_users(request.user)
            self.fields["buildings"].child_relation.queryset = Area.objects.visible_to(
                request.user
            ).filter(kind=AreaKind.BUILDING)

    def _save(self, instance: DoorKnockRound, validated_data) -> DoorKnockRound:
        related = {
            name: validated_data.pop(name, None)
            for name in ("participants", "volunteers", "buildings")
        }
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_round(instance, by=self.context["request"].user, **related)

    def create(self, validated_data) -> DoorKnockRound:
        return self._save(DoorKnockRound(), validated_data)

    def update(self, instance, validated_data) -> DoorKnockRound:
        return self._save(instance, validated_data)


class IssueSerializer(serializers.Serializer):
    """An issue a round found, filed as a resident request (source door_knocking)."""

    category = serializers.SlugRelatedField(
        slug_field="code", queryset=RequestCategory.objects.filter(is_active=True)
    )
    description = serializers.CharField(max_length=DESCRIPTION_MAX)
    building = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.filter(kind=AreaKind.BUILDING),
        required=False,
        allow_null=True,
    )


class SelfGovernanceTeamSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()
    leader = ScopedRelatedField(Person, required=False, allow_null=True)
    members = ScopedRelatedField(Person, many=True, required=False)

    class Meta:
        model = SelfGovernanceTeam
        fields = [
            "id",
            "name",
            "area",
            "leader",
            "members",
            "description",
            "founded_on",
            "is_active",
        ]


class VolunteerHoursSerializer(ModelSerializer):
    """Hours of one volunteer for one activity. POST records hours given outside any row of
    their own (a team's activity); care visits and patrols record theirs themselves."""

    person = ScopedRelatedField(Person)
    person_name = serializers.CharField(source="person.name", read_only=True)
    team = ScopedRelatedField(SelfGovernanceTeam, required=False, allow_null=True)
    activity_type = serializers.SerializerMethodField()

    class Meta:
        model = VolunteerHours
        fields = [
            "id",
            "person",
            "person_name",
            "date",
            "hours",
            "activity_kind",
            "activity_type",
            "object_id",
            "team",
            "description",
        ]
        read_only_fields = ["object_id"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_activity_type(self, row: VolunteerHours) -> str | None:
        """The activity's model (grids.carevisit, patrols.patrollog …) where there is a row."""
        return (
            f"{row.content_type.app_label}.{row.content_type.model}"
            if row.content_type_id
            else None
        )

    def create(self, validated_data) -> VolunteerHours:
        person = validated_data.pop("person")
        return record_volunteer_hours(person, by=self.context["request"].user, **validated_data)
