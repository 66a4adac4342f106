"""The inbox on big lists: pages fetched per rank in the inbox's order, counts capped."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grids.models import RequestCategory, ServiceRequest
from grids.views.requests import InboxView

STATUSES = ["new", "escalated", "accepted", "deferred", "resolved", "rejected"]


def _bulk(world, n, *, statuses=("new",), overdue_every=0):
    """`n` requests in grid A, one minute apart, cycling over `statuses`; every
    `overdue_every`-th one past its acceptance deadline."""
    category = RequestCategory.objects.get(code="repair")
    now = timezone.now()
    rows = []
    for i in range(n):
        created = now - timedelta(minutes=i + 1)
        late = overdue_every and i % overdue_every == 0
        rows.append(
            ServiceRequest(
                area=world.ba1,
                grid=world.ga,
                category=category,
                description=f"批量 {i}",
                status=statuses[i % len(statuses)],
                created_at=created,
                response_due_at=now - timedelta(seconds=1) if late else now + timedelta(hours=2),
                resolve_due_at=now + timedelta(days=3),
                tracking_code=f"BULK{i:08d}",
            )
        )
    ServiceRequest.objects.bulk_create(rows)


def test_the_inbox_pages_follow_the_inbox_order_across_every_rank(world, as_user, monkeypatch):
    monkeypatch.setattr(InboxView, "paginate_by", 4)
    _bulk(world, 23, statuses=STATUSES, overdue_every=5)
    client = as_user(world.worker_a)
    expected = list(
        ServiceRequest.objects.filter(grid=world.ga).for_inbox().values_list("pk", "inbox_rank")
    )
    assert {rank for _, rank in expected} == {0, 1, 2, 3}
    shown = []
    for page in range(1, 7):  # 23 rows, 4 a page
        rows = client.get(f"/requests/?state=all&page={page}").context["object_list"]
        shown += [(row.pk, row.inbox_rank) for row in rows]
    assert shown == expected


def test_the_inbox_counts_no_further_than_a_page_beyond_the_one_shown(world, as_user, monkeypatch):
    monkeypatch.setattr(InboxView, "count_limit", 100)
    _bulk(world, 160)
    client = as_user(world.worker_a)

    first = client.get("/requests/")
    assert first.context["paginator"].capped
    assert "第 1 页，共 2+ 页" in first.content.decode()
    assert first.context["page_obj"].has_next()

    third = client.get("/requests/?page=3")  # counts up to 200 rows: all 160 of them
    assert not third.context["paginator"].capped
    assert "第 3 页，共 4 页" in third.content.decode()

    past_the_end = client.get("/requests/?page=9")
    assert past_the_end.context["page_obj"].number == 4
    assert len(past_the_end.context["object_list"]) == 10


@pytest.mark.parametrize("page", ["0", "-3"])
def test_a_page_number_below_one_shows_the_first_page(world, as_user, page):
    _bulk(world, 3)
    response = as_user(world.worker_a).get(f"/requests/?page={page}")
    assert response.context["page_obj"].number == 1


def test_a_page_that_is_not_a_number_is_a_404(world, as_user):
    assert as_user(world.worker_a).get("/requests/?page=abc").status_code == 404
