"""In Chromium on a phone: a grid worker starts a patrol, ticks two places, loses the
connection, adds a finding, comes back online and stops. The server holds exactly one log
with two places and one finding, and the finding becomes a resident request."""

import pytest

from grids.choices import RequestSource
from grids.models import ServiceRequest
from patrols.models import Finding, PatrolLog, PatrolStop
from tests.browser.conftest import PHONE
from tests.conftest import make_area, make_user
from tests.patrols import factories as pf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def patrol_world(request_categories):
    df = make_area("DF", "subdistrict", name="东风街道")
    c1 = make_area("C1", "community", df, name="东风社区")
    grid = make_area("G1", "grid", c1, name="第一网格")
    worker = make_user("wang", "grid_worker", grid, full_name="王芳")
    worker.set_password("pw-wang-2026")
    worker.save()
    other = make_area("G2", "grid", c1, name="第二网格")
    # A community's team; the worker of one grid is a member and patrols the whole community.
    team = pf.PatrolTeamFactory(area=c1, name="东风社区巡逻队")
    pf.TeamMemberFactory(team=team, kind="grid_worker", person=None, user=worker)
    square = pf.KeyPlaceFactory(area=other, name="高铁广场", kind="transport_hub")
    park = pf.KeyPlaceFactory(area=grid, name="人民公园")
    return team, square, park


def _synced(page) -> None:
    """Every queued entry has reached the server (none left in localStorage)."""
    page.wait_for_function(
        "() => !document.querySelector('li.pending')"
        " && Object.keys(localStorage).every(k => !k.startsWith('patrol-queue-'))"
    )


def test_a_patrol_logged_on_a_phone_survives_a_lost_connection(patrol_world, live_server, browser):
    team, square, park = patrol_world
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "pw-wang-2026")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{live_server.url}/patrols/logs/add/")
    page.select_option("#id_team", str(team.pk))
    page.select_option("#id_mode", "foot")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#patrol")
    log = PatrolLog.objects.get()

    page.click("form.tick-form button[data-place-name='高铁广场']")
    page.click("form.tick-form button[data-place-name='人民公园']")
    _synced(page)
    assert PatrolStop.objects.filter(log=log).count() == 2

    context.set_offline(True)
    page.fill("#id_text", "公园东门路灯不亮")
    page.click("#finding-form button[type=submit]")
    page.wait_for_selector("#findings li.pending")
    assert "公园东门路灯不亮" in page.inner_text("#findings")
    queued = page.evaluate(f"JSON.parse(localStorage.getItem('patrol-queue-{log.pk}')).length")
    assert queued == 1
    assert not Finding.objects.exists()

    context.set_offline(False)
    _synced(page)
    page.click("#stop-form button[type=submit]")
    page.wait_for_selector("#status[data-status='closed']")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    assert PatrolLog.objects.count() == 1
    log.refresh_from_db()
    assert log.status == "closed"
    assert sorted(log.stops.values_list("place__name", flat=True)) == ["人民公园", "高铁广场"]
    (finding,) = log.findings.all()
    assert finding.text == "公园东门路灯不亮"

    page.click(f"#finding-{finding.pk} details:first-of-type summary")
    page.select_option(f"#finding-{finding.pk} select[name=category]", label="报修")
    page.click(f"#finding-{finding.pk} details:first-of-type button[type=submit]")
    page.wait_for_selector(f"#finding-{finding.pk} a[href*='/requests/']")
    request = ServiceRequest.objects.get()
    assert (request.source, request.description) == (RequestSource.PATROL, "公园东门路灯不亮")
    finding.refresh_from_db()
    assert finding.request == request
    context.close()
