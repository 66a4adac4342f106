"""School guard posts: school days, the rota generator with swaps, check-in and its alert."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grids.models import Notification
from grids.transitions import TransitionError
from patrols.actions.guard_posts import (
    check_in,
    generate_guard_rota,
    school_days,
    send_unmanned_alerts,
    swap_duties,
)
from patrols.choices import HalfDay, PatrolAlertKind
from patrols.models import GuardDuty, GuardSlot
from tests.grids.factories import user_with_role
from tests.patrols import factories as pf


@pytest.fixture
def term(world):
    # Mon 2026-09-07 … Fri 2026-09-18, with Thu/Fri 10–11 off.
    term = pf.SchoolTermFactory(
        area=world.df, starts_on=date(2026, 9, 7), ends_on=date(2026, 9, 18)
    )
    pf.SchoolHolidayFactory(term=term, starts_on=date(2026, 9, 10), ends_on=date(2026, 9, 11))
    return term


def test_school_days_skip_weekends_and_holidays(term):
    days = school_days(term)
    assert len(days) == 8
    assert date(2026, 9, 10) not in days and date(2026, 9, 12) not in days


def test_the_rota_fills_every_school_half_day_and_a_second_run_adds_nothing(world, term):
    school = pf.SchoolFactory(area=world.ga)
    people = [world.person_a, world.worker_a, world.person_b]
    slots = generate_guard_rota(school, term, people, per_slot=2)
    assert len(slots) == 16
    assert GuardDuty.objects.filter(slot__school=school).count() == 32
    assert generate_guard_rota(school, term, people) == []
    assert GuardSlot.objects.filter(school=school).count() == 16


def test_the_rota_never_puts_one_person_on_two_overlapping_posts(world, term):
    first = pf.SchoolFactory(area=world.ga)
    second = pf.SchoolFactory(area=world.gb)
    generate_guard_rota(first, term, [world.person_a], per_slot=1)
    generate_guard_rota(second, term, [world.person_a, world.person_b], per_slot=1)
    assert not GuardDuty.objects.filter(slot__school=second, person=world.person_a).exists()


def test_a_duty_overlapping_another_is_refused_on_the_field(world):
    slot = pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.ga))
    other = pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.gb), date=slot.date)
    pf.GuardDutyFactory(slot=slot, user=world.worker_a)
    duty = GuardDuty(slot=other, user=world.worker_a)
    with pytest.raises(ValidationError) as error:
        duty.full_clean()
    assert "user" in error.value.message_dict


def _two_posts(world):
    school = pf.SchoolFactory(area=world.ga)
    today = timezone.localdate()
    first = pf.GuardSlotFactory(school=school, date=today + timedelta(days=1))
    second = pf.GuardSlotFactory(school=school, date=today + timedelta(days=2))
    a = pf.GuardDutyFactory(slot=first, user=None, person=world.person_a)
    b = pf.GuardDutyFactory(slot=second, user=world.worker_a)
    return a, b


def test_a_swap_exchanges_two_people_and_records_who_swapped(world):
    a, b = _two_posts(world)
    swap_duties(a, b, by=world.community_official)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.user, a.person) == (world.worker_a, None)
    assert (b.user, b.person) == (None, world.person_a)
    assert a.swapped_by == b.swapped_by == world.community_official
    assert a.swapped_at is not None


def test_a_swap_that_puts_someone_on_two_overlapping_posts_is_refused(world):
    a, b = _two_posts(world)
    # person_a is also on duty at another school's post overlapping b's: taking b is refused.
    elsewhere = pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.gb), date=b.slot.date)
    pf.GuardDutyFactory(slot=elsewhere, user=None, person=world.person_a)
    with pytest.raises(ValidationError) as error:
        swap_duties(a, b, by=world.community_official)
    assert "first" in error.value.message_dict
    a.refresh_from_db()
    assert a.person == world.person_a and a.swapped_by is None


def test_a_post_that_is_over_or_checked_in_keeps_its_people(world):
    a, b = _two_posts(world)
    GuardSlot.objects.filter(pk=b.slot_id).update(date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        swap_duties(a, b, by=world.community_official)
    assert "second" in error.value.message_dict


def test_only_whoever_plans_the_rota_swaps(world):
    a, b = _two_posts(world)
    with pytest.raises(ValidationError):
        swap_duties(a, b, by=world.worker_a)
    b.refresh_from_db()
    assert b.user == world.worker_a


def _now_at(slot, minutes):
    start = timezone.make_aware(datetime.combine(slot.date, slot.starts_at))
    return start + timedelta(minutes=minutes)


def test_whoever_is_on_duty_checks_in_and_a_stranger_cannot(world):
    slot = pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.ga))
    pf.GuardDutyFactory(slot=slot, user=world.worker_a)
    with pytest.raises(ValidationError):
        check_in(slot, by=world.worker_b, now=_now_at(slot, 0))
    checked = check_in(slot, by=world.worker_a, now=_now_at(slot, 0))
    assert checked.checked_in_by == world.worker_a
    with pytest.raises(TransitionError):
        check_in(slot, by=world.community_official, now=_now_at(slot, 5))


def test_a_post_under_way_with_nobody_checked_in_alerts_once(world):
    slot = pf.GuardSlotFactory(
        school=pf.SchoolFactory(area=world.ga),
        half_day=HalfDay.AFTERNOON,
        starts_at=time(16, 30),
        ends_at=time(17, 30),
    )
    pf.GuardDutyFactory(slot=slot, user=world.worker_b)
    assert send_unmanned_alerts(_now_at(slot, -5)) == 0  # not started yet
    for _ in range(2):
        assert send_unmanned_alerts(_now_at(slot, 10)) == 1
    alerts = Notification.objects.filter(kind=PatrolAlertKind.GUARD_UNMANNED)
    assert sorted(alerts.values_list("recipient__username", flat=True)) == [
        "community_official",
        "worker_a",
        "worker_b",
    ]


def test_a_checked_in_post_raises_no_alert(world):
    slot = pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.ga))
    check_in(slot, by=user_with_role("community_staff", world.c1), now=_now_at(slot, 1))
    assert send_unmanned_alerts(_now_at(slot, 10)) == 0
