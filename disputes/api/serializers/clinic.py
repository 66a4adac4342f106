"""Clinic shifts, the rota, swaps and consultations."""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext as _
from rest_framework import serializers

from disputes.api.serializers.base import _inside, _works_over
from disputes.models import (
    ClinicShift,
    Consultation,
)
from grids.api.base import (
    DateField,
    ModelSerializer,
    ScopedAreaField,
    ScopedRelatedField,
    UserField,
    ValidatedModelSerializer,
)
from grids.choices import Role
from grids.querysets import ACTION_CHANGE


class ClinicShiftSerializer(ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lawyer = UserField(read_only=True)
    swapped_from = UserField(read_only=True)

    class Meta:
        model = ClinicShift
        fields = ["id", "community", "date", "starts_at", "ends_at", "lawyer", "swapped_from"]
        read_only_fields = fields


class RotaSerializer(serializers.Serializer):
    """POST /clinic-shifts/rota/: lawyers take the community's weekly days in turn."""

    community = ScopedAreaField(ClinicShift)
    lawyers = UserField(many=True, allow_empty=False)
    first_day = DateField()
    weeks = serializers.IntegerField(min_value=1, max_value=52)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        allow_empty=False,
        default=[2],
        help_text="0 (Monday) … 6 (Sunday)",
    )
    # time objects, not "09:00": the schema's default must be a valid `format: time`.
    starts_at = serializers.TimeField(default=time(9, 0))
    ends_at = serializers.TimeField(default=time(12, 0))

    def validate(self, attrs):
        if attrs["starts_at"] >= attrs["ends_at"]:
            raise serializers.ValidationError({"ends_at": [_("A shift ends after it starts.")]})
        for lawyer in attrs["lawyers"]:
            _works_over(lawyer, attrs["community"], "lawyers", {Role.LEGAL_ADVISOR})
        return attrs


class SwapSerializer(serializers.Serializer):
    """POST /clinic-shifts/{id}/swap/: the other shift, whose lawyer takes this day."""

    second = ScopedRelatedField(ClinicShift, ACTION_CHANGE)


class ConsultationSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()
    shift = ScopedRelatedField(ClinicShift, required=False, allow_null=True)
    recorded_by = UserField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "area",
            "shift",
            "asked_by",
            "topic",
            "question",
            "advice",
            "follow_up_needed",
            "at",
            "recorded_by",
        ]

    def validate(self, attrs):
        area = attrs.get("area", getattr(self.instance, "area", None))
        shift = attrs.get("shift", getattr(self.instance, "shift", None))
        if shift is not None and area is not None and not _inside(area, shift.community):
            raise serializers.ValidationError(
                {"shift": [_("That shift is another community's clinic.")]}
            )
        if self.instance is None:  # the model requires it, and full_clean() runs now
            attrs["recorded_by"] = self.context["request"].user
        return super().validate(attrs)


# ---- source prevention -------------------------------------------------------------------
