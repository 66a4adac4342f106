"""Follow-up visits."""

from __future__ import annotations

from rest_framework import serializers

from disputes.models import (
    FollowUpVisit,
)
from grids.api.base import ModelSerializer, UserField


class VisitSerializer(ModelSerializer):
    """A follow-up visit; its method, result, notes and done_at are the payload of
    POST …/record/ (actions.record_visit checks them)."""

    area = serializers.SlugRelatedField(source="dispute.area", slug_field="code", read_only=True)
    assignee = UserField(read_only=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = FollowUpVisit
        fields = [
            "id",
            "dispute",
            "area",
            "settlement_round",
            "sequence",
            "due_on",
            "assignee",
            "status",
            "done_at",
            "method",
            "result",
            "notes",
            "on_time",
        ]
        read_only_fields = ["dispute", "settlement_round", "sequence", "due_on", "status"]
        extra_kwargs = {
            "method": {"required": True},
            "result": {"required": True},
            "notes": {"default": ""},
            "done_at": {"default": None},
        }


class AssigneeSerializer(serializers.Serializer):
    assignee = UserField()


# ---- the legal clinic --------------------------------------------------------------------
