"""Door-knocking rounds: recording a round, and an issue found filed as a resident request in
one step through grids' own filing action (source "door_knocking"), linked both ways."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grids.actions.requests import submit_request
from grids.choices import AreaKind, RequestSource
from grids.models import Area, DoorKnockIssue, DoorKnockRound, RequestCategory, ServiceRequest, User
from grids.models.care import within


@transaction.atomic
def save_round(
    round_: DoorKnockRound,
    *,
    by: User,
    participants=None,
    volunteers=None,
    buildings=None,
) -> DoorKnockRound:
    """Create or change a round; the buildings visited must lie in its grid."""
    if round_.pk is None:
        round_.created_by = by
    round_.full_clean()
    outside = [
        b for b in buildings or [] if b.kind != AreaKind.BUILDING or not within(b, round_.grid)
    ]
    if outside:
        raise ValidationError(
            {"buildings": _("%(name)s is not a building of this grid.") % {"name": outside[0]}}
        )
    round_.save()
    if participants is not None:
        round_.participants.set(participants)
    if volunteers is not None:
        round_.volunteers.set(volunteers)
    if buildings is not None:
        round_.buildings.set(buildings)
    return round_


@transaction.atomic
def report_issue(
    round_: DoorKnockRound,
    *,
    by: User,
    category: RequestCategory,
    description: str,
    building: Area | None = None,
    now: datetime | None = None,
) -> ServiceRequest:
    """File what the round found as a resident request at the building (or the grid): the
    grid worker is alerted by grids' filing action; the request links back to the round."""
    if building is not None and (
        building.kind != AreaKind.BUILDING or not within(building, round_.grid)
    ):
        raise ValidationError({"building": _("This building is not in the round's grid.")})
    request = submit_request(
        area=building or round_.grid,
        category=category,
        description=description,
        source=RequestSource.DOOR_KNOCKING,
        by=by,
        now=now,
    )
    DoorKnockIssue.objects.create(round=round_, request=request, created_at=request.created_at)
    return request
