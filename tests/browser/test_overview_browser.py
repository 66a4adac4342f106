"""The overview on a phone in Chromium: an official lands on it, drills into a community,
exports its requests by grid to Excel, changes the period; the charts draw (SVG) with no
console error, and print shows the tables."""

import openpyxl
import pytest

from tests.browser.conftest import sign_in
from tests.grids.factories import ServiceRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_an_official_reads_the_overview_on_a_phone_and_prints_it(
    world, request_categories, live_server, phone, tmp_path
):
    for area in (world.ga, world.gb, world.gc):
        ServiceRequestFactory(area=area)
    problems = _watch(phone)
    sign_in(phone, live_server.url, "street_official", "pw-street_official")
    assert phone.url.endswith("/overview/")
    assert "东风街道" in phone.locator("#overview-title").inner_text()
    phone.wait_for_selector("#chart-trend svg", timeout=20000)
    assert phone.locator("#chart-comparison svg").count() == 1

    # Drill into a community: its grids are the children now.
    phone.locator("#table-children-requests a", has_text="东风社区").click()
    phone.wait_for_url("**/overview/?area=C1*")
    assert "东风社区" in phone.locator("#overview-title").inner_text()
    assert phone.locator("#table-children-requests a", has_text="第一网格").count() == 1
    received = phone.locator("[data-measure='requests.received'] .tile-value").inner_text()
    assert received.split() == ["2", "件"]  # GA's and GB's, not GC's

    # Its requests by grid as an Excel file: Chinese headers, a row per grid, numbers.
    with phone.expect_download() as download:
        phone.locator("#export-children-requests a", has_text="导出电子表格").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert rows[0][:2] == ["区域", "受理诉求"]
    assert sorted(row[0] for row in rows[1:]) == ["第一网格", "第二网格"]
    assert sum(row[1] for row in rows[1:]) == 2  # the tile's total, as numbers

    # Change the period: last year has none of this year's requests.
    phone.select_option("#id_period", "last_year")
    phone.click("#period-form button[type=submit]")
    phone.wait_for_url("**period=last_year*")
    received = phone.locator("[data-measure='requests.received'] .tile-value").inner_text()
    assert received.split() == ["0", "件"]
    phone.wait_for_selector("#chart-trend svg", timeout=20000)

    # Typing the dates makes it a custom range (overview.js), both days included.
    phone.fill("#id_start", "2025-12-01")
    phone.fill("#id_end", "2026-01-31")
    phone.dispatch_event("#id_end", "change")
    assert phone.eval_on_selector("#id_period", "s => s.value") == "custom"
    phone.click("#period-form button[type=submit]")
    phone.wait_for_url("**period=custom*")
    assert "2025-12-01 至 2026-01-31" in phone.locator("#period-line").inner_text()
    phone.wait_for_selector("#chart-trend svg", timeout=20000)

    # The page fits the phone: nothing wider than the viewport but the scrolling tables.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1

    # Print: the header and the picker go, the tables stay.
    phone.emulate_media(media="print")
    assert not phone.locator("header.top").is_visible()
    assert not phone.locator("#period-form").is_visible()
    assert phone.locator("#table-trend").is_visible()
    assert phone.locator("#table-league-grids").is_visible()
    assert not problems, problems
