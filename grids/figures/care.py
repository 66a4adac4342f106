"""Care figures (family `care`): files, visits, residents visited, coverage, overdue visits.

care_files          active files opened before the period's end (state at its end)
care_visits         visits done in the period (meal, medicine, health check …)
residents_visited   distinct residents with a visit in the period
visit_coverage      active files with a visit in the period ÷ care_files (None for 0)
overdue_visits      planned visits past their day now (not period-based)
"""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import CareFileStatus, CareVisitKind, CareVisitStatus
from grids.generic.figures import (
    BY_CATEGORY,
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Section,
    breakdown_nodes,
    finish,
    grouped,
    in_subtree,
    rate,
)
from grids.masking import mask_name
from grids.models import CareFile, CareVisit


class CareFamily(FigureFamily):
    name = "care"
    label = _("Care for vulnerable residents")
    section = Section.SELF_GOVERNANCE
    weight = 20
    categories = _("Visit kind")
    measures = (
        Measure("care_files", _("Care files"), unit=_("files")),
        Measure("care_visits", _("Care visits"), unit=_("visits")),
        Measure("residents_visited", _("Residents visited"), unit=_("people")),
        Measure("visit_coverage", _("Visit coverage"), kind=Kind.RATE, league=True),
        Measure(
            "overdue_visits", _("Care visits overdue"), unit=_("visits"), higher_is_better=False
        ),
    )

    def compute(self, node, period, *, by=None) -> dict:
        today = timezone.localdate()
        files = CareFile.objects.filter(
            in_subtree(node, "area"), status=CareFileStatus.ACTIVE, opened_on__lt=period.end
        )
        visits = CareVisit.objects.filter(in_subtree(node, "care_file__area"))
        done = visits.filter(
            status=CareVisitStatus.DONE,
            visited_on__gte=period.start,
            visited_on__lt=period.end,
        )
        active_file = Q(
            care_file__status=CareFileStatus.ACTIVE, care_file__opened_on__lt=period.end
        )
        visit_aggregates = {
            "care_visits": Count("pk"),
            "residents_visited": Count("care_file__person", distinct=True),
            "files_visited": Count("care_file", distinct=True, filter=active_file),
        }
        overdue = visits.filter(status=CareVisitStatus.PLANNED, due_on__lt=today)
        if by == BY_CATEGORY:
            labels = dict(CareVisitKind.choices)
            rows = grouped(
                done,
                node,
                by,
                aggregates=visit_aggregates,
                path="care_file__area",
                category="kind",
            )
            for row in rows.values():
                row.pop("files_visited")
            return {str(labels.get(code, code)): row for code, row in rows.items()}
        if by == BY_MONTH:
            return self._by_month(files, done, visit_aggregates, node, period)
        kw = {"children": breakdown_nodes(node, by)}  # read once, shared by the three queries
        parts = [
            grouped(files, node, by, aggregates={"care_files": Count("pk")}, path="area", **kw),
            grouped(done, node, by, aggregates=visit_aggregates, path="care_file__area", **kw),
            grouped(
                overdue,
                node,
                by,
                aggregates={"overdue_visits": Count("pk")},
                path="care_file__area",
                **kw,
            ),
        ]
        return finish(parts, by, period, ZERO, _finish)

    def _by_month(self, files, done, visit_aggregates, node, period) -> dict:
        """Per month: files active by the month's end (a running total), that month's visits."""
        before = files.filter(opened_on__lt=period.start).count()
        opened = grouped(
            files.filter(opened_on__gte=period.start),
            node,
            BY_MONTH,
            aggregates={"opened": Count("pk")},
            path="area",
            when="opened_on",
        )
        visits = grouped(
            done,
            node,
            BY_MONTH,
            aggregates=visit_aggregates,
            path="care_file__area",
            when="visited_on",
        )
        out, running = {}, before
        for month in period.months():
            running += opened.get(month, {}).get("opened", 0)
            row = visits.get(month, {"care_visits": 0, "residents_visited": 0, "files_visited": 0})
            out[month] = _finish({"care_files": running, **row, "overdue_visits": None})
        return out

    def overdue(self, node, now, *, limit: int = 20) -> list[dict]:
        late = (
            CareVisit.objects.overdue(timezone.localdate(now))
            .filter(in_subtree(node, "care_file__area"))
            .select_related("care_file__person", "care_file__area")
            .order_by("due_on", "pk")[:limit]
        )
        return [
            {
                "label": f"{visit.care_file.get_kind_display()} · "
                f"{mask_name(visit.care_file.person.name)}",
                "url": visit.care_file.get_absolute_url(),
                "area": visit.care_file.area.full_name,
                "due_at": timezone.make_aware(datetime.combine(visit.due_on, time.min)),
            }
            for visit in late
        ]


ZERO = {
    "care_files": 0,
    "care_visits": 0,
    "residents_visited": 0,
    "files_visited": 0,
    "overdue_visits": 0,
}


def _finish(row: dict) -> dict:
    row["visit_coverage"] = rate(row.pop("files_visited", 0), row["care_files"])
    return row
