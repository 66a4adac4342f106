"""In Chromium on a phone: a grid worker records a WeChat push with a photo and sees the
campaign's progress bar move; a case from the library prints on one A4 page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from grids.choices import Role
from publicity.actions.campaigns import start_campaign
from publicity.choices import Metric
from publicity.models import Activity, Topic
from tests.browser.conftest import PHONE, sign_in
from tests.conftest import make_area, make_user
from tests.grids.request_helpers import jpeg_with_gps
from tests.publicity.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    df = make_area("DF", "subdistrict", name="东风街道")
    c1 = make_area("C1", "community", df, name="东风社区")
    grid = make_area("G1", "grid", c1, name="第一网格")
    make_area("G2", "grid", c1, name="第二网格")
    worker = make_user("wang", Role.GRID_WORKER, grid, full_name="王芳")
    worker.set_password("pw-wang-2026")
    worker.save()
    staff = make_user("sun", Role.COMMUNITY_STAFF, c1, full_name="孙书记")
    staff.set_password("pw-sun-2026")
    staff.save()
    # The data migration's topics are gone after an earlier transactional test's flush.
    topic, _ = Topic.objects.get_or_create(code="anti_fraud", defaults={"name": "反电诈"})
    today = timezone.localdate()
    return start_campaign(
        by=staff,
        title="反电诈宣传月",
        area=c1,
        start=today - timedelta(days=7),
        end=today + timedelta(days=7),
        topics=[topic],
        goals={Metric.PEOPLE_REACHED: 200},
    )


def _bar(page) -> float:
    return float(page.get_attribute("#goal-people_reached", "value"))


def test_a_worker_records_a_push_with_a_photo_and_the_bar_moves(
    campaign, live_server, browser, tmp_path
):
    photo = tmp_path / "push.jpg"
    photo.write_bytes(jpeg_with_gps((800, 600)))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, "wang", "pw-wang-2026")
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    assert _bar(page) == 0
    assert page.locator("#unreached li").count() == 2

    page.goto(f"{live_server.url}/publicity/activities/add/")
    # The defaults: this grid, the running campaign, a WeChat push of one item.
    assert page.locator(f"#id_campaigns input[value='{campaign.pk}']").is_checked()
    page.fill("#id_people_reached", "120")
    page.set_input_files("#id_photo", str(photo))
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/publicity/activities/\d+/$"))
    assert page.locator("img.photo").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    assert _bar(page) == 120
    assert page.locator("#unreached li").all_inner_texts() == ["东风社区 · 第二网格"]
    activity = Activity.objects.get()
    assert activity.photos.count() == 1 and activity.run_by.username == "wang"
    context.close()


def test_a_case_prints_on_one_a4_page(campaign, live_server, browser):
    from publicity.models import Case

    case = CaseFactory(
        area=campaign.area,
        topic=campaign.topics.get(),
        title="冒充客服“退款”骗局",
        summary="居民王某接到自称网购平台客服的电话，称其商品有质量问题可以退款，"
        "诱导其下载屏幕共享软件并输入银行卡验证码，被骗3.2万元。" * 4,
        lesson="正规客服不会要求下载共享屏幕软件或索要验证码；先挂断，再通过官方渠道核实。",
    )
    assert Case.objects.filter(pk=case.pk).exists()
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "sun", "pw-sun-2026")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    assert page.locator("#publish").is_hidden()
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
    context.close()
