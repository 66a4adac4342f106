"""School guard posts: school days from the term calendar, the rota generator, swaps,
check-in, and the alert when a post starts with nobody checked in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grids import notifications
from grids.models import Person, User
from grids.transitions import TransitionError
from patrols.actions.places import responsible_for
from patrols.choices import PATROL_ADMIN_ROLES, HalfDay, PatrolAlertKind
from patrols.models import GuardDuty, GuardSlot, School, SchoolTerm
from patrols.models.guard_posts import SLOT_HOURS


def school_days(term: SchoolTerm) -> list[date]:
    """Monday to Friday inside the term, without its holidays."""
    off = set()
    for holiday in term.holidays.all():
        day = holiday.starts_on
        while day <= holiday.ends_on:
            off.add(day)
            day += timedelta(days=1)
    days, day = [], term.starts_on
    while day <= term.ends_on:
        if day.weekday() < 5 and day not in off:
            days.append(day)
        day += timedelta(days=1)
    return days


def _who(member: User | Person) -> tuple[str, int]:
    return ("user", member.pk) if isinstance(member, User) else ("person", member.pk)


@transaction.atomic
def generate_guard_rota(
    school: School,
    term: SchoolTerm,
    people: Sequence[User | Person],
    *,
    per_slot: int = 2,
) -> list[GuardSlot]:
    """Slots for every school day's morning and afternoon, filled round-robin from `people`.

    Days that already have a slot keep it (so a second run adds nothing), and nobody is put
    on a post overlapping one they already hold (at another school, say).
    """
    if not people:
        raise ValidationError({"people": _("Name at least one person for the rota.")})
    per_slot = min(per_slot, len(people))
    days = school_days(term)
    existing = set(
        GuardSlot.objects.filter(school=school, date__in=days).values_list("date", "half_day")
    )
    busy = set()
    for kind, field in (("user", "user_id"), ("person", "person_id")):
        ids = [pk for k, pk in map(_who, people) if k == kind]
        for pk, day, half in GuardDuty.objects.filter(
            **{f"{field}__in": ids}, slot__date__in=days
        ).values_list(field, "slot__date", "slot__half_day"):
            busy.add((kind, pk, day, half))
    slots, duties, turn = [], [], 0
    for day in days:
        for half in HalfDay:
            if (day, half.value) in existing:
                continue
            start, end = SLOT_HOURS[half]
            slot = GuardSlot(school=school, date=day, half_day=half, starts_at=start, ends_at=end)
            slots.append(slot)
            chosen = []
            for _attempt in range(len(people)):
                member = people[turn % len(people)]
                turn += 1
                kind, pk = _who(member)
                if (kind, pk, day, half.value) not in busy:
                    chosen.append(member)
                    busy.add((kind, pk, day, half.value))
                if len(chosen) == per_slot:
                    break
            duties.append((slot, chosen))
    GuardSlot.objects.bulk_create(slots)
    GuardDuty.objects.bulk_create(
        [
            GuardDuty(slot=slot, **{f"{_who(m)[0]}_id": m.pk})
            for slot, members in duties
            for m in members
        ]
    )
    return slots


@transaction.atomic
def swap_duties(
    first: GuardDuty, second: GuardDuty, *, by: User, now: datetime | None = None
) -> tuple[GuardDuty, GuardDuty]:
    """Exchange the people of two duties at two posts (two volunteers trade a morning), and
    record who made the swap. Whoever may plan the rota of both schools swaps; a post that
    is over or already checked in keeps its people; nobody ends up on two overlapping posts.
    """
    now = now or timezone.now()
    # Both rows locked: two swaps of the same duty at once cannot both read the old people.
    locked = {
        d.pk: d
        for d in GuardDuty.objects.select_for_update()
        .select_related("slot__school__area")
        .filter(pk__in=[first.pk, second.pk])
    }
    if len(locked) != 2:
        raise ValidationError({"second": _("Choose a duty at another post.")})
    first, second = locked[first.pk], locked[second.pk]
    if first.slot_id == second.slot_id:
        raise ValidationError({"second": _("Choose a duty at another post.")})
    for duty in (first, second):
        if not by.holds_role_over(duty.slot.school.area, PATROL_ADMIN_ROLES):
            raise ValidationError(_("Only someone who plans this school's rota can swap posts."))
    today = timezone.localdate(now)
    for name, duty in (("first", first), ("second", second)):
        if duty.slot.date < today or duty.slot.checked_in_at is not None:
            raise ValidationError(
                {name: _("%(slot)s is over or checked in; its duty stays.") % {"slot": duty.slot}}
            )
    pairs = [(first.user_id, first.person_id), (second.user_id, second.person_id)]
    first.user_id, first.person_id = pairs[1]
    second.user_id, second.person_id = pairs[0]
    for name, duty, other in (("second", first, second), ("first", second, first)):
        if duty.overlapping().exclude(pk=other.pk).exists():
            raise ValidationError(
                {
                    name: _("%(who)s is already on duty at an overlapping post.")
                    % {"who": duty.user or duty.person}
                }
            )
    for duty in (first, second):
        duty.swapped_by, duty.swapped_at = by, now
        duty.save(update_fields=["user", "person", "swapped_by", "swapped_at"])
    return first, second


@transaction.atomic
def check_in(slot: GuardSlot, *, by: User, now: datetime | None = None) -> GuardSlot:
    """Whoever is on duty (or community staff on behalf of a volunteer without an account)
    checks the post in, on its day; the first check-in counts."""
    now = now or timezone.now()
    on_duty = slot.duties.filter(user=by).exists()
    if not on_duty and not by.holds_role_over(slot.school.area, PATROL_ADMIN_ROLES):
        raise ValidationError(_("Only someone on duty at this post can check it in."))
    if timezone.localdate(now) != slot.date:
        raise ValidationError(_("A post is checked in on its own day."))
    # Compare-and-set: of two people checking in at once, the first one counts.
    updated = GuardSlot.objects.filter(pk=slot.pk, checked_in_at__isnull=True).update(
        checked_in_at=now, checked_in_by=by
    )
    slot.refresh_from_db()
    if not updated and slot.checked_in_by_id != by.pk:
        raise TransitionError(
            _("%(who)s already checked this post in.") % {"who": slot.checked_in_by}
        )
    return slot


def send_unmanned_alerts(now: datetime | None = None) -> int:
    """Alert once for each post that is under way with nobody checked in."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    slots = GuardSlot.objects.filter(
        date=local.date(),
        starts_at__lte=local.time(),
        ends_at__gt=local.time(),
        checked_in_at__isnull=True,
    ).select_related("school__area")
    kind = PatrolAlertKind.GUARD_UNMANNED
    count = 0
    with notifications.one_delivery_for_the_batch():
        for slot in slots:
            count += 1
            on_duty = set(slot.duties.filter(user__isnull=False).values_list("user_id", flat=True))
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                notifications.notify(
                    on_duty | {u.pk for u in responsible_for(slot.school.area)},
                    kind=kind,
                    obj=slot,
                    area=slot.school.area,
                    text=_("Guard post %(slot)s has started and nobody has checked in.")
                    % {"slot": slot},
                    due_at=slot.start,
                    dedupe_key=notifications.dedupe_key(kind, slot),
                )
    return count


@transaction.atomic
def delete_school(school: School, *, by: User) -> None:
    """A school without guard slots goes; one with a rota keeps its history (made inactive
    instead), so attendance figures never lose their posts."""
    if GuardSlot.objects.filter(school=school).exists():
        raise ValidationError(
            _("%(school)s has guard posts on its rota; mark it inactive instead.")
            % {"school": school}
        )
    school.delete()
