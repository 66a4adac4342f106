"""In Chromium on a phone: a community's staff opens the work report, edits a paragraph,
prints it (the print shows the edited text and none of the forms) and downloads the Word
file, which carries the edit."""

import io

import pytest
from docx import Document

from grids.choices import Role
from tests.browser.conftest import PHONE, sign_in
from tests.conftest import make_area, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community():
    df = make_area("DF", "subdistrict", name="东风街道")
    c1 = make_area("C1", "community", df, name="东风社区")
    make_area("G1", "grid", c1, name="第一网格")
    make_area("G2", "grid", c1, name="第二网格")
    staff = make_user("sun", Role.COMMUNITY_STAFF, c1, full_name="孙书记")
    staff.set_password("pw-sun-2026")
    staff.save()
    return c1


def test_staff_edit_print_and_download_the_report_on_a_phone(community, live_server, phone):
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone, live_server.url, "sun", "pw-sun-2026")
    phone.goto(f"{live_server.url}/report/")
    assert phone.locator("h1").first.inner_text().endswith("东风社区")
    organisation = phone.locator("#id_section_organisation")
    assert "划分为2个网格" in organisation.input_value()
    # The form fits the phone's width: nothing scrolls sideways.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    organisation.fill("修改后的第一段。\n修改后的第二段。")

    phone.emulate_media(media="print")
    phone.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    preview = phone.locator("#report-preview")
    assert preview.is_visible()
    assert not phone.locator("form.report-text").is_visible()
    assert "修改后的第二段。" in preview.inner_text()
    assert "划分为2个网格" not in preview.inner_text()
    phone.emulate_media(media="screen")

    with phone.expect_download() as download:
        phone.click("button[value=docx]")
    data = open(download.value.path(), "rb").read()
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "修改后的第二段。" in texts and "一、资源与组织" in texts
    assert errors == []
