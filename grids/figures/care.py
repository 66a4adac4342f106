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
from grids.figures.subtree import children_of, grouped, in_subtree, rate
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Section,
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
        kw = {"by": by, "children": children_of(node) if by == BY_CHILD else None}
        if by == BY_CATEGORY:
            labels = dict(CareVisitKind.choices)
            rows = grouped(
                done,
                visit_aggregates,
                path="care_file__area",
                category=("kind", lambda code: str(labels.get(code, code))),
                **kw,
            )
            for row in rows.values():
                row.pop("files_visited")
            return rows
        if by == BY_MONTH:
            return self._by_month(files, done, visit_aggregates, overdue, node, period)
        file_rows = grouped(files, {"care_files": Count("pk")}, path="area", **kw)
        visit_rows = grouped(done, visit_aggregates, path="care_file__area", **kw)
        overdue_rows = grouped(
            overdue, {"overdue_visits": Count("pk")}, path="care_file__area", **kw
        )
        if by is None:
            return _finish({**file_rows, **visit_rows, **overdue_rows})
        keys = set(file_rows) | set(visit_rows) | set(overdue_rows)
        return {
            key: _finish(
                {
                    **file_rows.get(key, {"care_files": 0}),
                    **visit_rows.get(
                        key, {"care_visits": 0, "residents_visited": 0, "files_visited": 0}
                    ),
                    **overdue_rows.get(key, {"overdue_visits": 0}),
                }
            )
            for key in keys
        }

    def _by_month(self, files, done, visit_aggregates, overdue, node, period) -> dict:
        """Per month: files active by the month's end (a running total), that month's visits."""
        before = files.filter(opened_on__lt=period.start).count()
        opened = grouped(
            files.filter(opened_on__gte=period.start),
            {"opened": Count("pk")},
            by=BY_MONTH,
            path="area",
            month_field="opened_on",
        )
        visits = grouped(
            done,
            visit_aggregates,
            by=BY_MONTH,
            path="care_file__area",
            month_field="visited_on",
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


def _finish(row: dict) -> dict:
    row.setdefault("care_files", 0)
    row["visit_coverage"] = rate(row.pop("files_visited", 0), row["care_files"])
    return row
