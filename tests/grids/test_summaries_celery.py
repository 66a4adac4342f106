"""The figure summaries refreshed by the beat task through a real Celery worker and the
real Redis broker: two runs at once (beat's and a manual one) write each day once, and the
figures read from the sums are the figures of the rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grids.generic import summaries
from grids.generic.figures import BY_CHILD, Period, family
from grids.models import FigureSummary, FigureSummaryState, ServiceRequest
from grids.tasks import refresh_figure_summaries_task
from tests.conftest import make_area, wait_for
from tests.grids import factories as gf

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_refreshes_the_summaries_once_however_many_runs_meet(
    live_worker, request_categories
):
    df = make_area("DF", "subdistrict")
    grids = [make_area(f"G{n}", "grid", make_area(f"C{n}", "community", df)) for n in (1, 2)]
    now = timezone.now()
    for days, grid in [(3, grids[0]), (3, grids[0]), (40, grids[1]), (0, grids[1])]:
        request = gf.ServiceRequestFactory(area=grid)
        ServiceRequest.objects.filter(pk=request.pk).update(created_at=now - timedelta(days=days))
    today = timezone.localdate()
    period = Period(today - timedelta(days=60), today + timedelta(days=1))
    requests = family("requests")
    live = {by: requests.compute(df, period, by=by) for by in (None, BY_CHILD)}

    for _run in range(3):  # beat's run, a manual one, a redelivered message
        refresh_figure_summaries_task.delay()
    names = {summary.name for summary in summaries.summaries()}
    wait_for(lambda: set(FigureSummaryState.objects.values_list("name", flat=True)) == names)
    wait_for(lambda: FigureSummaryState.objects.filter(through=today).count() == len(names))
    wait_for(lambda: not _queued())

    days = FigureSummary.objects.filter(name="requests", span=FigureSummary.Span.DAY)
    assert sorted(days.values_list("n0", flat=True)) == [1, 2]  # 3 days ago: both requests
    with summaries.reading():
        read = {by: requests.compute(df, period, by=by) for by in (None, BY_CHILD)}
    assert read == live
    assert read[None]["received"] == 4


def _queued() -> bool:
    from dongfeng.celery import app

    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen("celery") > 0
