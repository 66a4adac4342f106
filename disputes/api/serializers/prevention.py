"""Screenings, risks and key-person files."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from disputes.actions.prevention import save_key_person
from disputes.api.serializers.base import _inside, _works_over
from disputes.models import (
    Dispute,
    KeyPerson,
    KeyPersonRevision,
    RiskItem,
    ScreeningCampaign,
)
from grids.api.base import (
    ModelSerializer,
    ScopedAreaField,
    ScopedRelatedField,
    UserField,
    ValidatedModelSerializer,
)
from grids.masking import mask_name
from grids.models import Person


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


class ResolveRiskSerializer(serializers.Serializer):
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
        return save_key_person(KeyPerson(**validated_data), by=self.context["request"].user)

    def update(self, instance: KeyPerson, validated_data) -> KeyPerson:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_key_person(instance, by=self.context["request"].user)


class KeyPersonRevisionSerializer(ModelSerializer):
    by = UserField(read_only=True)

    class Meta:
        model = KeyPersonRevision
        fields = ["id", "at", "by", "snapshot"]
