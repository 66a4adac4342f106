"""The parties' picker runs in Chromium under the strict policy: type a name, pick from the
scoped matches, receive the dispute with those parties (issue 8 §4.9)."""

import importlib

import pytest
from django.apps import apps

from disputes.models import Dispute
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mediator_picks_the_parties_by_searching(world, live_server, phone):
    importlib.import_module("disputes.migrations.0002_categories").create(apps, None)
    problems: list[str] = []
    phone.on("console", lambda m: m.type == "error" and problems.append(m.text))
    phone.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(phone, live_server.url, "mediator_c1", "pw-mediator_c1")
    phone.goto(f"{live_server.url}/disputes/add/")
    assert phone.locator("#id_applicants").is_hidden()
    phone.fill("#id_applicants-search", "张")
    phone.click(".person-results button:has-text('张三')")
    phone.fill("#id_respondents-search", "李")
    phone.click(".person-results button:has-text('李四')")
    phone.fill("#id_respondents-search", "赵")  # another community's resident: no match
    phone.wait_for_timeout(600)
    assert phone.locator(".person-results button:has-text('赵五')").count() == 0
    phone.select_option("#id_area", str(world.ba1.pk))
    phone.select_option("#id_category", index=1)
    phone.fill("#id_summary", "楼上漏水，协商不成")
    phone.select_option("#id_tier", "1")
    phone.select_option("#id_mediator", str(world.mediator_c1.pk))
    phone.click("form.card .actions button[type=submit]")
    phone.wait_for_url(lambda url: "/disputes/add/" not in url)
    dispute = Dispute.objects.get()
    parties = {(link.person.name, link.role) for link in dispute.party_links.all()}
    assert parties == {("张三", "applicant"), ("李四", "respondent")}
    assert not problems, problems
