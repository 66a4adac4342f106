"""A grid worker's care round on a phone in Chromium: the overdue visit waits in 我的帮扶走访,
opens its file, is recorded there, and the next visit is planned."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grids.choices import CareVisitStatus
from grids.models import CareVisit
from tests.browser.conftest import sign_in
from tests.grids import factories as gf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_grid_worker_records_an_overdue_care_visit_on_a_phone(world, live_server, phone):
    care_file = gf.CareFileFactory(area=world.ba1, helper_user=world.worker_a, helper_person=None)
    today = timezone.localdate()
    CareVisit.objects.filter(care_file=care_file, status=CareVisitStatus.PLANNED).update(
        due_on=today - timedelta(days=2)
    )
    problems: list[str] = []
    phone.on("pageerror", lambda error: problems.append(str(error)))

    sign_in(phone, live_server.url, "worker_a", "pw-worker_a")
    phone.goto(f"{live_server.url}/care-visits/mine/")
    overdue = phone.locator("#care-overdue")
    assert overdue.locator("a").count() == 1
    overdue.locator("a").first.click()
    phone.wait_for_url(f"**{care_file.get_absolute_url()}")

    phone.click("#record-visit")
    phone.wait_for_selector("#visit-form")
    phone.select_option("#id_kind", "meal")
    phone.fill("#id_visited_on", today.isoformat())
    phone.fill("#id_notes", "送午餐，老人精神好")
    phone.click("#visit-form button[type=submit]")
    phone.wait_for_url(f"**{care_file.get_absolute_url()}")
    assert "已记录帮扶走访，并已安排下一次走访。" in phone.locator("body").inner_text()

    done = CareVisit.objects.get(care_file=care_file, status=CareVisitStatus.DONE)
    assert done.visited_on == today and done.recorded_by == world.worker_a
    planned = CareVisit.objects.get(care_file=care_file, status=CareVisitStatus.PLANNED)
    assert planned.due_on > today

    # Back in the list: nothing overdue, the visit among the recorded ones.
    phone.goto(f"{live_server.url}/care-visits/mine/")
    assert phone.locator("#care-overdue a").count() == 0
    assert phone.locator(f"#care-done [data-visit='{done.pk}']").count() == 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    assert not problems, problems
