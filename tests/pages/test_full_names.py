"""A building is named with its community and grid everywhere: several communities have a
"5区5号楼" (issue 8 §4.4)."""

import importlib

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from grids.choices import AreaKind
from grids.models import Area
from tests.conftest import make_area
from tests.grids.request_helpers import file_request


def test_a_building_is_named_with_its_community_and_grid(world):
    assert str(world.ba1) == "东风社区 · 第一网格 · 1号楼"
    assert str(world.ga) == "东风社区 · 第一网格"
    assert str(world.c1) == "东风社区"
    assert str(world.df) == "东风街道"


def test_renaming_or_moving_keeps_the_descendants_full_names(world):
    world.c1.name = "东风新社区"
    world.c1.save()
    assert Area.objects.get(pk=world.ba1.pk).full_name == "东风新社区 · 第一网格 · 1号楼"
    grid = Area.objects.get(pk=world.ga.pk)
    grid.move_to(Area.objects.get(pk=world.c2.pk))
    assert Area.objects.get(pk=world.ba1.pk).full_name == "民主社区 · 第一网格 · 1号楼"
    assert Area.objects.get(pk=world.bb1.pk).full_name == "东风新社区 · 第二网格 · 2号楼"


def test_the_data_migration_fills_full_names(world):
    Area.objects.update(full_name="")
    migration = importlib.import_module("grids.migrations.0009_area_full_name_fill")
    migration.fill(apps, None)
    assert Area.objects.get(pk=world.bc1.pk).full_name == "民主社区 · 第三网格 · 3号楼"
    assert Area.objects.get(pk=world.df.pk).full_name == "东风街道"


def _same_named_buildings(world):
    one = make_area("A55", AreaKind.BUILDING, world.ga, name="5区5号楼")
    other = make_area("C55", AreaKind.BUILDING, world.gc, name="5区5号楼")
    return one, other


def test_pages_tell_same_named_buildings_apart(world, as_user):
    one, other = _same_named_buildings(world)
    mine = file_request(one)
    client = as_user(world.admin)
    inbox = client.get("/requests/").content.decode()
    assert "东风社区 · 第一网格 · 5区5号楼" in inbox
    detail = client.get(mine.get_absolute_url()).content.decode()
    assert "东风社区 · 第一网格 · 5区5号楼" in detail
    form = client.get("/people/add/").content.decode()
    assert "民主社区 · 第三网格 · 5区5号楼" in form and "东风社区 · 第一网格 · 5区5号楼" in form
    row = APIClient()
    row.force_authenticate(world.admin)
    data = row.get(f"/api/v1/requests/{mine.pk}/").json()
    assert data["area_name"] == "东风社区 · 第一网格 · 5区5号楼"


def test_the_inbox_reads_full_names_without_a_query_per_row(world, as_user):
    one, other = _same_named_buildings(world)
    client = as_user(world.admin)
    file_request(one)
    with CaptureQueriesContext(connection) as few:
        client.get("/requests/")
    for building in (one, other, world.ba1, world.bb1, world.bc1):
        file_request(building)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/requests/").content.decode()
    assert "民主社区 · 第三网格 · 5区5号楼" in page
    assert len(many) == len(few)


def test_a_transfer_says_which_communitys_grid_took_the_request(world, as_user):
    req = file_request(world.ba1)
    response = as_user(world.worker_a).post(
        f"/requests/{req.pk}/transfer/",
        {"to_grid": world.gb.pk, "reason": "属于第二网格"},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("东风社区 · 第二网格" in text for text in texts), texts
