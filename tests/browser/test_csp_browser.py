"""Under the strict Content-Security-Policy the pages still work in Chromium: nothing is
refused, the language switch and the confirm dialog run from the static script, and the
offline API docs render."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_the_api_docs_render_under_the_policy(world, live_server, phone):
    problems = _watch(phone)
    sign_in(phone, live_server.url, "street_official", "pw-street_official")
    phone.goto(f"{live_server.url}/api/docs/")
    phone.wait_for_selector(".swagger-ui .info .title", timeout=20000)
    assert "东风街道" in phone.locator(".swagger-ui .info .title").inner_text()
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_the_confirm_dialog_and_the_language_switch_run_from_the_static_script(
    world, live_server, phone
):
    problems = _watch(phone)
    sign_in(phone, live_server.url, "street_official", "pw-street_official")
    token = world.ga.qr_token
    phone.goto(f"{live_server.url}/areas/{world.ga.code}/")
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    phone.on("dialog", dismiss)
    phone.click("button[data-confirm]")
    assert dialogs and "二维码" in dialogs[0]
    world.ga.refresh_from_db()
    assert world.ga.qr_token == token  # dismissed: nothing regenerated

    with phone.expect_navigation():  # the switch submits its form: wait for the new page
        phone.select_option("#lang", "en")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert not problems, problems
