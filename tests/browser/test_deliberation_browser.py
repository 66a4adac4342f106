"""In Chromium on a phone, the deliberation hall's whole loop: a resident raises a matter by
QR code, staff accept it and record a meeting and its decision, milestones reach 100 %, the
resident rates it, and it shows as completed on the community's list of projects."""

import pytest
from django.utils import timezone

from grids.models import Area, Matter
from tests.browser.conftest import PHONE, sign_in
from tests.conftest import make_area, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def building(request_categories) -> Area:
    df = make_area("DF", "subdistrict", name="东风街道")
    c1 = make_area("C1", "community", df, name="东风社区")
    grid = make_area("G1", "grid", c1, name="第一网格")
    worker = make_user("wang", "grid_worker", grid, full_name="王芳")
    worker.set_password("pw-wang-2026")
    worker.save()
    return make_area("B1", "building", grid, name="3号楼")


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_proposal_runs_the_whole_loop_on_phones(building, live_server, browser):
    resident = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = resident.new_page()
    # 居民提事: from the QR page's second tab.
    page.goto(f"{live_server.url}/q/{building.qr_token}/")
    page.click("#propose-tab")
    page.wait_for_selector("#matter-form")
    page.fill("#id_title", "3号楼楼道线路改造")
    page.fill("#id_description", "楼道电线老化，经常跳闸，希望统一改造")
    page.check("#id_anonymous")
    page.click("#matter-form button[type=submit]")
    page.wait_for_selector("#tracking-code")
    _fits(page)
    track_url = page.url.split("?")[0]
    matter = Matter.objects.get()
    assert page.inner_text("#tracking-code").replace("-", "") == matter.tracking_code

    # 网格议事: the grid worker accepts it and records the meeting's decision.
    staff = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    desk = staff.new_page()
    sign_in(desk, live_server.url, "wang", "pw-wang-2026")
    desk.goto(f"{live_server.url}/deliberation/")
    desk.click("text=3号楼楼道线路改造")
    desk.click("#accept")
    desk.wait_for_selector("#status[data-status=accepted]")
    today = timezone.localdate().isoformat()
    desk.fill("#meeting-form [name=held_on]", today)
    desk.check("#meeting-form [value=residents]")
    desk.check("#meeting-form [value=property]")
    desk.fill("#meeting-form [name=minutes]", "居民代表、物业、网格员到会，一致同意改造")
    desk.fill("#meeting-form [name=decision]", "更换3号楼楼道线路，物业施工")
    desk.fill("#meeting-form [name=responsible_bodies]", "物业公司、供电所")
    desk.fill("#meeting-form [name=budget]", "18000")
    desk.click("#meeting-form button[type=submit]")
    desk.wait_for_selector("#status[data-status=in_progress]")
    _fits(desk)

    # 协同办事: milestones up to 100 %.
    for title, progress in (("材料进场", "40"), ("验收完工", "100")):
        desk.fill("#milestone-form [name=title]", title)
        desk.fill("#milestone-form [name=progress]", progress)
        desk.fill("#milestone-form [name=reached_on]", today)
        desk.click("#milestone-form button[type=submit]")
        desk.wait_for_selector(f"#milestones >> text={title}")
    desk.wait_for_selector("#status[data-status=done]")
    staff.close()

    # 群众评事: the resident rates it on their page; the matter closes.
    page.goto(track_url)
    page.wait_for_selector("#rating-form")
    page.locator("#rating-form label").first.click()  # ★★★★★
    page.fill("#rating-form [name=comment]", "很满意")
    page.click("#rating-form button[type=submit]")
    page.wait_for_selector("#your-rating")
    matter.refresh_from_db()
    assert (matter.status, matter.ratings.get().stars) == ("closed", 5)

    # The community's list of projects shows it completed.
    page.goto(f"{live_server.url}/projects/C1/")
    item = page.locator("#projects li[data-status=closed]")
    assert item.count() == 1
    assert "3号楼楼道线路改造" in item.inner_text() and "100%" in item.inner_text()
    assert "验收完工" in item.inner_text()
    _fits(page)
    resident.close()
