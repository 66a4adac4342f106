"""The resident's side: QR page, photo handling, honeypot, rate limits, tracking and rating."""

import io

import pytest
from PIL import Image

from grids.actions.areas import regenerate_qr_token
from grids.actions.requests import accept_request, add_note, resolve_request
from grids.models import Area, RequestCategory, RequestPhoto, ServiceRequest
from tests.grids.request_helpers import file_request, jpeg_with_gps, upload


def _form(world, **extra):
    data = {
        "category": RequestCategory.objects.get(code="repair").pk,
        "description": "三楼楼道灯坏了，晚上看不见",
        "resident_name": "刘阿姨",
        "resident_phone": "13912345678",
        "website": "",
    }
    data.update(extra)
    return data


def _url(area):
    return f"/q/{area.qr_token}/"


def test_the_qr_page_offers_every_active_category(world, client):
    body = client.get(_url(world.ba1)).content.decode()
    for name in ("安全隐患", "环境卫生", "报修", "咨询", "飞线充电", "楼道堆物", "其他"):
        assert name in body
    assert "1号楼" in body


def test_submitting_gives_a_tracking_code_and_routes_to_the_grid(world, client):
    response = client.post(_url(world.ba1), _form(world))
    assert response.status_code == 302
    req = ServiceRequest.objects.get()
    assert (req.area, req.grid, req.source, req.status) == (world.ba1, world.ga, "qr", "new")
    assert len(req.tracking_code) == 12
    page = client.get(response.url).content.decode()
    assert req.display_code in page
    # the grid's worker has an alert; nobody else does
    assert list(req.notifications.values_list("recipient__username", flat=True)) == ["worker_a"]


def test_tracking_codes_carry_at_least_50_random_bits():
    from grids.models.requests import TRACKING_ALPHABET, TRACKING_LENGTH, new_tracking_code

    assert len(TRACKING_ALPHABET) ** TRACKING_LENGTH >= 2**50
    assert len({new_tracking_code() for _ in range(1000)}) == 1000
    assert not set("ILOU") & set(TRACKING_ALPHABET)


def test_an_unknown_or_replaced_code_shows_a_friendly_404(world, client):
    old = _url(world.ga)
    regenerate_qr_token(Area.objects.get(code="GA"), by=world.street_official)
    for url in (old, "/q/not-a-real-token/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "二维码已失效" in response.content.decode()
    assert client.post(old, _form(world)).status_code == 404
    assert not ServiceRequest.objects.exists()


def test_a_photo_is_reencoded_without_its_gps_data(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.post(_url(world.ba1), _form(world, photo=upload(jpeg_with_gps(), "IMG_0001.JPG")))
    photo = RequestPhoto.objects.get()
    data = photo.image.read()
    assert b"PhoneMaker" not in data
    assert Image.open(io.BytesIO(data)).getexif() == {}
    assert "IMG_0001" not in photo.image.name and photo.by_resident


@pytest.mark.parametrize(
    "payload,message",
    [
        (b"#!/bin/sh\necho not an image\n", "不是"),  # a script named .jpg
        (b"GIF89a" + b"\x00" * 100, "不是"),  # a GIF: not accepted
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(world, client, payload, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(_url(world.ba1), _form(world, photo=upload(payload)))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_a_photo_over_40_megapixels_is_refused(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")  # 48 MP, a few KB
    response = client.post(_url(world.ba1), _form(world, photo=upload(out.getvalue(), "big.png")))
    assert "photo" in response.context["form"].errors
    assert "4000" in str(response.context["form"].errors["photo"]) or "40" in str(
        response.context["form"].errors["photo"]
    )


def test_a_photo_over_10_mb_is_refused(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = jpeg_with_gps() + b"\x00" * (10 * 1024 * 1024)
    response = client.post(_url(world.ba1), _form(world, photo=upload(big)))
    assert "photo" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [("website", "http://spam.example"), ("description", "x" * 2001), ("resident_phone", "12")],
)
def test_bad_input_and_the_honeypot_are_refused(world, client, field, value):
    response = client.post(_url(world.ba1), _form(world, **{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_anonymous_requests_keep_no_name_or_phone(world, client):
    client.post(_url(world.ba1), _form(world, anonymous="on"))
    req = ServiceRequest.objects.get()
    assert (req.resident_name, req.resident_phone, req.anonymous) == ("", "", True)


def test_a_flood_from_one_address_gets_429_in_chinese_and_others_are_unaffected(
    world, client, settings
):
    settings.RATE_LIMIT_PER_IP = 3
    for _ in range(3):
        assert client.post(_url(world.ba1), _form(world), REMOTE_ADDR="10.0.0.7").status_code == 302
    flooded = client.post(_url(world.ba1), _form(world), REMOTE_ADDR="10.0.0.7")
    assert flooded.status_code == 429
    assert "提交过于频繁" in flooded.content.decode()
    # A forged X-Forwarded-For does not give the flooder a fresh identity.
    forged = client.post(
        _url(world.ba1), _form(world), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert forged.status_code == 429
    # Another resident is served as usual.
    assert client.post(_url(world.ba1), _form(world), REMOTE_ADDR="10.0.0.8").status_code == 302
    assert ServiceRequest.objects.count() == 4


def test_behind_one_proxy_the_proxys_view_of_the_client_counts(world, client, settings):
    settings.RATE_LIMIT_PER_IP = 2
    settings.NUM_PROXIES = 1
    for forged in ("1.1.1.1", "2.2.2.2"):
        header = f"{forged}, 203.0.113.9"  # the client wrote the left part; our proxy the right
        response = client.post(_url(world.ba1), _form(world), HTTP_X_FORWARDED_FOR=header)
        assert response.status_code == 302
    response = client.post(
        _url(world.ba1), _form(world), HTTP_X_FORWARDED_FOR="3.3.3.3, 203.0.113.9"
    )
    assert response.status_code == 429


def test_a_flood_on_one_qr_code_is_limited_per_code(world, client, settings):
    settings.RATE_LIMIT_PER_CODE = 2
    for ip in ("10.1.0.1", "10.1.0.2"):
        assert client.post(_url(world.ba1), _form(world), REMOTE_ADDR=ip).status_code == 302
    assert client.post(_url(world.ba1), _form(world), REMOTE_ADDR="10.1.0.3").status_code == 429
    assert client.post(_url(world.bb1), _form(world), REMOTE_ADDR="10.1.0.4").status_code == 302


def test_the_form_is_csrf_protected(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(world.ba1), _form(world)).status_code == 403


def test_tracking_shows_plain_language_progress_and_no_staff_notes(world, client):
    req = file_request(world.ba1)
    accept_request(req, by=world.worker_a)
    add_note(req, by=world.worker_a, note="内部备注：联系物业王经理")
    body = client.get(f"/t/{req.tracking_code}/").content.decode()
    assert "网格员已接单" in body
    assert "王经理" not in body


def test_the_lookup_forgives_case_dashes_and_lookalike_letters(world, client):
    req = file_request(world.ba1)
    typed = req.display_code.lower().replace("0", "o")
    response = client.get("/t/", {"code": typed})
    assert response.status_code == 302 and response.url == f"/t/{req.tracking_code}/"
    assert client.get("/t/", {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 200
    assert client.get("/t/ZZZZZZZZZZZZ/").status_code == 404


def test_a_resident_rates_once_after_resolution(world, client):
    req = file_request(world.ba1)
    url = f"/t/{req.tracking_code}/"
    early = client.post(url, {"rating": 5})
    assert early.status_code == 400
    accept_request(req, by=world.worker_a)
    resolve_request(req, by=world.worker_a, resolution="已清理")
    assert client.post(url, {"rating": 9}).status_code == 400
    assert client.post(url, {"rating": 4, "comment": "很及时"}).status_code == 302
    again = client.post(url, {"rating": 1})
    assert again.status_code == 400
    req.refresh_from_db()
    assert (req.rating, req.rating_comment) == (4, "很及时")


def test_a_script_in_a_description_is_escaped_in_the_inbox_and_the_request_page(world, as_user):
    req = file_request(world.ba1, description="<script>alert('x')</script> 有人乱扔垃圾")
    client = as_user(world.worker_a)
    for url in ("/requests/", f"/requests/{req.pk}/", f"/t/{req.tracking_code}/"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
    assert "&lt;script&gt;" in client.get(f"/requests/{req.pk}/").content.decode()


def test_with_the_rate_limiter_s_redis_down_residents_are_still_served_and_it_is_logged(
    world, client, caplog
):
    """A real Redis client pointed at a port where nothing listens: the limiter lets
    residents through (their request matters more than the flood guard) and says so."""
    from django.test import override_settings

    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable, RATE_LIMIT_PER_IP=1), caplog.at_level("WARNING"):
        for _ in range(3):
            response = client.post(_url(world.ba1), _form(world), REMOTE_ADDR="10.0.0.9")
            assert response.status_code == 302
    assert ServiceRequest.objects.count() == 3
    assert "rate limiter unavailable" in caplog.text
