"""Serializers of the publicity API. Activities are created through record_activity and
cases published through publish_case, as on the pages."""

from __future__ import annotations

from rest_framework import serializers

from grids.api.base import (
    ModelSerializer,
    ScopedAreaField,
    ScopedRelatedField,
    UserField,
)
from publicity.models import Activity, Campaign, CampaignGoal, Case, Topic


class TopicSerializer(ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "code", "name", "is_active"]


class GoalSerializer(ModelSerializer):
    class Meta:
        model = CampaignGoal
        fields = ["metric", "target"]


class CampaignSerializer(ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    owner = UserField(read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "area",
            "areas",
            "topics",
            "partners",
            "start",
            "end",
            "description",
            "owner",
            "goals",
        ]


class ProgressSerializer(serializers.Serializer):
    metric = serializers.CharField()
    target = serializers.IntegerField()
    achieved = serializers.IntegerField()
    share = serializers.FloatField()
    met = serializers.BooleanField()


class ActivitySerializer(ModelSerializer):
    """Written once (POST, through record_activity); read afterwards."""

    area = ScopedAreaField()
    campaigns = ScopedRelatedField(model=Campaign, many=True)
    material = ScopedRelatedField(model=Case, required=False, allow_null=True)
    run_by = UserField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "campaigns",
            "channel",
            "title",
            "date",
            "area",
            "material",
            "items_pushed",
            "copies_handed_out",
            "people_reached",
            "attendance",
            "reach_confirmed",
            "note",
            "run_by",
        ]


class CaseSerializer(ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "title",
            "topic",
            "area",
            "summary",
            "lesson",
            "status",
            "source_dispute",
            "published_at",
        ]
        read_only_fields = fields
