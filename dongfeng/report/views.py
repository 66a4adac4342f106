"""The work report page (/report/) and its exports (/report/export/, .docx or PDF).

GET composes the report for the chosen area and period and shows it in a form to edit;
the export is a POST of that edited text (CSRF-protected, validated, audited), so the file
carries the official's words, never a fresh composition.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from dongfeng.report import export
from dongfeng.report.compose import Report, chinese_date, compose
from dongfeng.report.forms import (
    YEAR_TO_DATE,
    ReportQueryForm,
    ReportTextForm,
    may_report,
    period_of,
    report_areas,
    top_area,
)
from grids.generic.views import PageMixin
from grids.models import AuditEntry

TEMPLATE = "dongfeng/report/report.html"


def initial_text(report: Report) -> dict:
    """The composed report as the text form's initial values."""
    last = report.period.end - date.resolution
    initial = {
        "area": report.area.code,
        "start": report.period.start,
        "end": last,
        "title": report.title,
        "intro": report.intro,
    }
    for section in report.sections:
        initial[f"section_{section.key}"] = section.text
    return initial


class ReportPageMixin(PageMixin):
    """Only those who write reports (officials, community staff) find the page; to anyone
    else it does not exist (404), like every page outside a user's scope."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_report(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ReportView(ReportPageMixin, View):
    """/report/?area=CODE&period=ytd|last_year|YYYY-Qn|custom&start=&end=: the report to edit."""

    def get(self, request):
        user, today = request.user, timezone.localdate()
        bound = bool(request.GET)
        code = request.GET.get("area")
        if code and "\x00" in code:  # PostgreSQL refuses NUL in a string: no such area
            raise Http404
        # An area the user may not report on answers 404, like a missing one.
        area = get_object_or_404(report_areas(user), code=code) if code else top_area(user)
        if area is None:
            raise Http404
        query = ReportQueryForm(
            request.GET if bound else None,
            initial={"area": area, "period": YEAR_TO_DATE},
            user=user,
            today=today,
        )
        context = {"query": query, "area": area}
        if bound and not query.is_valid():
            return render(request, TEMPLATE, context)  # the field errors, no report
        period = query.chosen_period() if bound else period_of(YEAR_TO_DATE, today)
        report = compose(area, period, today=today)
        context.update(report=report, text=ReportTextForm(initial=initial_text(report)))
        return render(request, TEMPLATE, context)


class ReportExportView(ReportPageMixin, View):
    """POST /report/export/: the edited text as .docx or PDF (format=docx|pdf)."""

    def post(self, request):
        user, today = request.user, timezone.localdate()
        text = ReportTextForm(request.POST)
        area = None
        if text.is_valid():
            area = get_object_or_404(report_areas(user), code=text.cleaned_data["area"])
        else:
            code = request.POST.get("area", "").replace("\x00", "")
            area = report_areas(user).filter(code=code).first() or top_area(user)
            if area is None:
                raise Http404
            query = ReportQueryForm(initial={"area": area}, user=user, today=today)
            # The edited text comes back with its errors; nothing is exported.
            return render(request, TEMPLATE, {"query": query, "area": area, "text": text})
        data = text.cleaned_data
        doc = export.Document(
            title=data["title"],
            date_line=f"统计期间：{chinese_date(data['start'])}至{chinese_date(data['end'])}",
            intro=[line.strip() for line in data["intro"].splitlines() if line.strip()],
            sections=text.sections(),
            signature=f"{area.name}\n{chinese_date(today)}",
        )
        fmt = data["format"]
        if fmt == "docx":
            body, content_type = export.to_docx(doc), export.DOCX_TYPE
        else:
            body, content_type = export.to_pdf(doc), export.PDF_TYPE
        AuditEntry.record(
            user,
            AuditEntry.Action.VIEW,
            area,
            f"work report exported ({fmt}) {data['start']}–{data['end']}",
        )
        response = HttpResponse(body, content_type=content_type)
        filename = f"report-{area.code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
