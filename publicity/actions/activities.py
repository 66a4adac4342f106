"""Recording publicity activities: one atomic step, checked like the form and the API."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grids.images import clean_photo
from grids.models import Area, User
from publicity.models import Activity, ActivityPhoto, Campaign

COUNTS = ("items_pushed", "copies_handed_out", "people_reached", "attendance")


@transaction.atomic
def record_activity(
    *,
    by: User,
    campaigns: Iterable[Campaign],
    channel: str,
    area: Area,
    date: date | None = None,
    title: str = "",
    material=None,
    items_pushed: int = 0,
    copies_handed_out: int = 0,
    people_reached: int = 0,
    attendance: int = 0,
    reach_confirmed: bool = False,
    note: str = "",
    photos: Iterable = (),
) -> Activity:
    """An activity under one or more campaigns, with its photos; nothing is saved on error."""
    campaigns = list(campaigns)
    # Re-read: the tree numbers (lft/rght) of a caller's copy may be stale.
    area = Area.objects.get(pk=area.pk)
    if not by.holds_role_over(area, Activity.edit_roles):
        raise PermissionDenied(_("You may record activities only in your own area."))
    visible = set(Campaign.objects.visible_to(by).filter(pk__in=[c.pk for c in campaigns]))
    if len(visible) != len({c.pk for c in campaigns}):
        raise ValidationError({"campaigns": _("Choose campaigns that concern your area.")})
    activity = Activity(
        channel=channel,
        area=area,
        title=title,
        material=material,
        items_pushed=items_pushed,
        copies_handed_out=copies_handed_out,
        people_reached=people_reached,
        attendance=attendance,
        reach_confirmed=reach_confirmed,
        note=note,
        run_by=by,
    )
    if date is not None:
        activity.date = date
    errors: dict = {}
    try:
        activity.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        activity.clean_campaigns(campaigns)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    # Photos are checked before anything is written: a bad photo leaves no half activity.
    cleaned = []
    for upload in photos:
        try:
            cleaned.append(clean_photo(upload))
        except ValidationError as error:
            errors.setdefault("photos", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    activity.save()
    activity.campaigns.set(campaigns)
    for content in cleaned:
        photo = ActivityPhoto(activity=activity, uploaded_by=by)
        photo.image.save(content.name, content, save=False)
        photo.save()
    return activity
