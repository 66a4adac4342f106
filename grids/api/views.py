from grids import filtersets
from grids.api import serializers
from grids.api.base import ScopedModelViewSet
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam


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
