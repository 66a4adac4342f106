"""GET /api/v1/report/?area=CODE&start=YYYY-MM-DD&end=YYYY-MM-DD: the composed work report.

The same composition as the page (dongfeng/report/compose.py), before any editing: the
title, the period line, the opening paragraph, the four sections with their paragraphs, and
the figures each family computed. `area` defaults to the caller's top node, the dates to the
year so far; `end` is the last day counted. Scoped like the page: only officials and
community staff (and administrators) report, on the nodes under their assignments.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dongfeng.report.compose import compose
from dongfeng.report.forms import may_report, report_areas, top_area
from grids.api.base import DATE_RANGE_HELP, DateField
from grids.generic.figures import Period

END_BEFORE_START = "The last day comes before the first day."


class ReportQuerySerializer(serializers.Serializer):
    area = serializers.CharField(
        required=False, max_length=50, help_text="An area code; default: the caller's top node."
    )
    start = DateField(required=False, help_text=f"First day; default 1 January. {DATE_RANGE_HELP}")
    end = DateField(required=False, help_text=f"Last day counted; default today. {DATE_RANGE_HELP}")

    def validate_area(self, code: str):
        area = report_areas(self.context["request"].user).filter(code=code).first()
        if area is None:  # missing and out of scope answer alike
            raise serializers.ValidationError(_("No area with this code."))
        return area

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end < start:
            raise serializers.ValidationError({"end": [_(END_BEFORE_START)]})
        return attrs


class ReportAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ReportSectionSerializer(serializers.Serializer):
    key = serializers.ChoiceField(
        choices=["organisation", "disputes", "prevention", "self_governance"]
    )
    heading = serializers.CharField(help_text="一、资源与组织 …")
    paragraphs = serializers.ListField(
        child=serializers.CharField(), help_text="Empty when the period holds no figure for it."
    )


@extend_schema_field(
    {
        "type": "object",
        "description": "Family name → measure key → value (counts are integers, rates "
        "fractions in [0, 1] or null when their base is 0), as grids/generic/figures.py "
        "computes them.",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": {"type": "number", "nullable": True},
        },
    }
)
class FiguresField(serializers.DictField):
    pass


class ReportSerializer(serializers.Serializer):
    area = ReportAreaSerializer()
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day counted.")
    title = serializers.CharField()
    date_line = serializers.CharField()
    intro = serializers.CharField()
    sections = ReportSectionSerializer(many=True)
    figures = FiguresField()


class ReportAPIView(APIView):
    """The period's work report in Chinese, composed from the figures of every family."""

    @extend_schema(
        parameters=[ReportQuerySerializer],
        responses={200: ReportSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        user, today = request.user, timezone.localdate()
        if not may_report(user):
            raise Http404
        params = ReportQuerySerializer(data=request.query_params, context={"request": request})
        params.is_valid(raise_exception=True)
        area = params.validated_data.get("area") or top_area(user)
        if area is None:
            raise Http404
        start = params.validated_data.get("start") or date(today.year, 1, 1)
        end = params.validated_data.get("end") or max(today, start)
        if end < start:
            raise serializers.ValidationError({"end": [_(END_BEFORE_START)]})
        report = compose(area, Period(start, end + timedelta(days=1)), today=today)
        return Response(
            ReportSerializer(
                {
                    "area": area,
                    "start": start,
                    "end": end,
                    "title": report.title,
                    "date_line": report.date_line,
                    "intro": report.intro,
                    "sections": report.sections,
                    "figures": report.figures,
                }
            ).data
        )
