"""Clinic shifts (rota, swap) and consultations."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from disputes import filtersets
from disputes.actions.clinic import generate_rota, swap_shifts
from disputes.api.serializers.clinic import (
    ClinicShiftSerializer,
    ConsultationSerializer,
    RotaSerializer,
    SwapSerializer,
)
from disputes.api.views.base import ClinicShiftFilterSet
from disputes.models import (
    ClinicShift,
    Consultation,
)
from grids.api.base import (
    ActionViewSetMixin,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    state_change,
)


def _swap(first: ClinicShift, *, by, second: ClinicShift) -> None:
    """Swap this clinic day with another one's lawyer."""
    swap_shifts(first, second, by=by)


class ClinicShiftViewSet(ActionViewSetMixin, ScopedReadOnlyViewSet):
    """The legal clinic's rota: generated per community, days swapped between lawyers."""

    model = ClinicShift
    queryset = ClinicShift.objects.none()
    select_related = ("community", "lawyer", "swapped_from")
    serializer_class = ClinicShiftSerializer
    filterset_class = ClinicShiftFilterSet

    @extend_schema(
        request=RotaSerializer,
        responses={201: ClinicShiftSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def rota(self, request):
        """New shifts for the weeks asked; days that already have one are kept."""
        shifts = generate_rota(**self._payload(RotaSerializer))
        return Response(
            ClinicShiftSerializer(shifts, many=True).data,
            status=status.HTTP_201_CREATED,
        )

    swap = state_change("swap", _swap, SwapSerializer)


class ConsultationViewSet(ScopedModelViewSet):
    """法律答疑: questions asked and the advice given."""

    model = Consultation
    queryset = Consultation.objects.none()
    select_related = ("area", "recorded_by")
    serializer_class = ConsultationSerializer
    filterset_class = filtersets.ConsultationFilterSet
