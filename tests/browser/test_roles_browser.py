"""Chromium on a phone, once per role: sign in, land on your work, open every menu entry.

Every entry answers 200 and its visible text is Chinese: the test data is Chinese and the
usernames and area codes are two characters, so any run of three Latin letters on a page is
English that a translation or a choice's display value should have replaced.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from disputes.actions.disputes import receive_dispute, settle_dispute
from disputes.actions.prevention import save_key_person
from disputes.models import (
    ClinicShift,
    Consultation,
    DisputeCategory,
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.choices import AreaKind, PersonKind, Role, TeamFocus
from grids.models import Assignment, Person, ServicePoint, ServiceTeam, User
from tests.browser.conftest import PHONE, sign_in
from tests.conftest import make_area
from tests.grids.request_helpers import file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-roles-2026"
ENGLISH = re.compile(r"[A-Za-z]{3,}")

# username (two letters), role, area code, full name, where they land
ROLES = [
    ("gw", Role.GRID_WORKER, "GA", "网格员王芳", "/requests/"),
    ("sq", Role.COMMUNITY_STAFF, "C1", "孙书记", "/overview/"),
    ("jd", Role.OFFICIAL, "DF", "赵主任", "/overview/"),
    ("tj", Role.MEDIATOR, "C1", "陈明", "/disputes/"),
    ("ls", Role.LEGAL_ADVISOR, "C1", "刘律师", "/disputes/"),
    ("zy", Role.VOLUNTEER, "GA", "李秀英", "/areas/GA/"),
    ("mj", Role.POLICE, "C1", "张警官", "/disputes/"),
]


@pytest.fixture
def town(transactional_db, request_categories):
    """A sub-district with two communities, one account per role and a row on every list."""
    import importlib

    from django.apps import apps

    importlib.import_module("disputes.migrations.0002_categories").create(apps, None)
    df = make_area("DF", AreaKind.SUBDISTRICT, name="东风街道")
    c1 = make_area("C1", AreaKind.COMMUNITY, df, name="东风社区")
    c2 = make_area("C2", AreaKind.COMMUNITY, df, name="民主社区")
    ga = make_area("GA", AreaKind.GRID, c1, name="东风社区第一网格")
    make_area("GC", AreaKind.GRID, c2, name="民主社区第一网格")
    b1 = make_area("B1", AreaKind.BUILDING, ga, name="东风社区第一网格三号楼")
    areas = {"DF": df, "C1": c1, "GA": ga}
    users = {}
    for username, role, code, full_name, _home in ROLES:
        users[username] = User.objects.create_user(
            username=username, password=PASSWORD, full_name=full_name
        )
        Assignment.objects.create(user=users[username], role=role, area=areas[code])

    zhang = Person.objects.create(
        name="张三", area=b1, kind=PersonKind.BUILDING_HEAD, phone="13812341234"
    )
    li = Person.objects.create(name="李四", area=b1, phone="13900001111")
    ServiceTeam.objects.create(name="政策宣讲队", focus=TeamFocus.POLICY, area=c1)
    ServicePoint.objects.create(name="东风红色驿站", area=c1, location="社区服务中心一楼")
    tracking_code = file_request(b1, description="楼道里堆满了杂物").tracking_code

    parties = [(zhang, "applicant"), (li, "respondent")]
    category = DisputeCategory.objects.get(code="neighbours")
    receive_dispute(
        area=b1,
        category=category,
        summary="楼上漏水",
        channel="walk_in",
        mediator=users["tj"],
        parties=parties,
        by=users["sq"],
    )
    settled = receive_dispute(
        area=b1,
        category=category,
        summary="噪音扰民",
        channel="grid_worker",
        mediator=users["tj"],
        parties=parties,
        by=users["gw"],
    )
    today = timezone.localdate()
    settle_dispute(
        settled, by=users["tj"], terms="夜间不再装修", signed_on=today, signed_by="张三、李四"
    )
    shift = ClinicShift.objects.create(community=c1, date=today, lawyer=users["ls"])
    Consultation.objects.create(
        shift=shift, area=c1, asked_by="王女士", topic="赡养", question="怎么办", advice="协商"
    )
    campaign = ScreeningCampaign.objects.create(
        kind="mwf_visit", date=today, area=ga, households_visited=12, notes="走访十二户"
    )
    RiskItem.objects.create(
        area=ga,
        title="邻里噪音",
        description="夜间装修",
        nature="neighbourhood",
        urgency="medium",
        owner=users["gw"],
        deadline=today + timedelta(days=7),
        campaign=campaign,
    )
    save_key_person(
        KeyPerson(
            person=zhang,
            area=b1,
            category="petitioner",
            risk_level="high",
            reason="多次上访",
            responsible=users["tj"],
        ),
        by=users["sq"],
    )
    return users, tracking_code


def english_on(page, codes: str = "") -> list[str]:
    """Runs of Latin letters in the text a reader sees (the language picker and `codes`,
    the random tracking code staff see, aside)."""
    text = page.evaluate(
        """() => {
            const picker = document.getElementById("lang");
            if (picker) picker.hidden = true;
            const text = document.body.innerText;
            if (picker) picker.hidden = false;
            return text;
        }"""
    )
    return sorted({word for word in ENGLISH.findall(text) if word not in codes})


@pytest.mark.parametrize("username, home", [(r[0], r[4]) for r in ROLES])
def test_each_role_on_a_phone_lands_on_its_work_and_opens_every_menu_entry(
    town, live_server, phone, username, home
):
    _users, tracking_code = town
    sign_in(phone, live_server.url, username, PASSWORD)
    assert phone.url == f"{live_server.url}{home}"
    header = phone.locator("header.top").bounding_box()
    assert header["height"] <= 64 and header["width"] <= PHONE["width"]

    # Folded: the entries show only once the menu button is pressed.
    entries = phone.locator("details.menu nav a")
    assert entries.count() > 0 and not entries.first.is_visible()
    phone.click("details.menu > summary")
    assert entries.first.is_visible()
    hrefs = [entry.get_attribute("href") for entry in entries.all()]
    problems = {}
    if english_on(phone, tracking_code):
        problems[home] = english_on(phone, tracking_code)

    for href in hrefs:
        if phone.locator("details.menu").get_attribute("open") is None:
            phone.click("details.menu > summary")
        with phone.expect_navigation() as navigation:
            phone.click(f'details.menu nav a[href="{href}"]')
        status = navigation.value.status
        found = english_on(phone, tracking_code)
        if status != 200 or found:
            problems[href] = (status, found)
        # Every page keeps the low header.
        assert phone.locator("header.top").bounding_box()["height"] <= 64, href
    assert problems == {}
