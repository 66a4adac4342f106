"""Guard-post pages: swapping a duty on a slot's page, schools and term calendars, and list
pages whose query count does not grow with their rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patrols.models import GuardDuty, School, SchoolHoliday, SchoolTerm
from tests.patrols import factories as pf
from tests.publicity.test_chinese import english_words


@pytest.fixture
def posts(world):
    """Two upcoming posts of a GA school: 张三 tomorrow, 王芳 the day after."""
    school = pf.SchoolFactory(area=world.ga, name="东风小学")
    today = timezone.localdate()
    first = pf.GuardSlotFactory(school=school, date=today + timedelta(days=1))
    second = pf.GuardSlotFactory(school=school, date=today + timedelta(days=2))
    here = pf.GuardDutyFactory(slot=first, user=None, person=world.person_a)
    there = pf.GuardDutyFactory(slot=second, user=world.worker_a)
    return here, there


def _swap_url(duty) -> str:
    return f"/patrols/guard-posts/{duty.slot_id}/swap/"


def test_whoever_plans_the_rota_swaps_two_duties_and_the_slot_page_says_who(world, posts, as_user):
    here, there = posts
    client = as_user(world.community_official)
    slot_page = client.get(here.slot.get_absolute_url()).content.decode()
    assert f'href="{_swap_url(here)}"' in slot_page

    response = client.post(_swap_url(here), {"first": here.pk, "second": there.pk}, follow=True)

    assert response.status_code == 200
    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.user, here.person) == (world.worker_a, None)
    assert (there.user, there.person) == (None, world.person_a)
    body = response.content.decode()
    assert "王芳" in body and "community_official" in body and "换班" in body


def test_a_swap_onto_an_overlapping_post_is_a_field_error_and_changes_nothing(
    world, posts, as_user
):
    here, there = posts
    elsewhere = pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.gb), date=there.slot.date)
    pf.GuardDutyFactory(slot=elsewhere, user=None, person=world.person_a)

    response = as_user(world.community_official).post(
        _swap_url(here), {"first": here.pk, "second": there.pk}
    )

    assert response.status_code == 400
    assert "first" in response.context["form"].errors
    here.refresh_from_db()
    assert here.person == world.person_a and here.swapped_by is None


def test_a_grid_worker_on_duty_may_not_swap(world, posts, as_user):
    here, there = posts
    client = as_user(world.worker_a)
    assert 'swap/"' not in client.get(there.slot.get_absolute_url()).content.decode()
    assert client.get(_swap_url(there)).status_code == 404
    assert client.post(_swap_url(there), {"first": there.pk, "second": here.pk}).status_code == 404
    there.refresh_from_db()
    assert there.user == world.worker_a


def test_a_school_with_guard_posts_is_kept_and_one_without_is_deleted(world, posts, as_user):
    here, _ = posts
    client = as_user(world.community_official)
    empty = pf.SchoolFactory(area=world.ga, name="空小学")

    client.post(f"/patrols/schools/{here.slot.school_id}/delete/")
    client.post(f"/patrols/schools/{empty.pk}/delete/")

    assert list(School.objects.values_list("name", flat=True)) == ["东风小学"]


def test_a_school_whose_key_place_lies_elsewhere_is_refused_on_the_field(world, as_user):
    place = pf.KeyPlaceFactory(area=world.gb, name="人民公园")
    response = as_user(world.community_official).post(
        "/patrols/schools/add/",
        {"name": "新校", "area": world.ga.pk, "place": place.pk, "is_active": "on"},
    )
    assert response.status_code == 400
    assert "place" in response.context["form"].errors
    assert not School.objects.exists()


def test_a_term_gets_its_holidays_on_its_page_and_counts_its_school_days(world, as_user):
    client = as_user(world.community_official)
    # Mon 2026-09-07 … Fri 2026-09-18: ten school days.
    response = client.post(
        "/patrols/terms/add/",
        {
            "name": "秋季学期",
            "area": world.c1.pk,
            "starts_on": "2026-09-07",
            "ends_on": "2026-09-18",
        },
    )
    term = SchoolTerm.objects.get()
    assert response["Location"] == term.get_absolute_url()
    page = client.get(term.get_absolute_url()).content.decode()
    assert f'href="/patrols/terms/holidays/add/?term={term.pk}"' in page

    response = client.post(
        f"/patrols/terms/holidays/add/?term={term.pk}",
        {"term": term.pk, "name": "中秋节", "starts_on": "2026-09-10", "ends_on": "2026-09-11"},
    )

    assert response["Location"] == term.get_absolute_url()
    page = client.get(term.get_absolute_url()).content.decode()
    assert '<dd id="school-days">8</dd>' in page and "中秋节" in page


@pytest.mark.parametrize(
    "url, data, field",
    [
        (
            "/patrols/terms/add/",
            {"name": "倒着", "starts_on": "2026-09-18", "ends_on": "2026-09-07"},
            "ends_on",
        ),
        (
            "/patrols/terms/add/",
            {"name": "太远", "starts_on": "2026-09-07", "ends_on": "2126-01-01"},
            "ends_on",
        ),
        (
            "/patrols/terms/holidays/add/",
            {"name": "学期外", "starts_on": "2027-03-01", "ends_on": "2027-03-02"},
            "starts_on",
        ),
    ],
)
def test_bad_calendar_dates_are_field_errors_and_nothing_is_saved(world, as_user, url, data, field):
    term = pf.SchoolTermFactory(
        area=world.c1, starts_on=date(2026, 9, 7), ends_on=date(2027, 1, 22)
    )
    response = as_user(world.community_official).post(
        url, {"area": world.c1.pk, "term": term.pk, **data}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert SchoolTerm.objects.count() == 1 and not SchoolHoliday.objects.exists()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(world, number: int) -> None:
    place = pf.KeyPlaceFactory(area=world.ga)
    for _ in range(number):
        pf.SchoolFactory(area=world.ga, place=place)
        term = pf.SchoolTermFactory(area=world.c1)
        pf.SchoolHolidayFactory(term=term)


# Session, user, assignments, the header's unread count and the session save; then the
# page's count and rows (area, place joined; holidays counted in the same query), the area
# picker of the filter.
# The API: session, user, assignments, count, page, the session save; the terms add their
# holidays (one prefetch).
@pytest.mark.parametrize(
    "url, most",
    [
        ("/patrols/schools/", 14),
        ("/patrols/terms/", 14),
        ("/api/v1/schools/", 8),
        ("/api/v1/school-terms/", 9),
    ],
)
def test_the_school_and_term_lists_cost_the_same_for_3_and_60_rows(
    world, as_user, url, most, django_assert_max_num_queries
):
    client = as_user(world.community_official)
    _grow(world, 3)
    client.get(url)
    few = _count(client, url)
    _grow(world, 57)
    with django_assert_max_num_queries(most):
        client.get(url)
    assert _count(client, url) == few


def test_the_swap_form_names_every_duty_without_a_query_each(world, posts, as_user):
    here, _ = posts
    client = as_user(world.community_official)
    client.get(_swap_url(here))
    few = _count(client, _swap_url(here))
    today = timezone.localdate()
    for n in range(3, 40):
        slot = pf.GuardSlotFactory(school=here.slot.school, date=today + timedelta(days=n))
        GuardDuty.objects.create(slot=slot, person=world.person_b)
    body = client.get(_swap_url(here)).content.decode()
    assert body.count("<option") > 38
    assert _count(client, _swap_url(here)) == few


def test_the_new_setup_pages_are_all_chinese(world, posts, as_user):
    here, _ = posts
    term = pf.SchoolTermFactory(area=world.c1)
    holiday = pf.SchoolHolidayFactory(term=term)
    team = pf.PatrolTeamFactory(area=world.ga)
    member = pf.TeamMemberFactory(team=team, person=world.person_a)
    school = here.slot.school
    client = as_user(world.community_official)
    urls = [
        "/patrols/schools/",
        "/patrols/schools/add/",
        school.get_absolute_url(),
        f"/patrols/schools/{school.pk}/edit/",
        f"/patrols/schools/{school.pk}/delete/",
        "/patrols/terms/",
        "/patrols/terms/add/",
        term.get_absolute_url(),
        f"/patrols/terms/holidays/add/?term={term.pk}",
        f"/patrols/terms/holidays/{holiday.pk}/edit/",
        here.slot.get_absolute_url(),
        _swap_url(here),
        team.get_absolute_url(),
        f"/patrols/teams/members/add/?team={team.pk}",
        f"/patrols/teams/members/{member.pk}/edit/",
        f"/patrols/teams/members/{member.pk}/delete/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        # The account lists name the fixture's logins that have no full name.
        logins = {"street_official", "mediator_c"}
        assert english_words(response.content.decode()) - logins == set(), url
