"""ScopedFilterSet: `within` as a picker of the visible tree, strict values, 全部 for booleans."""

import re

import pytest
from rest_framework.test import APIClient

from grids.models import Person


@pytest.fixture
def api(world):
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def _picker(html: str) -> list[str]:
    select = re.search(r'<select name="within"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the page has no within picker"
    return [label.strip("\u3000 ") for label in re.findall(r">([^<]*)</option>", select.group(1))]


def test_the_within_picker_lists_only_the_users_visible_tree(world, as_user):
    options = _picker(as_user(world.community_official).get("/people/").content.decode())
    assert {"东风社区", "第一网格", "第二网格"} <= set(options)
    assert not {"东风街道", "民主社区", "第三网格"} & set(options)  # above or beside C1
    assert "1号楼" not in options  # buildings are accepted by code, not listed


def test_the_within_picker_filters_the_page_by_subtree(world, as_user):
    html = as_user(world.community_official).get("/people/?within=GA").content.decode()
    assert "张三" in html and "李四" not in html


@pytest.mark.parametrize(
    "query, field",
    [
        ("is_party_member=maybe", "is_party_member"),
        ("within=NOPE", "within"),
        ("within=GC", "within"),  # exists, but outside community C1
        ("kind=alien", "kind"),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_field_in_the_api(world, api, query, field):
    response = api(world.community_official).get(f"/api/v1/people/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_still_takes_an_area_code_including_a_buildings(world, api):
    response = api(world.community_official).get("/api/v1/people/?within=BA1")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["张三"]


def test_an_invalid_filter_value_is_a_message_on_the_page(world, as_user):
    response = as_user(world.community_official).get("/people/?is_party_member=maybe")
    html = response.content.decode()
    shown = [str(m) for m in response.context["messages"]]
    assert any("maybe" in m for m in shown), shown
    assert "张三" not in html  # not silently ignored: no unfiltered list under the error


def test_boolean_filters_default_to_all(world, as_user):
    html = as_user(world.community_official).get("/people/").content.decode()
    select = re.search(r'<select name="is_party_member"[^>]*>(.*?)</select>', html, re.S)
    first = re.search(r"<option[^>]*>([^<]*)</option>", select.group(1))
    assert first.group(1) == "全部"
    assert "未知" not in html


def test_boolean_filters_take_true_false_1_and_0(world, api):
    Person.objects.filter(pk=world.person_a.pk).update(is_party_member=True)
    cases = [("true", ["张三"]), ("1", ["张三"]), ("false", ["李四"]), ("0", ["李四"])]
    for value, expected in cases:
        response = api(world.community_official).get(f"/api/v1/people/?is_party_member={value}")
        assert [row["name"] for row in response.json()["results"]] == expected, value
