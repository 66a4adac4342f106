"""QR codes: SVG and PNG per grid and building, printable posters, a community's print run."""

import pytest

from grids.models import Area


def test_svg_and_png_encode_the_public_url_of_the_token(world, as_user):
    client = as_user(world.worker_a)
    svg = client.get("/areas/BA1/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<svg")
    png = client.get("/areas/BA1/qr.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'filename="qr-BA1.png"' in png["Content-Disposition"]


def test_the_poster_names_the_area_and_points_at_its_token(world, as_user, settings):
    settings.PUBLIC_BASE_URL = "https://dongfeng.example.gov.cn"
    body = as_user(world.worker_a).get("/areas/BA1/poster/").content.decode()
    assert "1号楼" in body and "扫码" in body
    assert f"https://dongfeng.example.gov.cn/q/{world.ba1.qr_token}/" in body
    assert body.count('class="poster"') == 1


def test_a_communitys_print_run_has_one_poster_per_grid_and_building(world, as_user):
    body = as_user(world.community_official).get("/areas/C1/posters/").content.decode()
    assert body.count('class="poster"') == 4  # GA, GB, BA1, BB1
    for area in (world.ga, world.gb, world.ba1, world.bb1):
        assert f"/q/{area.qr_token}/" in body
    assert world.gc.qr_token not in body


@pytest.mark.parametrize("url", ["/areas/BB1/qr.svg", "/areas/BB1/poster/", "/areas/C1/posters/"])
def test_another_grids_codes_are_404(world, as_user, url):
    assert as_user(world.worker_a).get(url).status_code == 404


def test_communities_have_no_qr_image_of_their_own(world, as_user):
    assert as_user(world.street_official).get("/areas/C1/qr.svg").status_code == 404


def test_the_printed_token_is_never_the_database_id(world):
    for area in Area.objects.filter(kind__in=["grid", "building"]):
        assert str(area.pk) != area.qr_token and len(area.qr_token) >= 22
