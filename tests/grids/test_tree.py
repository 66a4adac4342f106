"""The one-level-below rule, unique codes, tree locks, and check_tree."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from rest_framework.test import APIClient

from grids.choices import AreaKind
from grids.models import Area
from grids.tree import find_tree_problems
from tests.conftest import make_area

ILLEGAL_PLACES = [
    (AreaKind.BUILDING, "c1"),  # a building straight under a community
    (AreaKind.GRID, "df"),  # a grid straight under the sub-district
    (AreaKind.COMMUNITY, "ga"),  # a community under a grid
    (AreaKind.GRID, None),  # a grid at the top
    (AreaKind.SUBDISTRICT, "df"),  # a sub-district under a sub-district
    (AreaKind.BUILDING, "ba1"),  # a building under a building
]


@pytest.mark.parametrize("kind,parent", ILLEGAL_PLACES)
def test_it_refuses_an_area_that_is_not_exactly_one_level_below_its_parent(world, kind, parent):
    parent_area = getattr(world, parent) if parent else None
    with pytest.raises(ValidationError) as exc:
        make_area("NEW", kind, parent_area)
    assert "parent" in exc.value.message_dict
    assert not Area.objects.filter(code="NEW").exists()


@pytest.mark.parametrize("kind,parent", ILLEGAL_PLACES)
def test_the_api_refuses_the_same_with_a_field_error(world, kind, parent):
    api = APIClient()
    api.force_authenticate(world.admin)
    payload = {
        "code": "NEW",
        "kind": kind,
        "name": "新",
        "parent": getattr(world, parent).code if parent else None,
    }
    response = api.post("/api/v1/areas/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "parent" in response.json()
    assert not Area.objects.filter(code="NEW").exists()


def test_the_form_refuses_a_grid_under_the_sub_district(world, as_user):
    client = as_user(world.street_official)
    response = client.post(
        "/areas/add/", {"kind": "grid", "parent": world.df.pk, "name": "错", "code": "BAD"}
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    assert not Area.objects.filter(code="BAD").exists()


def test_the_admin_refuses_a_building_under_a_community(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/admin/grids/area/add/",
        {
            "kind": "building",
            "parent": world.c1.pk,
            "name": "错",
            "code": "BAD",
            "households": 0,
            "population": 0,
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Area.objects.filter(code="BAD").exists()


def test_it_moves_a_grid_to_another_community_and_keeps_the_tree_sound(world):
    world.ga.move_to(world.c2)
    ga = Area.objects.get(code="GA")
    assert ga.parent == world.c2
    assert Area.objects.get(code="BA1").get_ancestors().filter(code="C2").exists()
    assert find_tree_problems() == []


def test_it_moves_a_community_into_another_sub_districts_tree(world):
    other = make_area("XX", AreaKind.SUBDISTRICT, name="另一个街道")
    c1 = Area.objects.get(code="C1")
    c1.parent = other
    c1.full_clean()
    c1.save()
    assert set(Area.objects.get(code="XX").get_descendants().values_list("code", flat=True)) == {
        "C1",
        "GA",
        "GB",
        "BA1",
        "BB1",
    }
    assert find_tree_problems() == []


@pytest.mark.parametrize("target", ["gb", "df", "ba1"])
def test_it_refuses_to_move_a_grid_to_the_wrong_level(world, target):
    with pytest.raises(ValidationError):
        world.ga.move_to(getattr(world, target))
    assert Area.objects.get(code="GA").parent_id == world.c1.pk


def test_it_refuses_a_move_through_the_api_to_the_wrong_level(world):
    api = APIClient()
    api.force_authenticate(world.street_official)
    response = api.patch("/api/v1/areas/GA/", {"parent": "GB"}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()
    assert Area.objects.get(code="GA").parent_id == world.c1.pk


def test_it_refuses_to_change_the_kind_of_an_area_with_children(world):
    ga = Area.objects.get(code="GA")
    ga.kind = AreaKind.BUILDING
    with pytest.raises(ValidationError) as exc:
        ga.full_clean()
    assert "kind" in exc.value.message_dict or "parent" in exc.value.message_dict


def test_codes_are_unique(world):
    with pytest.raises(ValidationError) as exc:
        make_area("GA", AreaKind.GRID, world.c2)
    assert "code" in exc.value.message_dict


def test_the_database_itself_refuses_a_second_root_kind(world):
    with pytest.raises(IntegrityError):
        Area.objects.filter(code="C1").update(parent=None)


def test_grids_and_buildings_carry_unguessable_qr_tokens_and_others_do_not(world):
    assert world.df.qr_token is None and world.c1.qr_token is None
    tokens = {world.ga.qr_token, world.gb.qr_token, world.ba1.qr_token}
    assert len(tokens) == 3 and all(len(token) >= 22 for token in tokens)


def test_deleting_an_area_with_children_is_refused_not_cascaded(world, as_user):
    client = as_user(world.street_official)
    response = client.post("/areas/GA/delete/")
    assert response.status_code == 302
    assert Area.objects.filter(code="GA").exists() and Area.objects.filter(code="BA1").exists()


def test_check_tree_finds_and_repairs_corruption(world, capsys):
    call_command("check_tree")
    Area.objects.filter(code="GB").update(lft=2, rght=3)  # overlaps GA
    with pytest.raises(CommandError):
        call_command("check_tree")
    call_command("check_tree", "--repair")
    assert find_tree_problems() == []
    assert "Repaired" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_inserts_leave_a_sound_tree():
    assert connection.vendor == "postgresql"
    root = make_area("DF", AreaKind.SUBDISTRICT)
    community = make_area("C", AreaKind.COMMUNITY, root)
    grids = [make_area(f"G{i}", AreaKind.GRID, community) for i in range(4)]
    barrier = threading.Barrier(20)
    errors = []

    def insert(index: int) -> None:
        try:
            # Each thread holds a stale copy of its parent, as concurrent requests would.
            parent = grids[index % 4]
            barrier.wait(timeout=30)
            Area(
                code=f"B{index:02d}", kind=AreaKind.BUILDING, parent=parent, name=str(index)
            ).save()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=insert, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Area.objects.filter(kind=AreaKind.BUILDING).count() == 20
    assert find_tree_problems() == []
    call_command("check_tree")
