"""A strict Content-Security-Policy on every page type, and pages that need nothing inline."""

import re

import pytest

from tests.grids.request_helpers import file_request

INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", re.I
)


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def _pages(world) -> list[tuple[str, object]]:
    request = file_request(world.ga)
    return [
        ("/accounts/login/", None),
        ("/areas/", world.street_official),
        (f"/areas/{world.ga.code}/", world.street_official),
        (f"/areas/{world.ga.code}/edit/", world.street_official),
        (f"/areas/{world.c1.code}/posters/", world.street_official),
        ("/people/", world.street_official),
        (f"/people/{world.person_a.pk}/", world.street_official),
        ("/requests/", world.worker_a),
        (f"/requests/{request.pk}/", world.worker_a),
        ("/alerts/", world.worker_a),
        ("/disputes/", world.mediator_c1),
        ("/api/docs/", world.street_official),
        (f"/q/{world.ga.qr_token}/", None),
        (f"/t/{request.tracking_code}/", None),
        ("/no-such-page/", world.street_official),
    ]


@pytest.mark.django_db
def test_every_page_type_sends_a_self_only_policy_and_has_nothing_inline(
    world, client, request_categories
):
    for url, user in _pages(world):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = _policy(response)
        assert policy["default-src"] == "'self'", url
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'", url
        if response["Content-Type"].startswith("text/html"):
            inline = INLINE.findall(response.content.decode())
            assert not inline, f"{url}: {inline[:3]}"


def test_the_favicon_is_served_by_the_app(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)
