"""Who may take a role away: official and administrator assignments belong to administrators,
and nobody removes their own last assignment (they would be locked out of everything)."""

from django.urls import reverse

from grids.choices import Role
from grids.models import Assignment
from tests.conftest import make_user


def _api(client, user):
    client.force_login(user)
    return client


def test_an_official_cannot_delete_their_own_official_assignment_through_the_api(world, client):
    own = world.street_official.assignments.get()
    response = _api(client, world.street_official).delete(f"/api/v1/assignments/{own.pk}/")
    assert response.status_code == 400
    assert Assignment.objects.filter(pk=own.pk).exists()


def test_an_official_cannot_delete_a_peer_officials_assignment(world, client):
    peer = make_user("peer_official", Role.OFFICIAL, world.df)
    theirs = peer.assignments.get()
    response = _api(client, world.street_official).delete(f"/api/v1/assignments/{theirs.pk}/")
    assert response.status_code == 400
    assert "role" in response.json()
    assert Assignment.objects.filter(pk=theirs.pk).exists()


def test_an_official_cannot_turn_a_peers_official_assignment_into_another_role(world, client):
    peer = make_user("peer_official", Role.OFFICIAL, world.df)
    theirs = peer.assignments.get()
    response = _api(client, world.street_official).patch(
        f"/api/v1/assignments/{theirs.pk}/",
        {"role": Role.GRID_WORKER, "area": "GA"},
        content_type="application/json",
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert (theirs.role, theirs.area_id) == (Role.OFFICIAL, world.df.pk)


def test_an_official_may_remove_a_grid_workers_assignment(world, client):
    worker = world.worker_a.assignments.get()
    response = _api(client, world.street_official).delete(f"/api/v1/assignments/{worker.pk}/")
    assert response.status_code == 204
    assert not Assignment.objects.filter(pk=worker.pk).exists()


def test_an_administrator_may_remove_an_officials_assignment(world, client):
    own = world.street_official.assignments.get()
    response = _api(client, world.admin).delete(f"/api/v1/assignments/{own.pk}/")
    assert response.status_code == 204
    assert not Assignment.objects.filter(pk=own.pk).exists()


def test_the_delete_page_refuses_ones_own_last_assignment_with_a_message(world, as_user):
    administrator = make_user("area_admin", Role.ADMIN, world.df)
    own = administrator.assignments.get()
    response = as_user(administrator).post(
        reverse("grids:assignment_delete", args=[own.pk]), follow=True
    )
    assert Assignment.objects.filter(pk=own.pk).exists()
    assert "不能删除您本人的最后一项任职" in response.content.decode()


def test_one_of_several_own_assignments_may_go(world, as_user):
    administrator = make_user("area_admin", Role.ADMIN, world.df)
    extra = Assignment.objects.create(user=administrator, role=Role.OFFICIAL, area=world.c1)
    response = as_user(administrator).post(reverse("grids:assignment_delete", args=[extra.pk]))
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=extra.pk).exists()
    assert administrator.assignments.count() == 1
