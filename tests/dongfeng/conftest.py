"""The overview's world: January 2026's requests in two communities, and how to read a tile."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from grids.choices import RequestStatus
from grids.models import ServiceRequest
from tests.grids.factories import ServiceRequestFactory

JANUARY = {"period": "custom", "start": "2026-01-01", "end": "2026-01-31"}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def filed(area, created, **state) -> ServiceRequest:
    request = ServiceRequestFactory(area=area)
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=created,
        response_due_at=created + timedelta(hours=2),
        resolve_due_at=created + timedelta(days=3),
        **state,
    )
    return request


def resolved(area, created):
    return filed(
        area,
        created,
        status=RequestStatus.RESOLVED,
        accepted_at=created + timedelta(minutes=10),
        resolved_at=created + timedelta(hours=5),
        rating=5,
    )


@pytest.fixture
def figures_world(world):
    """January 2026: C1 three requests (GA two, GB one), C2 one; December 2025: C1 two."""
    resolved(world.ga, local(2026, 1, 5, 9))
    resolved(world.ga, local(2026, 1, 6, 9))
    filed(world.bb1, local(2026, 1, 7, 9), status=RequestStatus.REJECTED)
    resolved(world.gc, local(2026, 1, 8, 9))
    resolved(world.ga, local(2025, 12, 5, 9))
    resolved(world.gb, local(2025, 12, 6, 9))
    return world


def tile(page: str, measure: str) -> str:
    """The text of one tile's value."""
    match = re.search(
        rf'data-measure="{re.escape(measure)}">\s*<span class="tile-label">[^<]*</span>\s*'
        r'<b class="tile-value">([^<]*)',
        page,
    )
    assert match, f"no tile {measure}"
    return match.group(1).strip()
