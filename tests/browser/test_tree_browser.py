"""In Chromium on a phone: a grid worker sees only their grid, an official all 9 communities."""

import pytest

from grids.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dongfeng(transactional_db, request_categories):
    return seed_demo()


def test_a_grid_worker_on_a_phone_sees_only_their_grid(dongfeng, live_server, phone):
    sign_in(phone, live_server.url, "worker", DEMO_PASSWORD)
    assert phone.url == f"{live_server.url}/requests/"  # a grid worker starts at the inbox
    phone.goto(f"{live_server.url}/areas/")
    tree = phone.locator("#area-tree")
    assert tree.locator("summary").count() == 1
    assert tree.locator("summary").inner_text().count("东风社区第1网格") == 1
    assert "民主社区" not in phone.content()
    # The page fits the phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.click("text=东风社区第1网格")
    phone.wait_for_url(f"{live_server.url}/areas/DF-01-01/")
    assert phone.locator("#workers").inner_text().count("王芳") == 1
    assert phone.locator("#children tbody tr").count() >= 4  # its buildings
    # Another grid's page is simply not there for them.
    response = phone.goto(f"{live_server.url}/areas/DF-01-02/")
    assert response.status == 404


def test_a_sub_district_official_sees_all_nine_communities(dongfeng, live_server, phone):
    sign_in(phone, live_server.url, "official", DEMO_PASSWORD)
    phone.wait_for_url(f"{live_server.url}/overview/")  # officials land on the overview
    phone.goto(f"{live_server.url}/areas/")
    communities = phone.locator("#area-tree summary:has(.kind:text('社区'))")
    assert communities.count() == 9
    grids = phone.locator("#area-tree summary:has(.kind:text('网格'))")
    assert grids.count() == 43
