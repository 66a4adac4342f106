"""/api/v1/figures/: every registered family's measures for a node and a period.

Scoped like the overview page: ?area=CODE is a node the caller may open the overview of
(404 otherwise), by default their top node; without an overview role the answer names no
area and no family.
"""

from __future__ import annotations

from datetime import timedelta

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dongfeng.overview.periods import DEFAULT, preset
from dongfeng.overview.scope import area_for
from grids.api.base import DATE_RANGE_HELP, DateField
from grids.generic import summaries
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_GRID,
    BY_MONTH,
    Kind,
    Period,
    Section,
    families,
)
from grids.models import Area

BREAKDOWNS = (BY_CHILD, BY_GRID, BY_MONTH, BY_CATEGORY)


class FamilyFiguresQuerySerializer(serializers.Serializer):
    area = serializers.CharField(
        required=False, max_length=32, help_text="An area code (default: the caller's top area)."
    )
    start = DateField(
        required=False, help_text=f"First day (default: 1 January this year). {DATE_RANGE_HELP}"
    )
    end = DateField(
        required=False, help_text=f"Last day, included (default: today). {DATE_RANGE_HELP}"
    )
    by = serializers.ChoiceField(
        choices=BREAKDOWNS,
        required=False,
        help_text="Break down by child area, every grid, month or the family's category.",
    )

    def validate(self, data):
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            missing = "end" if end is None else "start"
            raise serializers.ValidationError({missing: ["Give both start and end, or neither."]})
        if start and end and end < start:
            raise serializers.ValidationError({"end": ["The last day comes on or after start."]})
        return data


class FiguresAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.CharField()


class FiguresPeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day, included.")


class FigureMeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    higher_is_better = serializers.BooleanField(allow_null=True)
    headline = serializers.BooleanField()
    league = serializers.BooleanField()


@extend_schema_field({"type": "number", "nullable": True})
class FigureValueField(serializers.Field):
    """A figure as computed: an integer count, a float (rates 0–1, hours, ratings) or null."""

    def to_representation(self, value):
        return value


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Area code, YYYY-MM or the category's name.")
    label = serializers.CharField()
    values = serializers.DictField(child=FigureValueField(allow_null=True))


class FamilyFiguresSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    section = serializers.ChoiceField(choices=Section.choices)
    period_based = serializers.BooleanField()
    categories = serializers.CharField(allow_null=True, help_text="What by=category groups on.")
    measures = FigureMeasureSerializer(many=True)
    values = serializers.DictField(
        child=FigureValueField(allow_null=True),
        help_text="Measure key → value: counts are integers, rates fractions 0–1 "
        "(null: no base). Present without `by`.",
        required=False,
    )
    rows = FigureRowSerializer(many=True, required=False, help_text="Present with `by`.")


class AllFiguresSerializer(serializers.Serializer):
    area = FiguresAreaSerializer(allow_null=True)
    period = FiguresPeriodSerializer()
    by = serializers.ChoiceField(choices=BREAKDOWNS, allow_null=True)
    families = FamilyFiguresSerializer(many=True)


def _area(area: Area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "full_name": area.full_name or area.name,
        "kind": area.kind,
    }


def _rows(node: Area, by: str, computed: dict) -> list[dict]:
    if by in (BY_CHILD, BY_GRID):
        areas = {area.pk: area for area in Area.objects.filter(pk__in=list(computed))}
        ordered = sorted(computed.items(), key=lambda item: areas[item[0]].lft)
        return [
            {
                "key": areas[pk].code,
                "label": areas[pk].name if by == BY_CHILD else str(areas[pk]),
                "values": values,
            }
            for pk, values in ordered
        ]
    return [
        {"key": str(key), "label": str(key), "values": values} for key, values in computed.items()
    ]


class FiguresView(APIView):
    """The figures of every registered family for an area's subtree and a period."""

    @extend_schema(parameters=[FamilyFiguresQuerySerializer], responses=AllFiguresSerializer)
    @summaries.reading()
    def get(self, request):
        params = FamilyFiguresQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        node = area_for(request.user, data.get("area") or None)
        if data.get("start"):
            period = Period(data["start"], data["end"] + timedelta(days=1))
        else:
            period = preset(DEFAULT)
        by = data.get("by") or None
        body = {
            "area": _area(node) if node else None,
            "period": {"start": period.start, "end": period.end - timedelta(days=1)},
            "by": by,
            "families": [],
        }
        if node is None:
            return Response(AllFiguresSerializer(body).data)
        for family in families():
            entry = {
                "name": family.name,
                "label": str(family.label),
                "section": family.section,
                "period_based": family.period_based,
                "categories": str(family.categories) if family.categories else None,
                "measures": [
                    {
                        "key": m.key,
                        "label": str(m.label),
                        "unit": str(m.unit),
                        "kind": m.kind,
                        "higher_is_better": m.higher_is_better,
                        "headline": m.headline,
                        "league": m.league,
                    }
                    for m in family.measures
                ],
            }
            if by is None:
                entry["values"] = family.compute(node, period)
            elif by in family.breakdowns:
                entry["rows"] = _rows(node, by, family.compute(node, period, by=by))
            else:
                entry["rows"] = []
            body["families"].append(entry)
        return Response(AllFiguresSerializer(body).data)
