"""Serializers of the disputes API: reads, and the payloads of the POST actions.

Writes of state go through disputes.actions; the serializers only parse and check input.
Party names are masked unless the view passes `confidential=True` in the context (a detail
read by someone holding a sensitive role over the area, which the view audit-logs).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disputes import actions
from disputes.choices import (
    PartyRole,
    ReferralTarget,
)
from disputes.models import (
    Agreement,
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    FollowUpVisit,
    KeyPerson,
    KeyPersonRevision,
    MediationPlan,
    MediationSession,
    RiskItem,
    ScreeningCampaign,
    TierHandling,
)
from grids.api.base import ScopedAreaField, ValidatedModelSerializer
from grids.choices import Role
from grids.models import Area, Person, ServiceRequest, User
from grids.querysets import ACTION_CHANGE, ACTION_VIEW


def mask_name(name: str) -> str:
    """张三 → 张*: the first character and one star, whatever the length."""
    return f"{name[:1]}*" if name else ""


def _inside(area: Area, node: Area) -> bool:
    return node.tree_id == area.tree_id and node.lft <= area.lft <= node.rght


# ---- fields ------------------------------------------------------------------------------


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An object by id, among those the caller may see (or change): others "do not exist"."""

    def __init__(self, model=None, scope_action: str = ACTION_VIEW, **kwargs):
        self.model, self.scope_action = model, scope_action
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.visible_to(request.user, self.scope_action)


class ScopedSlugField(serializers.SlugRelatedField):
    """Like ScopedRelatedField, by a slug (a tracking code)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.visible_to(request.user)


class AreaWhereMayChange(ScopedAreaField):
    """An area by code where the caller may change `model` (for payloads without a Meta)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Area.objects.none()
        return Area.objects.where_user_may_change(request.user, self.model)


class UserField(serializers.SlugRelatedField):
    """An active account, by username."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


def _works_over(user: User | None, area: Area | None, field: str, roles=None) -> None:
    if user is not None and area is not None and not user.holds_role_over(area, roles):
        raise serializers.ValidationError(
            {field: [_("%(user)s does not work in this area.") % {"user": user}]}
        )


# ---- disputes ----------------------------------------------------------------------------


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


class HandlingSerializer(serializers.ModelSerializer):
    mediator = UserField(read_only=True)

    class Meta:
        model = TierHandling
        fields = ["tier", "mediator", "started_at", "ended_at", "outcome", "reason"]


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "terms", "signed_on", "signed_by", "created_at"]


class PlanSerializer(serializers.ModelSerializer):
    """一案一策, the payload of POST …/plan/ too (one per dispute, replaced in place)."""

    class Meta:
        model = MediationPlan
        fields = ["plan", "experts", "steps", "updated_at"]
        read_only_fields = ["updated_at"]


class DisputeSerializer(serializers.ModelSerializer):
    """A dispute: its parties masked, and its agreements and plan left out, unless the view
    marks the context confidential (a detail read by a sensitive role, audit-logged)."""

    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mediator = UserField(read_only=True)
    source_request = serializers.SlugRelatedField(slug_field="tracking_code", read_only=True)
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


class DisputeIntakeSerializer(serializers.ModelSerializer):
    """One-stop intake: POST /disputes/ → actions.receive_dispute."""

    area = ScopedAreaField()
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=DisputeCategory.objects.filter(is_active=True)
    )
    mediator = UserField()
    parties = PartySerializer(many=True, allow_empty=False)
    source_request = ScopedSlugField(
        ServiceRequest, slug_field="tracking_code", required=False, allow_null=True
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
        return actions.receive_dispute(
            **validated_data,
            parties=[(party["person"], party["role"]) for party in parties],
            by=self.context["request"].user,
        )


class SessionSerializer(serializers.ModelSerializer):
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


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MediatorChangeSerializer(ReasonSerializer):
    """Escalation and reassignment: why, and who takes the dispute."""

    mediator = UserField()


class SettleSerializer(serializers.Serializer):
    terms = serializers.CharField(max_length=8000)
    signed_on = serializers.DateField()
    signed_by = serializers.CharField(max_length=300)


class ReferSerializer(ReasonSerializer):
    target = serializers.ChoiceField(choices=ReferralTarget.choices)
    civil_to_criminal = serializers.BooleanField(default=False)


class FiguresQuerySerializer(serializers.Serializer):
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)

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


class DisputeEventSerializer(serializers.ModelSerializer):
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


class VisitSerializer(serializers.ModelSerializer):
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


class ClinicShiftSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lawyer = UserField(read_only=True)
    swapped_from = UserField(read_only=True)

    class Meta:
        model = ClinicShift
        fields = ["id", "community", "date", "starts_at", "ends_at", "lawyer", "swapped_from"]
        read_only_fields = fields


class RotaSerializer(serializers.Serializer):
    """POST /clinic-shifts/rota/: lawyers take the community's weekly days in turn."""

    community = AreaWhereMayChange(ClinicShift)
    lawyers = UserField(many=True, allow_empty=False)
    first_day = serializers.DateField()
    weeks = serializers.IntegerField(min_value=1, max_value=52)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        allow_empty=False,
        default=[2],
        help_text="0 (Monday) … 6 (Sunday)",
    )
    starts_at = serializers.TimeField(default="09:00")
    ends_at = serializers.TimeField(default="12:00")

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


class ScreeningSerializer(ValidatedModelSerializer):
    area = ScopedAreaField()
    leaders = UserField(many=True, allow_empty=False)

    class Meta:
        model = ScreeningCampaign
        fields = ["id", "kind", "date", "area", "leaders", "households_visited", "notes"]

    def validate(self, attrs):
        area = attrs.get("area", getattr(self.instance, "area", None))
        for leader in attrs.get("leaders", []):
            _works_over(leader, area, "leaders")
        return super().validate(attrs)


class RiskSerializer(ValidatedModelSerializer):
    """The risk register; its status changes only through POST …/resolve/."""

    area = ScopedAreaField()
    owner = UserField()
    campaign = ScopedRelatedField(ScreeningCampaign, required=False, allow_null=True)
    dispute = ScopedRelatedField(Dispute, required=False, allow_null=True)

    class Meta:
        model = RiskItem
        fields = [
            "id",
            "area",
            "title",
            "description",
            "nature",
            "urgency",
            "owner",
            "deadline",
            "status",
            "resolution",
            "resolved_at",
            "campaign",
            "dispute",
            "created_at",
        ]
        read_only_fields = ["status", "resolution", "resolved_at", "created_at"]

    def validate(self, attrs):
        if "owner" in attrs or "area" in attrs:
            _works_over(
                attrs.get("owner", getattr(self.instance, "owner", None)),
                attrs.get("area", getattr(self.instance, "area", None)),
                "owner",
            )
        return super().validate(attrs)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=4000)


class KeyPersonSerializer(ValidatedModelSerializer):
    """A key-person file. The name is whole only where the view says so (a logged detail
    read); the ID number is always masked, as everywhere in the API."""

    person = ScopedRelatedField(Person)
    area = ScopedAreaField()
    responsible = UserField()
    name = serializers.SerializerMethodField()
    masked_id_number = serializers.CharField(source="person.masked_id_number", read_only=True)

    class Meta:
        model = KeyPerson
        fields = [
            "id",
            "person",
            "name",
            "masked_id_number",
            "area",
            "category",
            "risk_level",
            "reason",
            "measures",
            "responsible",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def get_name(self, key_person: KeyPerson) -> str:
        name = key_person.person.name
        return name if self.context.get("whole") else mask_name(name)

    def validate(self, attrs):
        area = attrs.get("area", getattr(self.instance, "area", None))
        person = attrs.get("person", getattr(self.instance, "person", None))
        if area is not None and person is not None and not _inside(person.area, area):
            raise serializers.ValidationError({"person": [_("This person lives elsewhere.")]})
        if "responsible" in attrs or "area" in attrs:
            _works_over(
                attrs.get("responsible", getattr(self.instance, "responsible", None)),
                area,
                "responsible",
            )
        return super().validate(attrs)

    def create(self, validated_data) -> KeyPerson:
        return actions.save_key_person(KeyPerson(**validated_data), by=self.context["request"].user)

    def update(self, instance: KeyPerson, validated_data) -> KeyPerson:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return actions.save_key_person(instance, by=self.context["request"].user)


class KeyPersonRevisionSerializer(serializers.ModelSerializer):
    by = UserField(read_only=True)

    class Meta:
        model = KeyPersonRevision
        fields = ["id", "at", "by", "snapshot"]
