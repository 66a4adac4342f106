"""Every new list page and API list takes as many queries for 1,000 rows as for 10.

The pages: session, user, assignments, the header's unread count, the session save, then the
count, the page (annotations as subqueries or one grouped query), the filter's choices and
the area picker, the changeable rows of the page, and for care files the one bulk insert of
their audit rows. The API lists: the user and assignments, count, page, one prefetch per
related list (and the care files' audit insert).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grids.choices import CareVisitStatus, PersonKind
from grids.models import (
    CareFile,
    CareVisit,
    DoorKnockRound,
    Person,
    SelfGovernanceTeam,
    VolunteerHours,
)
from tests.grids import factories as gf


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
    return len(queries)


def _grow_care(world, count: int) -> None:
    today = timezone.localdate()
    files = CareFile.objects.bulk_create(
        CareFile(
            person=world.person_a,
            area=world.ba1,
            kind="living_alone",
            needs="送餐",
            helper_user=world.worker_a,
            opened_on=today - timedelta(days=30),
        )
        for _ in range(count)
    )
    CareVisit.objects.bulk_create(
        visit
        for n, care_file in enumerate(files)
        for visit in (
            CareVisit(
                care_file=care_file,
                status=CareVisitStatus.PLANNED,
                due_on=today + timedelta(days=n % 14 - 7),
            ),
            CareVisit(
                care_file=care_file,
                status=CareVisitStatus.DONE,
                kind="meal",
                visited_on=today - timedelta(days=7),
                visitor_user=world.worker_a,
                recorded_by=world.worker_a,
            ),
        )
    )


def _grow_rounds(world, count: int) -> None:
    rounds = DoorKnockRound.objects.bulk_create(
        DoorKnockRound(grid=world.ga, date=timezone.localdate(), households_visited=20)
        for _ in range(count)
    )
    through = DoorKnockRound.participants.through
    through.objects.bulk_create(through(doorknockround=r, user=world.worker_a) for r in rounds)
    buildings = DoorKnockRound.buildings.through
    buildings.objects.bulk_create(buildings(doorknockround=r, area=world.ba1) for r in rounds)


def _grow_teams(world, count: int) -> None:
    teams = SelfGovernanceTeam.objects.bulk_create(
        SelfGovernanceTeam(name=f"队{n}", area=world.ga) for n in range(count)
    )
    through = SelfGovernanceTeam.members.through
    through.objects.bulk_create(through(selfgovernanceteam=t, person=world.person_a) for t in teams)


def _grow_hours(world, count: int) -> None:
    volunteer = Person.objects.filter(kind=PersonKind.VOLUNTEER, area=world.ba1).first()
    VolunteerHours.objects.bulk_create(
        VolunteerHours(
            person=volunteer,
            date=timezone.localdate() - timedelta(days=n % 300),
            hours=Decimal("1.5"),
            activity_kind="team_activity",
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    "url, grow, who, most",
    [
        ("/care-files/", _grow_care, "community_official", 15),
        ("/api/v1/care-files/", _grow_care, "community_official", 8),
        ("/care-visits/", _grow_care, "community_official", 15),
        ("/api/v1/care-visits/", _grow_care, "community_official", 7),
        ("/care-visits/mine/", _grow_care, "worker_a", 14),
        ("/door-knocking/", _grow_rounds, "worker_a", 14),
        ("/api/v1/door-knocking-rounds/", _grow_rounds, "worker_a", 11),
        ("/self-governance-teams/", _grow_teams, "worker_a", 14),
        ("/api/v1/self-governance-teams/", _grow_teams, "worker_a", 7),
        ("/volunteers/hours/", _grow_hours, "worker_a", 15),
        ("/api/v1/volunteer-hours/", _grow_hours, "worker_a", 7),
    ],
)
def test_a_list_takes_as_many_queries_for_1000_rows_as_for_10(
    world, as_user, django_assert_max_num_queries, url, grow, who, most
):
    user = getattr(world, who)
    client = _api(user) if url.startswith("/api/") else as_user(user)
    gf.PersonFactory(area=world.ba1, kind=PersonKind.VOLUNTEER)
    grow(world, 10)
    client.get(url)
    few = _count(client, url)
    grow(world, 990)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
    assert _count(client, url) == few
