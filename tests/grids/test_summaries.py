"""The figures' summary tables (grids/generic/summaries.py) give the numbers the rows give.

The demo is seeded once for the module (rolled back after it). Every registered family is
computed twice for the same nodes, periods and breakdowns: live (no summary refreshed yet)
and from the summaries after a refresh (past days from the sums, today live). They must be
equal, key by key, for a sub-district, a community and a grid, for a period across a year
end, whole months (month rows) and the last weeks (day rows and today).
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grids.choices import RequestStatus
from grids.generic import summaries
from grids.generic.figures import BY_CATEGORY, Period, families
from grids.models import Area, FigureSummary, FigureSummaryState, ServiceRequest
from tests.conftest import rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        FigureSummary.objects.all().delete()
        FigureSummaryState.objects.all().delete()
        yield


def _today():
    return timezone.localdate()


def _periods():
    today = _today()
    first = today.replace(day=1)
    year_end = today.replace(month=1, day=1)
    return {
        "year to date": Period(year_end, today + timedelta(days=1)),
        "across the year end": Period(year_end - timedelta(days=45), year_end + timedelta(days=20)),
        "whole months": Period((first - timedelta(days=95)).replace(day=1), first),
        "last weeks": Period(today - timedelta(days=20), today + timedelta(days=1)),
    }


def _nodes():
    return [
        Area.objects.get(code="DF"),
        Area.objects.get(code="DF-01"),
        Area.objects.get(code="DF-03-02"),
    ]


def _everything():
    """{(family, node, period, by): figures} for every registered family."""
    out = {}
    for node in _nodes():
        for label, period in _periods().items():
            for family in families():
                for by in (None, *family.breakdowns):
                    if by == BY_CATEGORY and not family.categories:
                        continue
                    key = (family.name, node.code, label, by)
                    out[key] = family.compute(node, period, by=by)
    return out


def test_the_summaries_give_the_figures_the_rows_give(demo):
    assert summaries.summaries(), "no summary is registered"
    live = _everything()
    written = summaries.refresh_all()
    assert sum(written.values()) > 0
    assert FigureSummaryState.objects.filter(through=_today()).count() == len(written)
    with CaptureQueriesContext(connection) as queries:
        from_summaries = _everything()
    assert any("grids_figuresummary" in q["sql"] for q in queries.captured_queries)
    differing = [key for key in live if live[key] != from_summaries[key]]
    assert differing == [], [(key, live[key], from_summaries[key]) for key in differing[:3]]
    # As an overview reads them: each span's rows once per area and month (or category),
    # every breakdown added up from those.
    with summaries.reading():
        shared = _everything()
    differing = [key for key in live if live[key] != shared[key]]
    assert differing == [], [(key, live[key], shared[key]) for key in differing[:3]]


def test_read_together_the_live_rows_give_the_same_figures(demo):
    """Before any refresh everything is live: read once per overview or one by one."""
    FigureSummaryState.objects.all().delete()
    one_by_one = _everything()
    with summaries.reading():
        together = _everything()
    differing = [key for key in one_by_one if one_by_one[key] != together[key]]
    assert differing == [], [(k, one_by_one[k], together[k]) for k in differing[:3]]


def test_a_summarised_day_is_read_from_the_sums_and_today_from_the_rows(demo):
    summaries.refresh_all()
    requests = next(s for s in summaries.summaries() if s.name == "requests")
    node = Area.objects.get(code="DF")
    today = _today()
    period = Period(today - timedelta(days=30), today + timedelta(days=1))
    before = summaries.summed(requests, node, period)[None]["received"]

    # A request moved into the period (ten days ago) after the refresh is not in the sums
    # until the next one.
    old = ServiceRequest.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=100), grid__isnull=False
    ).first()
    assert old is not None
    ServiceRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    assert summaries.summed(requests, node, period)[None]["received"] == before
    summaries.refresh(requests)
    assert summaries.summed(requests, node, period)[None]["received"] == before + 1

    # One filed now counts at once: today is read live.
    ServiceRequest.objects.filter(pk=old.pk).update(created_at=timezone.now())
    summaries.refresh(requests)
    assert summaries.summed(requests, node, period)[None]["received"] == before + 1


def test_a_late_change_reaches_the_sums_at_the_next_refresh(demo):
    summaries.refresh_all()
    requests = next(s for s in summaries.summaries() if s.name == "requests")
    node = Area.objects.get(code="DF")
    today = _today()
    period = Period(today - timedelta(days=60), today)
    closed = summaries.summed(requests, node, period)[None]["closed"]
    # A request of the last weeks reopened (deferred) after the refresh.
    reopened = ServiceRequest.objects.filter(
        created_at__gte=timezone.now() - timedelta(days=30),
        created_at__lt=timezone.now() - timedelta(days=2),
        status=RequestStatus.RESOLVED,
    ).first()
    assert reopened is not None, "the demo has a resolved request of the last weeks"
    ServiceRequest.objects.filter(pk=reopened.pk).update(status=RequestStatus.DEFERRED)
    assert summaries.summed(requests, node, period)[None]["closed"] == closed
    summaries.refresh(requests)
    assert summaries.summed(requests, node, period)[None]["closed"] == closed - 1


def test_a_full_rebuild_writes_the_same_sums_as_the_incremental_refresh(demo):
    summaries.refresh_all()

    def snapshot():
        return sorted(
            FigureSummary.objects.values_list(
                "name", "span", "day", "area_id", "category", "n0", "n1", "n2", "n3", "n4"
            )
        )

    incremental = snapshot()
    summaries.refresh_all(full=True)
    assert snapshot() == incremental
    assert FigureSummaryState.objects.exclude(full_at=None).count() == len(summaries.summaries())


def test_the_command_refreshes_every_summary(demo):
    out = io.StringIO()
    call_command("refresh_summaries", stdout=out)
    for summary in summaries.summaries():
        assert f"{summary.name}: " in out.getvalue()
    assert set(FigureSummaryState.objects.values_list("name", flat=True)) >= {
        s.name for s in summaries.summaries()
    }


def test_beat_refreshes_the_summaries_every_quarter_of_an_hour_and_rebuilds_them_nightly(
    settings,
):
    from dongfeng.celery import app

    tasks = {
        name: entry
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] == "grids.tasks.refresh_figure_summaries_task"
    }
    assert len(tasks) == 2
    assert {entry.get("kwargs", {}).get("full", False) for entry in tasks.values()} == {
        False,
        True,
    }
    app.loader.import_default_modules()
    assert "grids.tasks.refresh_figure_summaries_task" in app.tasks
