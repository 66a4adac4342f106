"""Disputes, their parties, handlings, agreements, plans, sessions and events."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disputes.actions.disputes import receive_dispute
from disputes.choices import (
    PartyRole,
    ReferralTarget,
)
from disputes.models import (
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    MediationPlan,
    MediationSession,
    TierHandling,
)
from grids.api.base import (
    DateField,
    DateTimeField,
    ModelSerializer,
    ScopedAreaField,
    ScopedRelatedField,
    ScopedSlugField,
    UserField,
)
from grids.api.serializers import ReasonSerializer
from grids.masking import mask_name
from grids.models import Person, ServiceRequest


class PartySerializer(serializers.Serializer):
    """A party: written as {person, role}; read masked (no person id, 张*) unless the
    serializer's context is confidential."""

    # Nullable because a masked read leaves it out; a write must name someone.
    person = ScopedRelatedField(Person, allow_null=True)
    name = serializers.CharField(source="person.name", read_only=True)
    role = serializers.ChoiceField(choices=PartyRole.choices)

    def validate_person(self, person: Person | None) -> Person:
        if person is None:
            raise serializers.ValidationError(_("Name the person."))
        return person

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("confidential"):
            data["person"], data["name"] = None, mask_name(data["name"])
        return data


class HandlingSerializer(ModelSerializer):
    mediator = UserField(read_only=True)

    class Meta:
        model = TierHandling
        fields = ["tier", "mediator", "started_at", "ended_at", "outcome", "reason"]


class AgreementSerializer(ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "terms", "signed_on", "signed_by", "created_at"]


class PlanSerializer(ModelSerializer):
    """一案一策, the payload of POST …/plan/ too (one per dispute, replaced in place)."""

    class Meta:
        model = MediationPlan
        fields = ["plan", "experts", "steps", "updated_at"]
        read_only_fields = ["updated_at"]


class DisputeSerializer(ModelSerializer):
    """A dispute: its parties masked, and its agreements and plan left out, unless the view
    marks the context confidential (a detail read by a sensitive role, audit-logged)."""

    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mediator = UserField(read_only=True)
    source_request = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    # A plain string here: the same choices are the `target` of POST …/refer/.
    referred_to = serializers.CharField(
        read_only=True, help_text="court, police, arbitration, other"
    )
    parties = PartySerializer(source="party_links", many=True, read_only=True)
    handlings = HandlingSerializer(many=True, read_only=True)
    agreements = serializers.SerializerMethodField()
    plan = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "area",
            "category",
            "summary",
            "channel",
            "risk_level",
            "mode",
            "tier",
            "status",
            "mediator",
            "parties",
            "source_request",
            "referred_to",
            "civil_to_criminal",
            "settlement_round",
            "received_at",
            "settled_at",
            "closed_at",
            "handlings",
            "agreements",
            "plan",
        ]
        read_only_fields = fields

    @extend_schema_field(AgreementSerializer(many=True))
    def get_agreements(self, dispute: Dispute):
        # Terms name the parties, so they are read where the parties are.
        if not self.context.get("confidential"):
            return []
        return AgreementSerializer(dispute.agreements.all(), many=True).data

    @extend_schema_field(PlanSerializer(allow_null=True))
    def get_plan(self, dispute: Dispute):
        plan = getattr(dispute, "plan", None) if self.context.get("confidential") else None
        return PlanSerializer(plan).data if plan else None


class DisputeIntakeSerializer(ModelSerializer):
    """One-stop intake: POST /disputes/ → receive_dispute."""

    area = ScopedAreaField()
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=DisputeCategory.objects.filter(is_active=True)
    )
    mediator = UserField()
    parties = PartySerializer(many=True, allow_empty=False)
    source_request = ScopedSlugField(
        ServiceRequest, slug_field="public_id", required=False, allow_null=True
    )

    class Meta:
        model = Dispute
        fields = [
            "area",
            "category",
            "summary",
            "channel",
            "risk_level",
            "mode",
            "tier",
            "mediator",
            "parties",
            "source_request",
        ]

    def validate_parties(self, parties: list[dict]) -> list[dict]:
        people = [party["person"].pk for party in parties]
        if len(set(people)) != len(people):
            raise serializers.ValidationError(_("Name each person once."))
        return parties

    def create(self, validated_data) -> Dispute:
        parties = validated_data.pop("parties")
        return receive_dispute(
            **validated_data,
            parties=[(party["person"], party["role"]) for party in parties],
            by=self.context["request"].user,
        )


class SessionSerializer(ModelSerializer):
    """A mediation session; the payload of POST …/sessions/ too."""

    recorded_by = UserField(read_only=True)

    class Meta:
        model = MediationSession
        fields = [
            "id",
            "dispute",
            "tier",
            "held_at",
            "attendees",
            "notes",
            "result",
            "recorded_by",
        ]
        read_only_fields = ["dispute", "tier", "recorded_by"]

    def validate_held_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(_("A session cannot be recorded in the future."))
        return value


class MediatorChangeSerializer(ReasonSerializer):
    """Escalation and reassignment: why, and who takes the dispute."""

    mediator = UserField()


class SettleSerializer(serializers.Serializer):
    terms = serializers.CharField(max_length=8000)
    signed_on = DateField()
    signed_by = serializers.CharField(max_length=300)


class ReferSerializer(ReasonSerializer):
    target = serializers.ChoiceField(choices=ReferralTarget.choices)
    civil_to_criminal = serializers.BooleanField(default=False)


class FiguresQuerySerializer(serializers.Serializer):
    start = DateTimeField(required=False)
    end = DateTimeField(required=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError({"end": [_("The end comes after the start.")]})
        return attrs


class FiguresSerializer(serializers.Serializer):
    """What disputes.figures.dispute_figures returns (see its docstring)."""

    received = serializers.IntegerField()
    settled = serializers.IntegerField()
    referred = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    open = serializers.IntegerField()
    civil_to_criminal = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True)
    by_tier = serializers.DictField(child=serializers.IntegerField())
    by_category = serializers.DictField(child=serializers.IntegerField())
    visits_due = serializers.IntegerField()
    visits_on_time = serializers.IntegerField()
    followup_compliance = serializers.FloatField(allow_null=True)
    relapses = serializers.IntegerField()


class DisputeEventSerializer(ModelSerializer):
    actor = UserField(read_only=True)

    class Meta:
        model = DisputeEvent
        fields = [
            "id",
            "dispute",
            "at",
            "actor",
            "kind",
            "from_status",
            "to_status",
            "from_tier",
            "to_tier",
            "note",
        ]


# ---- follow-up visits --------------------------------------------------------------------
