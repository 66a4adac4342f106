"""The overview's and the report's figures are shared for FIGURES_CACHE_SECONDS per node
and period: a second look costs a handful of queries, never shows another node's figures,
and a dead cache only makes the page slower. Older figures, up to FIGURES_STALE_SECONDS,
are shown at once while the worker computes them anew."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grids.generic import figures
from grids.generic.figures import Period
from tests.conftest import make_user, wait_for
from tests.dongfeng.conftest import JANUARY, local, resolved, tile

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    """The cache on, in this process's memory (clear() must not flush the suite's Redis)."""
    settings.FIGURES_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def _get(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/overview/", params)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_a_second_look_reads_the_figures_from_the_cache(figures_world, as_user, cached):
    first, computing = _get(as_user(figures_world.street_official), JANUARY)
    # Another official of the sub-district: the same node and period.
    colleague = make_user("zhou", "official", figures_world.df)
    again, reading = _get(as_user(colleague), JANUARY)
    assert tile(first, "requests.received") == tile(again, "requests.received") == "4"
    assert reading < computing / 3, (reading, computing)
    assert 'id="computed-at"' in again

    # A request filed meanwhile shows once the shared figures expire.
    resolved(figures_world.gc, local(2026, 1, 9, 9))
    assert tile(_get(as_user(colleague), JANUARY)[0], "requests.received") == "4"
    cache.clear()
    assert tile(_get(as_user(colleague), JANUARY)[0], "requests.received") == "5"


def test_each_node_and_period_has_its_own_figures(figures_world, as_user, cached):
    official = as_user(figures_world.street_official)
    assert tile(_get(official, JANUARY)[0], "requests.received") == "4"
    community = as_user(figures_world.community_official)  # C1: three of the four
    assert tile(_get(community, JANUARY)[0], "requests.received") == "3"
    december = {"period": "custom", "start": "2025-12-01", "end": "2025-12-31"}
    assert tile(_get(community, december)[0], "requests.received") == "2"
    # The cache does not open another node: C2 stays closed to C1's staff.
    assert community.get("/overview/", {"area": "C2", **JANUARY}).status_code == 404


def test_without_the_cache_the_page_is_computed(figures_world, as_user, settings):
    settings.FIGURES_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    client = as_user(figures_world.street_official)
    page, _queries = _get(client, JANUARY)
    assert tile(page, "requests.received") == "4"


def test_the_report_shares_the_figures_of_its_node_and_period(figures_world, as_user, cached):
    official = as_user(figures_world.street_official)
    params = {"area": "DF", **JANUARY}
    with CaptureQueriesContext(connection) as computing:
        first = official.get("/report/", params).context["report"]
    with CaptureQueriesContext(connection) as reading:
        again = official.get("/report/", params).context["report"]
    assert len(reading.captured_queries) < len(computing.captured_queries) / 2
    assert again.figures == first.figures
    assert again.figures["requests"]["received"] == 4
    assert [s.paragraphs for s in again.sections] == [s.paragraphs for s in first.sections]


@pytest.mark.django_db(transaction=True)
def test_stale_figures_show_at_once_while_the_worker_renews_them(
    request_categories, figures_world, as_user, cached, live_worker, settings
):
    # (request_categories: an earlier transactional test may have flushed them)
    settings.FIGURES_STALE_SECONDS = 900
    client = as_user(figures_world.street_official)
    assert tile(_get(client, JANUARY)[0], "requests.received") == "4"
    resolved(figures_world.gc, local(2026, 1, 9, 9))  # a fifth request of January

    # Two minutes later: past fresh, within stale.
    january = Period(date(2026, 1, 1), date(2026, 2, 1))
    key = figures._shared_key(
        "overview", {**figures.node_params(figures_world.df, january), "grids": 1}
    )
    at, value = cache.get(key)
    cache.set(key, (at - 120, value), 1000)

    page, queries = _get(client, JANUARY)
    assert tile(page, "requests.received") == "4"  # at once, as they were read
    assert queries < 20
    wait_for(lambda: tile(_get(client, JANUARY)[0], "requests.received") == "5")


def test_what_was_viewed_today_is_renewed_before_it_would_turn_cold(
    figures_world, as_user, cached, settings
):
    settings.FIGURES_STALE_SECONDS = 900
    settings.FIGURES_WARM_EVERY = 300
    settings.FIGURES_WARM_SECONDS = 8 * 3600
    client = as_user(figures_world.street_official)
    assert tile(_get(client, JANUARY)[0], "requests.received") == "4"  # computed, noted
    assert figures.warm() == 0  # fresh: nothing to renew

    resolved(figures_world.gc, local(2026, 1, 9, 9))  # a fifth request of January
    january = Period(date(2026, 1, 1), date(2026, 2, 1))
    key = figures._shared_key(
        "overview", {**figures.node_params(figures_world.df, january), "grids": 1}
    )
    at, value = cache.get(key)
    cache.set(key, (at - 660, value), 1000)  # 11 minutes old: cold before the next run
    assert figures.warm() == 1
    page, queries = _get(client, JANUARY)
    assert tile(page, "requests.received") == "5"  # renewed by beat, read at once
    assert queries < 20

    # Viewed nine hours ago and gone from the cache since: left cold.
    views = cache.get(figures.VIEWS_KEY)
    cache.set(figures.VIEWS_KEY, {noted: at - 9 * 3600 for noted in views}, 3600)
    cache.delete(key)
    assert figures.warm() == 0
    assert cache.get(key) is None


def test_beat_warms_the_shared_figures(settings):
    from dongfeng.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["warm-shared-figures"]
    assert entry["task"] == "grids.tasks.warm_shared_figures_task"
    assert entry["schedule"] == settings.FIGURES_WARM_EVERY
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
