"""Coverage of key places: when each was last patrolled, whether it is behind its frequency,
and the beat task's alert, once per place and lapse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grids import notifications
from grids.models import User
from patrols.choices import PATROL_ALERT_ROLES, PatrolAlertKind
from patrols.models import KeyPlace


@dataclass(frozen=True)
class Coverage:
    place: KeyPlace
    last_patrolled: datetime | None
    due_at: datetime
    behind: bool


def coverage(places: models.QuerySet[KeyPlace], now: datetime | None = None) -> list[Coverage]:
    """Per place, in one query: the last patrol (the database's MAX), when the next is due."""
    now = now or timezone.now()
    rows = []
    for place in places.with_coverage().select_related("area"):
        due_at = place.due_at(place.last_patrolled)
        rows.append(Coverage(place, place.last_patrolled, due_at, due_at < now))
    return rows


def responsible_for(area) -> list[User]:
    """Grid workers, community staff and police whose node contains `area`."""
    return list(
        User.objects.filter(
            is_active=True,
            assignments__role__in=PATROL_ALERT_ROLES,
            assignments__area__tree_id=area.tree_id,
            assignments__area__lft__lte=area.lft,
            assignments__area__rght__gte=area.lft,
        ).distinct()
    )


def send_coverage_alerts(now: datetime | None = None) -> int:
    """One alert per place that fell behind, keyed by the place and the moment it fell due:
    the task may run every few minutes and still tells each person once per lapse; a new
    patrol moves the due time, so the next lapse is a new alert."""
    now = now or timezone.now()
    behind = [row for row in coverage(KeyPlace.objects.all(), now) if row.behind]
    kind = PatrolAlertKind.PLACE_BEHIND
    with notifications.one_delivery_for_the_batch():
        for row in behind:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                last = (
                    timezone.localtime(row.last_patrolled).strftime("%Y-%m-%d %H:%M")
                    if row.last_patrolled
                    else _("never")
                )
                notifications.notify(
                    responsible_for(row.place.area),
                    kind=kind,
                    obj=row.place,
                    area=row.place.area,
                    text=_("%(place)s is behind its patrols (last patrolled: %(last)s).")
                    % {"place": row.place, "last": last},
                    due_at=row.due_at,
                    dedupe_key=notifications.dedupe_key(kind, row.place, row.due_at),
                )
    return len(behind)
