"""In Chromium on a phone: a resident opens a QR URL, files a request with a photo and sees
the tracking page; the grid worker accepts it from their inbox."""

import pytest

from grids.models import Area, ServiceRequest
from tests.browser.conftest import PHONE, sign_in
from tests.conftest import make_area, make_user
from tests.grids.request_helpers import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def building(request_categories, settings, tmp_path) -> Area:
    settings.MEDIA_ROOT = tmp_path
    df = make_area("DF", "subdistrict", name="东风街道")
    c1 = make_area("C1", "community", df, name="东风社区")
    grid = make_area("G1", "grid", c1, name="第一网格")
    worker = make_user("wang", "grid_worker", grid, full_name="王芳")
    worker.set_password("pw-wang-2026")
    worker.save()
    return make_area("B1", "building", grid, name="3号楼")


def test_a_resident_files_with_a_photo_and_the_worker_accepts(
    building, live_server, browser, tmp_path
):
    photo = tmp_path / "corridor.jpg"
    photo.write_bytes(jpeg_with_gps((800, 600)))

    resident = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = resident.new_page()
    page.goto(f"{live_server.url}/q/{building.qr_token}/")
    assert "3号楼" in page.content()
    page.get_by_label("楼道堆物").check()
    page.fill("#id_description", "二单元楼道堆满纸箱，影响通行")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_resident_phone", "13912345678")
    page.click("#resident-form button[type=submit]")
    page.wait_for_selector("#tracking-code")
    page.wait_for_load_state("networkidle")
    code = page.inner_text("#tracking-code").replace("-", "")
    req = ServiceRequest.objects.get()
    assert code == req.tracking_code
    assert req.photos.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    resident.close()

    staff = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    inbox = staff.new_page()
    sign_in(inbox, live_server.url, "wang", "pw-wang-2026")
    inbox.goto(f"{live_server.url}/requests/")
    row = inbox.locator(f"#inbox tr[data-id='{req.public_id}']")
    assert row.count() == 1
    row.locator("a").click()
    inbox.click("#accept")
    inbox.wait_for_selector("#status.accepted")
    inbox.wait_for_load_state("networkidle")
    req.refresh_from_db()
    assert (req.status, req.accepted_by.username) == ("accepted", "wang")
    staff.close()
