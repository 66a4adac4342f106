"""Recording publicity activities: one atomic step, checked like the form and the API."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grids.images import clean_photo
from grids.models import Area, User
from grids.querysets import ACTION_CHANGE
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
    return _check_and_save(activity, campaigns, photos, by=by)


def _check_and_save(activity: Activity, campaigns: list, photos: Iterable, *, by: User):
    """The rules of the model and of its campaigns, and the photos, all checked before
    anything is written; then the row, its campaigns and its photos."""
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


EDITABLE = (
    "channel",
    "date",
    "area",
    "title",
    "material",
    "items_pushed",
    "copies_handed_out",
    "people_reached",
    "attendance",
    "reach_confirmed",
    "note",
)


def _may_change(activity: Activity, by: User) -> bool:
    return Activity.objects.visible_to(by, ACTION_CHANGE).filter(pk=activity.pk).exists()


@transaction.atomic
def change_activity(
    activity: Activity, *, by: User, campaigns: Iterable[Campaign], photos: Iterable = (), **fields
) -> Activity:
    """Correct an activity, checked like a new one (dates inside its campaigns, counts not
    negative, a reach above ten times the population confirmed). The editor roles of its
    area and whoever recorded it may; moving it to another area needs a role there too."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not _may_change(activity, by):
        raise PermissionDenied(_("Only the area's staff or whoever recorded it may change it."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    area = fields.get("area")
    if area is not None and area.pk != activity.area_id:
        area = fields["area"] = Area.objects.get(pk=area.pk)
        if not by.holds_role_over(area, Activity.edit_roles):
            raise ValidationError({"area": _("You may record activities only in your own area.")})
    campaigns = list(campaigns)
    held = set(activity.campaigns.values_list("pk", flat=True))
    visible = set(
        Campaign.objects.visible_to(by)
        .filter(pk__in=[c.pk for c in campaigns])
        .values_list("pk", flat=True)
    )
    if any(c.pk not in visible and c.pk not in held for c in campaigns):
        raise ValidationError({"campaigns": _("Choose campaigns that concern your area.")})
    for name, value in fields.items():
        setattr(activity, name, value)
    return _check_and_save(activity, campaigns, photos, by=by)


@transaction.atomic
def delete_activity(activity: Activity, *, by: User) -> None:
    """Remove an activity recorded by mistake; the campaigns' figures no longer count it."""
    if not _may_change(activity, by):
        raise PermissionDenied(_("Only the area's staff or whoever recorded it may change it."))
    activity.delete()
