"""Starting a campaign with its target areas, topics, partners and goals, in one step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grids.models import Area, User
from publicity.models import Campaign, CampaignGoal


@transaction.atomic
def start_campaign(
    *,
    by: User,
    title: str,
    area: Area,
    start: date,
    end: date,
    topics: Iterable,
    areas: Iterable[Area] = (),
    partners: Iterable = (),
    goals: Mapping[str, int] | None = None,
    description: str = "",
    owner: User | None = None,
) -> Campaign:
    """A campaign organised by `area`, targeting `areas` (default: `area` itself)."""
    # Re-read: the tree numbers (lft/rght) of a caller's copy may be stale.
    area = Area.objects.get(pk=area.pk)
    if not by.holds_role_over(area, Campaign.edit_roles):
        raise PermissionDenied(_("You may start campaigns only in your own area."))
    areas = list(Area.objects.filter(pk__in=[a.pk for a in areas])) or [area]
    topics = list(topics)
    campaign = Campaign(
        title=title, area=area, start=start, end=end, description=description, owner=owner or by
    )
    campaign.full_clean()
    if not topics:
        raise ValidationError({"topics": _("Choose at least one topic.")})
    outside = [
        a for a in areas if not (a.tree_id == area.tree_id and area.lft <= a.lft <= area.rght)
    ]
    if outside:
        raise ValidationError(
            {"areas": _("Target areas must lie inside %(area)s.") % {"area": area}}
        )
    campaign.save()
    campaign.areas.set(areas)
    campaign.topics.set(topics)
    campaign.partners.set(list(partners))
    goal_rows = [
        CampaignGoal(campaign=campaign, metric=m, target=t) for m, t in (goals or {}).items()
    ]
    for goal in goal_rows:
        goal.full_clean(exclude=["campaign"])
    CampaignGoal.objects.bulk_create(goal_rows)
    return campaign
