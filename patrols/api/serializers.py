"""Serializers of the patrols API: teams, key places with coverage, logs, guard slots, and
the schools and term calendars of the guard posts."""

from __future__ import annotations

from rest_framework import serializers

from grids.api.base import (
    DateTimeField,
    ModelSerializer,
    ScopedAreaField,
    ScopedRelatedField,
    UserField,
    ValidatedModelSerializer,
)
from grids.models import Person
from patrols.choices import PatrolMode
from patrols.models import (
    Finding,
    GuardSlot,
    KeyPlace,
    PatrolLog,
    PatrolStop,
    PatrolTeam,
    School,
    SchoolHoliday,
    SchoolTerm,
    TeamMember,
)


class TeamMemberSerializer(ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "kind", "user", "person", "name"]


class PatrolTeamSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()
    leader = UserField(required=False, allow_null=True)
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = PatrolTeam
        fields = ["id", "name", "area", "leader", "is_active", "members"]


class KeyPlaceSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()
    last_patrolled = DateTimeField(read_only=True, allow_null=True)
    behind = serializers.SerializerMethodField()

    class Meta:
        model = KeyPlace
        fields = [
            "id",
            "name",
            "kind",
            "area",
            "address",
            "latitude",
            "longitude",
            "times_per_day",
            "set_hours",
            "last_patrolled",
            "behind",
        ]

    def get_behind(self, place: KeyPlace) -> bool:
        return place.is_behind(getattr(place, "last_patrolled", None))


class StopSerializer(ModelSerializer):
    class Meta:
        model = PatrolStop
        fields = ["id", "place", "reached_at", "client_key"]


class FindingSerializer(ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "text",
            "place",
            "photo",
            "created_at",
            "client_key",
            "request",
            "risk_item",
        ]


class PatrolLogSerializer(ModelSerializer):
    """A patrol; its places, participants and findings arrive through its actions."""

    team = serializers.PrimaryKeyRelatedField(read_only=True)
    stops = StopSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    person_times = serializers.SerializerMethodField()

    class Meta:
        model = PatrolLog
        fields = [
            "id",
            "team",
            "mode",
            "red_armband",
            "started_at",
            "ended_at",
            "status",
            "weather",
            "notes",
            "extra_volunteers",
            "person_times",
            "stops",
            "findings",
        ]
        read_only_fields = fields

    def get_person_times(self, log: PatrolLog) -> int:
        return len(log.participants.all()) + log.extra_volunteers


class StartSerializer(serializers.Serializer):
    team = ScopedRelatedField(PatrolTeam)
    mode = serializers.ChoiceField(choices=PatrolMode.choices)
    red_armband = serializers.BooleanField(default=False)
    started_at = DateTimeField(required=False)
    extra_volunteers = serializers.IntegerField(default=0)
    weather = serializers.CharField(max_length=40, required=False, default="")
    notes = serializers.CharField(max_length=4000, required=False, default="")
    client_key = serializers.UUIDField(required=False, allow_null=True)
    users = UserField(many=True, required=False)
    people = ScopedRelatedField(Person, many=True, required=False)


class TickSerializer(serializers.Serializer):
    place = ScopedRelatedField(KeyPlace)
    reached_at = DateTimeField(required=False)
    client_key = serializers.UUIDField(required=False, allow_null=True)


class AddFindingSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    place = ScopedRelatedField(KeyPlace, required=False, allow_null=True)
    photo = serializers.FileField(required=False, allow_null=True)
    client_key = serializers.UUIDField(required=False, allow_null=True)


class StopPatrolSerializer(serializers.Serializer):
    extra_volunteers = serializers.IntegerField(required=False)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class GuardSlotSerializer(ModelSerializer):
    school = serializers.PrimaryKeyRelatedField(read_only=True)
    on_duty = serializers.SerializerMethodField()
    checked_in_by = UserField(read_only=True)

    class Meta:
        model = GuardSlot
        fields = [
            "id",
            "school",
            "date",
            "half_day",
            "starts_at",
            "ends_at",
            "on_duty",
            "checked_in_at",
            "checked_in_by",
        ]
        read_only_fields = fields

    def get_on_duty(self, slot: GuardSlot) -> list[str]:
        return [str(duty) for duty in slot.duties.all()]


class SchoolSerializer(ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = School
        fields = ["id", "name", "area", "address", "place", "is_active"]
        read_only_fields = fields


class SchoolHolidaySerializer(ModelSerializer):
    class Meta:
        model = SchoolHoliday
        fields = ["id", "name", "starts_on", "ends_on"]
        read_only_fields = fields


class SchoolTermSerializer(ModelSerializer):
    """A term of the calendar the rota is planned from, with its days off."""

    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    holidays = SchoolHolidaySerializer(many=True, read_only=True)

    class Meta:
        model = SchoolTerm
        fields = ["id", "name", "area", "starts_on", "ends_on", "holidays"]
        read_only_fields = fields
