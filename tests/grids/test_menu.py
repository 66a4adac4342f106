"""The menu by role (grids.menu): what each role sees, where each lands, what it costs."""

import re

import pytest
from django.test import RequestFactory

from grids import menu as menu_module
from grids.choices import Role
from grids.menu import (
    MenuItem,
    MenuSection,
    home_url,
    register_home,
    register_menu,
    section_links,
    visible_menu,
)
from grids.models import Assignment, User
from tests.conftest import make_user

# Every entry the registry holds today, by URL.
INBOX, ALERTS = "/requests/", "/alerts/"
TREE, PEOPLE, TEAMS, STATIONS, ASSIGNMENTS = (
    "/areas/",
    "/people/",
    "/teams/",
    "/service-points/",
    "/assignments/",
)
DELIBERATION = "/deliberation/"  # the deliberation hall: every role reads its grids' matters
WORKBENCH, DISPUTES, CLINIC, CONSULTATIONS, SCREENINGS, RISKS, KEY_PEOPLE = (
    "/disputes/",
    "/disputes/all/",
    "/disputes/clinic/",
    "/disputes/consultations/",
    "/disputes/screenings/",
    "/disputes/risks/",
    "/disputes/key-people/",
)
VISITS = "/disputes/visits/"
OVERVIEW = "/overview/"
CAMPAIGNS, ACTIVITIES, RECORD, CASES, TOPICS = (
    "/publicity/campaigns/",
    "/publicity/activities/",
    "/publicity/activities/add/",
    "/publicity/cases/",
    "/publicity/topics/",
)
# Publicity is read by every role on its subtree; recording is the work of the roles that
# run activities (grid workers, community staff, police, officials).
PUBLICITY = {CAMPAIGNS, ACTIVITIES, CASES, TOPICS}
ADMIN = "/admin/"
TRIAGE = "/requests/triage/"
PATROL_LOGS, START_PATROL, KEY_PLACES, PATROL_TEAMS, GUARD_POSTS, GUARD_ROTA = (
    "/patrols/logs/",
    "/patrols/logs/add/",
    "/patrols/places/",
    "/patrols/teams/",
    "/patrols/guard-posts/",
    "/patrols/guard-posts/rota/",
)
# The work report: officials and community staff write it.
REPORT = "/report/"
# Every patrol role reads them; volunteers take part in patrols but do not log them.
PATROL_PAGES = {PATROL_LOGS, KEY_PLACES, PATROL_TEAMS, GUARD_POSTS}
# The schools and their terms: every role that reads patrols.
SCHOOLS = {"/patrols/schools/", "/patrols/terms/"}
# Care and volunteers: the files and visits need the sensitive grant; "my care visits" is the
# work of those who may be a file's helper with an account; rounds, teams and hours are read
# by every role on its subtree.
MY_CARE, CARE_FILES, CARE_VISITS = "/care-visits/mine/", "/care-files/", "/care-visits/"
ROUNDS, SG_TEAMS, HOURS = "/door-knocking/", "/self-governance-teams/", "/volunteers/hours/"
SENSITIVE_CARE = {CARE_FILES, CARE_VISITS}
SELF_GOVERNANCE = {ROUNDS, SG_TEAMS, HOURS}
EVERYTHING = {
    REPORT,
    OVERVIEW,
    MY_CARE,
    *SENSITIVE_CARE,
    *SELF_GOVERNANCE,
    *PUBLICITY,
    RECORD,
    *PATROL_PAGES,
    *SCHOOLS,
    START_PATROL,
    GUARD_ROTA,
    INBOX,
    TRIAGE,
    ALERTS,
    TREE,
    PEOPLE,
    TEAMS,
    STATIONS,
    DELIBERATION,
    ASSIGNMENTS,
    WORKBENCH,
    DISPUTES,
    VISITS,
    CLINIC,
    CONSULTATIONS,
    SCREENINGS,
    RISKS,
    KEY_PEOPLE,
    ADMIN,
}
GRID_PAGES = {TREE, PEOPLE, TEAMS, STATIONS, DELIBERATION}
MEDIATION_PAGES = {WORKBENCH, DISPUTES, VISITS, CLINIC, CONSULTATIONS, SCREENINGS, RISKS}

EXPECTED = {
    "worker_a": {
        INBOX,
        ALERTS,
        *GRID_PAGES,
        DISPUTES,
        CLINIC,
        SCREENINGS,
        RISKS,
        *PUBLICITY,
        RECORD,
        *PATROL_PAGES,
        *SCHOOLS,
        START_PATROL,
        MY_CARE,
        *SELF_GOVERNANCE,
    },
    "community_official": {
        OVERVIEW,
        INBOX,
        TRIAGE,
        ALERTS,
        *GRID_PAGES,
        *MEDIATION_PAGES,
        KEY_PEOPLE,
        *PUBLICITY,
        RECORD,
        *PATROL_PAGES,
        START_PATROL,
        GUARD_ROTA,
        *SCHOOLS,
        MY_CARE,
        *SENSITIVE_CARE,
        *SELF_GOVERNANCE,
        REPORT,
    },
    "street_official": EVERYTHING - {ADMIN, MY_CARE},
    "mediator_c1": {
        ALERTS,
        *GRID_PAGES,
        *MEDIATION_PAGES,
        KEY_PEOPLE,
        *PUBLICITY,
        *SENSITIVE_CARE,
        *SELF_GOVERNANCE,
    },
    # Legal advisors open no sensitive files: no key people, no care files.
    "lawyer_c1": {ALERTS, *GRID_PAGES, *MEDIATION_PAGES, *PUBLICITY, *SELF_GOVERNANCE},
    "police_c1": {
        ALERTS,
        *GRID_PAGES,
        *MEDIATION_PAGES,
        KEY_PEOPLE,
        *PUBLICITY,
        RECORD,
        *PATROL_PAGES,
        START_PATROL,
        GUARD_ROTA,
        *SCHOOLS,
        *SENSITIVE_CARE,
        *SELF_GOVERNANCE,
    },
    # Read-only helpers: their grid, its people and services, the clinic's days.
    "volunteer_a": {
        ALERTS,
        *GRID_PAGES,
        CLINIC,
        *PUBLICITY,
        *PATROL_PAGES,
        *SCHOOLS,
        MY_CARE,
        *SELF_GOVERNANCE,
    },
    "admin": EVERYTHING,
    "outsider": set(),
}


@pytest.fixture
def roles(world):
    """The shared world plus the roles it lacks, keyed by username."""
    extra = [
        make_user("lawyer_c1", Role.LEGAL_ADVISOR, world.c1, full_name="刘律师"),
        make_user("police_c1", Role.POLICE, world.c1, full_name="张警官"),
        make_user("volunteer_a", Role.VOLUNTEER, world.ga, full_name="李秀英"),
    ]
    users = [
        world.worker_a,
        world.community_official,
        world.street_official,
        world.mediator_c1,
        world.outsider,
        world.admin,
        *extra,
    ]
    return {user.username: user for user in users}


def header_links(html: str) -> set[str]:
    header = html.split('<header class="top">')[1].split("</header>")[0]
    return set(re.findall(r'<a href="([^"]+)"', header)) - {"/"}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_the_entries_it_may_open_and_no_other(roles, as_user, username):
    client = as_user(roles[username])
    shown = header_links(client.get("/alerts/").content.decode())
    assert shown == EXPECTED[username]
    for url in shown:
        assert client.get(url).status_code == 200, url


def test_the_disputes_section_navigation_comes_from_the_same_registry(roles, as_user):
    page = as_user(roles["worker_a"]).get(DISPUTES).content.decode()
    section = page.split('id="section-nav"')[1].split("</nav>")[0]
    assert set(re.findall(r'href="([^"]+)"', section)) == {DISPUTES, CLINIC, SCREENINGS, RISKS}
    # The current page is marked, and only it ("/disputes/" is a prefix of every entry).
    assert re.findall(r'href="([^"]+)" aria-current="page"', section) == [DISPUTES]


def test_a_section_gives_its_links_to_views_that_want_a_list(roles):
    links = section_links(roles["lawyer_c1"], "disputes")
    assert [url for url, _label in links] == [
        WORKBENCH,
        DISPUTES,
        VISITS,
        CLINIC,
        CONSULTATIONS,
        SCREENINGS,
        RISKS,
    ]
    assert section_links(roles["outsider"], "disputes") == []
    assert section_links(roles["lawyer_c1"], "no-such-section") == []


def test_a_user_without_assignments_gets_no_section_navigation(roles, as_user):
    page = as_user(roles["outsider"]).get(CLINIC).content.decode()
    assert 'id="section-nav"' not in page
    assert '<details class="menu"' in page  # the button still holds "sign out"


def test_the_header_badge_counts_unread_alerts(roles, as_user, world):
    from grids.models import Notification, ServiceRequest
    from tests.grids.request_helpers import file_request

    file_request(world.ba1, description="楼道堆物")
    unread = Notification.objects.filter(recipient=world.worker_a, read_at__isnull=True).count()
    assert unread >= 1 and ServiceRequest.objects.count() == 1
    page = as_user(world.worker_a).get(TREE).content.decode()
    alerts_link = re.search(r'<a href="/alerts/">(.*?)</a>', page).group(1)
    assert f'<b class="badge">{unread}</b>' in alerts_link


HOMES = {
    "worker_a": INBOX,
    "community_official": OVERVIEW,  # registered by dongfeng (the dashboards)
    "street_official": OVERVIEW,
    "mediator_c1": WORKBENCH,
    "lawyer_c1": WORKBENCH,
    "police_c1": WORKBENCH,
    "volunteer_a": "/areas/GA/",
    "admin": TREE,
    "outsider": TREE,
}


@pytest.mark.parametrize("username", sorted(HOMES))
def test_each_role_lands_on_its_work(roles, as_user, username):
    response = as_user(roles[username]).get("/")
    assert response.status_code == 302 and response.url == HOMES[username]
    assert as_user(roles[username]).get(response.url).status_code == 200


def test_signing_in_leads_to_the_role_home_and_next_still_wins(roles, client):
    credentials = {"username": "mediator_c1", "password": "pw-mediator_c1"}
    response = client.post("/accounts/login/", credentials, follow=True)
    assert response.redirect_chain[-1] == (WORKBENCH, 302)
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/?next=/people/", credentials)
    assert response.status_code == 302 and response.url == PEOPLE


def test_a_user_with_several_roles_lands_on_the_first_in_priority(roles, as_user, world):
    mediator = roles["mediator_c1"]
    Assignment.objects.create(user=mediator, role=Role.GRID_WORKER, area=world.gb)
    assert as_user(mediator).get("/").url == INBOX  # the 2-hour clock before the workbench
    Assignment.objects.create(user=mediator, role=Role.OFFICIAL, area=world.df)
    assert as_user(mediator).get("/").url == OVERVIEW  # the widest view first
    volunteer = roles["volunteer_a"]
    Assignment.objects.create(user=volunteer, role=Role.POLICE, area=world.c2)
    assert home_url(User.objects.get(pk=volunteer.pk)) == WORKBENCH


def _request(user: User, path: str = "/areas/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_the_menu_costs_no_query_beyond_the_assignments_and_the_badge(
    roles, world, django_assert_num_queries
):
    # A user with one assignment and one with many: the same queries.
    busy = User.objects.get(pk=roles["mediator_c1"].pk)
    for role, area in [
        (Role.GRID_WORKER, world.ga),
        (Role.POLICE, world.c2),
        (Role.VOLUNTEER, world.gc),
    ]:
        Assignment.objects.create(user=busy, role=role, area=area)
    for user in (User.objects.get(pk=roles["lawyer_c1"].pk), busy):
        request = _request(user)
        # the assignments (once per request, shared with the page's scoping), the alerts badge
        with django_assert_num_queries(2):
            first = visible_menu(request)
        with django_assert_num_queries(0):
            assert visible_menu(request) is first  # the sub-navigation reuses it
    superuser = _request(User.objects.get(pk=roles["admin"].pk))
    with django_assert_num_queries(1):  # a superuser: no assignments to read; the badge
        visible_menu(superuser)


def test_the_header_adds_no_query_to_a_page(roles, as_user, django_assert_num_queries):
    """/alerts/ = session, user, assignments (the menu), badge, alerts, session save (3)."""
    client = as_user(roles["worker_a"])
    client.get(ALERTS)
    with django_assert_num_queries(8):
        assert client.get(ALERTS).status_code == 200


def test_the_current_entry_is_marked(roles, world):
    request = _request(User.objects.get(pk=roles["street_official"].pk), "/disputes/all/?page=2")
    active = [
        item.url
        for section in visible_menu(request).sections
        for item in section.items
        if item.active
    ]
    assert active == [DISPUTES]


def test_a_section_or_a_home_is_registered_once(roles):
    section = MenuSection("probe", "probe", items=(MenuItem("probe", "grids:area_list"),))
    register_menu(section)
    try:
        register_menu(section)  # the same section again (a repeated ready()) is harmless
        with pytest.raises(ValueError):
            register_menu(MenuSection("probe", "other", items=()))
    finally:
        menu_module._sections.pop("probe")
    with pytest.raises(ValueError):
        register_home(Role.GRID_WORKER, lambda user: "/elsewhere/")
    with pytest.raises(ValueError):
        register_home("astronaut", lambda user: "/")


def test_a_later_app_may_replace_a_role_home(roles, as_user):
    original = menu_module._homes[Role.OFFICIAL]
    register_home(Role.OFFICIAL, lambda user: "/elsewhere/", replace=True)
    try:
        assert home_url(roles["street_official"]) == "/elsewhere/"
    finally:
        register_home(Role.OFFICIAL, original, replace=True)
    assert home_url(roles["street_official"]) == "/overview/"


def test_an_item_may_ask_for_any_condition(roles):
    only_named = MenuItem(
        "probe", "grids:area_list", permission=lambda user: user.full_name == "刘律师"
    )
    assert only_named.is_visible_to(roles["lawyer_c1"])
    assert not only_named.is_visible_to(roles["police_c1"])
    assert only_named.is_visible_to(roles["admin"])  # superusers see everything
    staff = MenuItem("probe", "admin:index", staff_only=True)
    assert not staff.is_visible_to(roles["street_official"])
    assert staff.is_visible_to(make_user("st", is_staff=True))  # staff without any role
    anyone = MenuItem("probe", "grids:alerts")  # no condition: anyone holding a role
    assert anyone.is_visible_to(roles["volunteer_a"])
    assert not anyone.is_visible_to(roles["outsider"])
