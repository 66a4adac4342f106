"""Every scoped model, through its pages and its API: another grid's object is a 404, and a
community official sees exactly their community's subtree. Models join via tests/scoping.py."""

import pytest
from rest_framework.test import APIClient

from tests.scoping import REGISTRY, ROUTES, ScopedCase, player

cases = pytest.mark.parametrize("case", REGISTRY, ids=[case.name for case in REGISTRY])


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _all_keys(client: APIClient, url: str | None, key) -> set:
    if url is None:
        return set()
    keys, page = set(), url
    while page:
        response = client.get(page)
        assert response.status_code == 200, response.content
        keys |= {key(row) for row in response.json()["results"]}
        page = response.json()["next"]
    return keys


@cases
def test_a_grid_worker_cannot_see_or_change_another_grids_object(world, client, case: ScopedCase):
    theirs = case.make(world, world.gb, world.bb1)
    user = player(world, case.stranger or case.viewer)
    client.force_login(user)
    api = _api(user)

    assert case.key(theirs) not in _all_keys(api, case.api_list, case.row_key)
    if case.api_detail is not None:
        assert api.get(case.api_detail(theirs)).status_code == 404
    if not case.read_only:
        assert _change(case, api, theirs).status_code == 404
        # Pinned per resource by the access matrix's entry: 404 where the API deletes (the
        # object is outside the scope), 405 where it never deletes.
        assert api.delete(case.api_detail(theirs)).status_code == _delete_answer(case)
    for page in (case.page_detail, case.page_edit, case.page_delete):
        if page is not None:
            assert client.get(page(theirs)).status_code == 404
    for page in (case.page_edit, case.page_delete):
        if page is not None:
            assert client.post(page(theirs), {"name": "x"}).status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


@cases
def test_visible_to_gives_the_viewer_their_grids_object_and_not_another_communitys(
    world, case: ScopedCase
):
    mine = case.make(world, world.ga, world.ba1)
    theirs = case.make(world, world.gc, world.bc1)
    visible = type(mine).objects.visible_to(player(world, case.viewer))
    assert visible.filter(pk=mine.pk).exists()
    assert not visible.filter(pk=theirs.pk).exists()
    assert not type(mine).objects.visible_to(world.outsider).exists()


@cases
def test_a_grid_worker_sees_their_own_grids_object(world, client, case: ScopedCase):
    mine = case.make(world, world.ga, world.ba1)
    user = player(world, case.viewer)
    client.force_login(user)
    api = _api(user)

    if case.api_list is not None:
        assert case.key(mine) in _all_keys(api, case.api_list, case.row_key)
        assert api.get(case.api_detail(mine)).status_code == 200
    if case.page_detail is not None:
        assert client.get(case.page_detail(mine)).status_code == 200


IN_API = [case for case in REGISTRY if case.api_list]


@pytest.mark.parametrize("case", IN_API, ids=[case.name for case in IN_API])
def test_a_community_official_sees_exactly_their_community(world, case: ScopedCase):
    inside = [case.make(world, world.ga, world.ba1), case.make(world, world.gb, world.bb1)]
    outside = case.make(world, world.gc, world.bc1)
    seen = _all_keys(_api(world.community_official), case.api_list, case.row_key)
    model = type(outside)
    expected = {
        case.key(obj)
        for obj in model.objects.visible_to(world.street_official)
        if _in_c1(world, obj, model)
    }
    assert {case.key(obj) for obj in inside} <= seen
    assert case.key(outside) not in seen
    assert seen == expected


def _in_c1(world, obj, model) -> bool:
    area = obj
    for part in filter(None, model.scope_field.split("__")):
        area = getattr(area, part)
    return area.tree_id == world.c1.tree_id and world.c1.lft <= area.lft <= world.c1.rght


@cases
def test_an_outsider_and_anonymous_see_nothing(world, client, case: ScopedCase):
    obj = case.make(world, world.ga, world.ba1)
    assert _all_keys(_api(world.outsider), case.api_list, case.row_key) == set()
    if case.api_list is not None:
        assert APIClient().get(case.api_list).status_code in (401, 403)
    if case.page_detail is not None:
        assert client.get(case.page_detail(obj)).status_code == 302  # to the sign-in page
        client.force_login(world.outsider)
        assert client.get(case.page_detail(obj)).status_code == 404


def _delete_answer(case: ScopedCase) -> int:
    (detail,) = [
        route for route in ROUTES if route.case == case.name and route.name.endswith("-detail")
    ]
    return {"yes": 404, "no": 405}[detail.delete]


def _change(case: ScopedCase, api: APIClient, obj):
    if case.change is not None:
        return case.change(api, obj)
    return api.patch(case.api_detail(obj), case.patch, format="json")


WRITABLE = [case for case in REGISTRY if not case.read_only]


@pytest.mark.parametrize("case", WRITABLE, ids=[case.name for case in WRITABLE])
def test_a_street_official_may_change_an_object_anywhere(world, case: ScopedCase):
    obj = case.make(world, world.gc, world.bc1)
    response = _change(case, _api(world.street_official), obj)
    assert response.status_code == 200, response.content


LISTED = [case for case in REGISTRY if case.page_list]


@pytest.mark.parametrize("case", LISTED, ids=[case.name for case in LISTED])
def test_a_list_page_shows_only_the_users_scope(world, client, case: ScopedCase):
    mine = case.make(world, world.ga, world.ba1)
    theirs = case.make(world, world.gb, world.bb1)
    client.force_login(world.worker_a)
    body = client.get(case.page_list).content.decode()
    # A row links to its page where the user may follow (an assignment's only page is its
    # edit page, which a grid worker may not open): find it by its link or its row.
    assert f'href="{mine.get_absolute_url()}"' in body or f'data-pk="{mine.pk}"' in body
    assert f'href="{theirs.get_absolute_url()}"' not in body
    assert f'data-pk="{theirs.pk}"' not in body
