from rest_framework import serializers

from grids.actions import check_can_grant
from grids.api.base import ScopedAreaField, ValidatedModelSerializer
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam, User


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
            "parent",
            "level",
            "address",
            "households",
            "population",
        ]
        read_only_fields = ["level"]

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
