"""The demo year's report says what the article says, for the figures the portal holds.

The demo (seed_demo) spreads a year of rows over the twelve months up to today (requests
and disputes from 1 January, patrols and publicity over the last 365 days), so "the demo
year" is the period 近12个月. Seeding is slow: once for the module, rolled back after it.
"""

import io

import pytest
from django.core.management import call_command

from grids.models import User
from tests.conftest import rolled_back

pytestmark = pytest.mark.django_db

# The article's phrasing for every figure the portal holds (the demo reproduces them).
ARTICLE = [
    "将9个社区科学划分为43个网格",
    "每个网格配备1名专职网格员",
    "组建特色服务队9支",
    "设立“红色驿站”党群服务点5个",
    "累计受理报修、咨询等事项350余件",
    "办结率达98%",
    "提供法律答疑50余次",
    "排查化解各类矛盾纠纷50余件",
    "调解成功率100%",
    "无民转刑案件发生",
    "联合开展矛盾纠纷摸排30余次",
    "已化解16起",
    "动态更新重点人员档案78份",
    "累计参与巡逻1000余人次",
    "推送安全提示及警示小视频200余条",
    "发放宣传资料2000余份，覆盖居民6500余人次",
    "举办法治讲座5场",
    "联合派出所开展防范电信网络诈骗等宣传活动20余次",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def _page_text(response) -> str:
    text = response.context["text"]
    return "\n".join(str(text[name].value()) for name in text.fields if name != "format")


def test_the_demo_years_report_holds_the_articles_figures_in_its_words(demo, client):
    client.force_login(User.objects.get(username="official"))
    response = client.get("/report/", {"area": "DF", "period": "12m"})
    assert response.status_code == 200
    text = _page_text(response)
    missing = [phrase for phrase in ARTICLE if phrase not in text]
    assert missing == [], text
    assert "None" not in text


def test_the_demo_report_page_asks_a_bounded_number_of_queries(
    demo, client, django_assert_max_num_queries
):
    client.force_login(User.objects.get(username="official"))
    # Session and user, the assignments (scope), the area, the area picker, one or a few
    # grouped queries per registered family (from a summary: its sums of the past days and
    # today's rows), the menu badge: the same for a year of rows as for none
    # (tests/report/test_report.py counts both).
    with django_assert_max_num_queries(50):
        assert client.get("/report/", {"period": "12m"}).status_code == 200


def test_a_community_staffs_demo_report_is_about_their_community_only(demo, client):
    client.force_login(User.objects.get(username="community"))
    response = client.get("/report/")
    assert response.status_code == 200
    text = _page_text(response)
    assert response.context["area"].code == "DF-01"
    assert "9个社区" not in text and "43个网格" not in text
    assert client.get("/report/", {"area": "DF-02"}).status_code == 404
