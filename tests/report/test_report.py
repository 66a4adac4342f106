"""The work report on a hand-built fixture: its phrases, its scoping, its page, its exports
and its API.

The fixture's year is 2025: in C1 (grids GA, GB) four requests (three resolved) and two
settled disputes and one key-person file; in C2 (grid GC) two resolved requests, a referred
dispute and two key-person files. Rows of 2026 must not count in 2025's report.
"""

import io
import re
import zlib
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

from disputes.choices import DisputeStatus
from disputes.models import Dispute
from dongfeng.report.compose import compose, period_words
from grids.choices import RequestStatus
from grids.generic import figures
from grids.generic.figures import FigureFamily, Measure, Period, Section
from grids.models import AuditEntry, ServiceRequest
from tests.disputes.factories import DisputeFactory, KeyPersonFactory
from tests.grids.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2026, 1, 1))
TODAY = date(2026, 11, 27)
YEAR_2025 = {"period": "custom", "start": "2025-01-01", "end": "2025-12-31"}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def filed(area, created, status=RequestStatus.NEW) -> ServiceRequest:
    request = ServiceRequestFactory(area=area)
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=created,
        status=status,
        response_due_at=created + timedelta(hours=2),
        resolve_due_at=created + timedelta(days=3),
        accepted_at=created + timedelta(minutes=30) if status == RequestStatus.RESOLVED else None,
        resolved_at=created + timedelta(days=1) if status == RequestStatus.RESOLVED else None,
    )
    return request


def dispute(area, received, status) -> Dispute:
    row = DisputeFactory(area=area)
    Dispute.objects.filter(pk=row.pk).update(received_at=received, status=status)
    return row


def fill(world, copies: int = 1):
    """The fixture's rows, `copies` times over (the query-count test grows them)."""
    for n in range(copies):
        for grid in (world.ga, world.ga, world.gb):
            filed(grid, local(2025, 3, 1 + n, 9), RequestStatus.RESOLVED)
        filed(world.gb, local(2025, 12, 31, 23, 50))  # the last minutes of the year, new
        filed(world.ga, local(2026, 1, 1, 0, 5), RequestStatus.RESOLVED)  # next year
        filed(world.gc, local(2025, 5, 1, 9), RequestStatus.RESOLVED)  # C2
        filed(world.gc, local(2025, 6, 1, 9), RequestStatus.RESOLVED)  # C2
        dispute(world.ga, local(2025, 4, 1, 9), DisputeStatus.SETTLED)
        dispute(world.gb, local(2025, 9, 1, 9), DisputeStatus.SETTLED)
        dispute(world.gc, local(2025, 10, 1, 9), DisputeStatus.REFERRED)  # C2
    KeyPersonFactory(area=world.ba1)
    KeyPersonFactory(area=world.bc1)
    KeyPersonFactory(area=world.bc1)
    return world


@pytest.fixture
def filled(world):
    return fill(world)


def text_of(report) -> str:
    return "\n".join(
        [report.title, report.date_line, report.intro]
        + [p for s in report.sections for p in s.paragraphs]
    )


def section(report, key: str) -> str:
    return "\n".join(next(s for s in report.sections if s.key == key).paragraphs)


# ---- composition ---------------------------------------------------------------------------


def test_a_communitys_report_counts_its_own_rows_in_the_articles_words(filled):
    report = compose(filled.c1, YEAR, today=TODAY)
    assert report.title == "东风社区2025年平安建设工作总结"
    assert report.date_line == "统计期间：2025年1月1日至2025年12月31日"
    assert report.intro.startswith("2025年，东风社区立足基层治理实际")
    organisation = section(report, "organisation")
    assert "划分为2个网格" in organisation
    assert "每个网格配备1名专职网格员" in organisation
    assert "累计受理报修、咨询等事项4件，办结率达75%" in organisation
    disputes = section(report, "disputes")
    assert "社区排查化解各类矛盾纠纷2件，调解成功率100%，无民转刑案件发生" in disputes
    assert "动态更新重点人员档案1份" in disputes


def test_a_community_staffs_report_never_counts_another_community(filled, as_user):
    response = as_user(filled.community_official).get("/report/", YEAR_2025)
    text = response.context["text"]
    assert response.context["area"] == filled.c1
    assert "事项4件" in text["section_organisation"].value()
    assert "重点人员档案1份" in text["section_disputes"].value()
    # The sub-district's report counts both communities: 6 requests, 3 disputes, 3 files.
    whole = compose(filled.df, YEAR, today=TODAY)
    assert "将2个社区科学划分为3个网格" in section(whole, "organisation")
    assert "累计受理报修、咨询等事项6件，办结率达83%" in section(whole, "organisation")
    assert "街道受理各类矛盾纠纷3件，成功调解2件，调解成功率66%" in section(whole, "disputes")
    assert "移交司法所、法院等专业力量1件" in section(whole, "disputes")
    assert "重点人员档案3份" in section(whole, "disputes")


def test_a_rate_without_a_base_leaves_its_clause_out_never_none(world):
    filed(world.gc, local(2025, 5, 1, 9), RequestStatus.REJECTED)  # spam: nothing to close
    report = compose(world.c2, YEAR, today=TODAY)
    text = text_of(report)
    assert "事项1件" in text
    assert (
        "办结率" not in text and "None" not in text and "%" not in section(report, "organisation")
    )


class Stub(FigureFamily):
    """A family with fixed values: what a later app registers."""

    def __init__(self, name, section, values, measures):
        self.name, self.section, self.values = name, section, values
        self.label = "结对帮扶"
        self.measures = tuple(Measure(key, key, unit="户") for key in measures)

    def compute(self, node, period, *, by=None):
        return dict(self.values)


def test_a_family_not_registered_or_all_zero_leaves_no_trace(world, monkeypatch):
    only = {
        "organisation": figures.family("organisation"),
        "publicity": Stub(
            "publicity", Section.PREVENTION, {"activities": 0, "reached": 0}, ["activities"]
        ),
    }
    monkeypatch.setattr(figures, "_families", only)
    report = compose(world.c1, YEAR, today=TODAY)
    assert set(report.figures) == {"organisation", "publicity"}
    for key in ("disputes", "prevention", "self_governance"):
        assert section(report, key) == ""
    text = text_of(report)
    assert "宣传" not in text.replace("政策宣传", "") and "0次" not in text and "None" not in text


def test_a_family_the_report_has_no_writer_for_is_said_plainly_in_its_section(world, monkeypatch):
    later = Stub("pairing", Section.SELF_GOVERNANCE, {"households": 23}, ["households"])
    monkeypatch.setattr(figures, "_families", {"pairing": later})
    report = compose(world.c1, YEAR, today=TODAY)
    assert section(report, "self_governance") == "结对帮扶。households20余户。"


@pytest.mark.parametrize(
    ("start", "end", "title", "opening"),
    [
        (date(2026, 1, 1), date(2026, 11, 28), "2026年", "今年以来"),
        (date(2025, 1, 1), date(2026, 1, 1), "2025年", "2025年"),
        (date(2026, 7, 1), date(2026, 10, 1), "2026年第三季度", "2026年第三季度"),
        (date(2025, 10, 1), date(2026, 1, 1), "2025年第四季度", "2025年第四季度"),
        (date(2026, 3, 1), date(2026, 4, 1), "2026年3月", "2026年3月"),
        (
            date(2026, 3, 5),
            date(2026, 5, 1),
            "2026年3月5日至2026年4月30日",
            "2026年3月5日至2026年4月30日期间",
        ),
    ],
)
def test_the_period_is_named_as_a_report_names_it(start, end, title, opening):
    assert period_words(Period(start, end), TODAY) == (title, opening)


# ---- the page ------------------------------------------------------------------------------


def test_an_official_lands_on_the_sub_districts_report_for_the_year_so_far(world, as_user):
    response = as_user(world.street_official).get("/report/")
    assert response.status_code == 200
    assert response.context["area"] == world.df
    today = timezone.localdate()
    assert response.context["report"].period.start == date(today.year, 1, 1)
    page = response.content.decode()
    for label in ("一、资源与组织", "二、矛盾纠纷化解", "三、群防群治与宣传", "四、居民自治"):
        assert label in page
    assert 'name="csrfmiddlewaretoken"' in page and 'value="docx"' in page
    assert "report.css" in page and "style=" not in page


def test_an_area_outside_the_users_reach_is_404_like_a_missing_one(world, as_user):
    client = as_user(world.community_official)
    assert client.get("/report/", {"area": "C2"}).status_code == 404
    assert client.get("/report/", {"area": "NOPE"}).status_code == 404
    assert client.get("/report/", {"area": "C1\x00"}).status_code == 404
    assert client.get("/report/", {"area": "GA"}).status_code == 200
    assert as_user(world.worker_a).get("/report/").status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "custom", "start": "2025-03-01", "end": "2025-02-01"}, "end"),
        ({"period": "custom", "start": "1999-12-31", "end": "2025-02-01"}, "start"),
        ({"period": "custom", "start": "2025-01-01", "end": "2101-01-01"}, "end"),
        ({"period": "custom", "start": "2025-01-01"}, "end"),
        ({"period": "custom", "start": "soon", "end": "2025-02-01"}, "start"),
        ({"period": "1999-Q1"}, "period"),
    ],
)
def test_a_bad_period_is_a_field_error_and_no_report(world, as_user, params, field):
    response = as_user(world.street_official).get("/report/", params)
    assert response.status_code == 200
    assert field in response.context["query"].errors
    assert "report" not in response.context


def test_a_quarter_and_last_year_are_periods_to_choose(world, as_user):
    client = as_user(world.street_official)
    year = timezone.localdate().year - 1
    response = client.get("/report/", {"period": f"{year}-Q3"})
    assert response.context["report"].period == Period(date(year, 7, 1), date(year, 10, 1))
    response = client.get("/report/", {"period": "last_year"})
    assert response.context["report"].period == Period(date(year, 1, 1), date(year + 1, 1, 1))


def test_the_report_page_asks_as_many_queries_for_many_rows_as_for_few(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.street_official)
    fill(world, copies=1)
    with django_assert_max_num_queries(45) as few:
        assert client.get("/report/", YEAR_2025).status_code == 200
    fill(world, copies=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/report/", YEAR_2025).status_code == 200


def test_officials_and_community_staff_find_the_report_in_the_menu(world, as_user):
    assert 'href="/report/"' in as_user(world.community_official).get("/alerts/").content.decode()
    assert 'href="/report/"' not in as_user(world.worker_a).get("/alerts/").content.decode()


# ---- the exports ---------------------------------------------------------------------------


def edited(world, fmt: str, **changes) -> dict:
    data = {
        "area": world.c1.code,
        "start": "2025-01-01",
        "end": "2025-12-31",
        "title": "东风社区2025年工作总结（修改稿）",
        "intro": "编辑后的导语段落。",
        "section_organisation": "编辑后的第一段。\n\n编辑后的第二段。",
        "section_disputes": "",
        "section_prevention": "巡逻防控写在这里。",
        "section_self_governance": "",
        "format": fmt,
    }
    data.update(changes)
    return data


def test_the_word_export_carries_the_edited_text_with_its_headings(filled, as_user):
    client = as_user(filled.community_official)
    original = client.get("/report/", YEAR_2025).context["text"]["section_organisation"].value()
    response = client.post("/report/export/", edited(filled, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="report-C1-20250101-20251231.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    texts = [text for _style, text in paragraphs]
    assert ("Title", "东风社区2025年工作总结（修改稿）") in paragraphs
    assert "统计期间：2025年1月1日至2025年12月31日" in texts
    assert ("Heading 1", "一、资源与组织") in paragraphs
    assert ("Heading 1", "三、群防群治与宣传") in paragraphs
    assert ("Heading 1", "二、矛盾纠纷化解") not in paragraphs  # left empty: left out
    assert {"编辑后的导语段落。", "编辑后的第一段。", "编辑后的第二段。"} <= set(texts)
    assert not any("事项4件" in text for text in texts) and "事项4件" in original
    east_asian = doc.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asian == "宋体"
    entry = AuditEntry.objects.get(model="grids.area", object_id=str(filled.c1.pk))
    assert entry.user == filled.community_official and "docx" in entry.summary


def pdf_characters(pdf: bytes) -> set[str]:
    """The characters a PDF's fonts map back to Unicode (their ToUnicode CMaps): what a
    text extractor would read, without one installed."""
    found = set()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if b"beginbfchar" in data:
            for code in re.findall(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]{4})>", data):
                found.add(chr(int(code, 16)))
    return found


def test_the_pdf_export_is_a_pdf_holding_the_edited_chinese_text(filled, as_user):
    response = as_user(filled.community_official).post("/report/export/", edited(filled, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    shown = pdf_characters(response.content)
    assert set("东风社区年工作总结修改稿编辑后的导语段落第一二巡逻防控写在这里资源与组织") <= shown
    assert "办" not in shown  # "办结率" of the composed text was edited away
    assert AuditEntry.objects.filter(summary__contains="pdf").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "题" * 101}, "title"),
        ({"title": ""}, "title"),
        ({"section_organisation": "字" * 8001}, "section_organisation"),
        ({"intro": "字" * 2001}, "intro"),
        ({"start": "2025-06-01", "end": "2025-01-01"}, "end"),
        ({"start": "1999-01-01"}, "start"),
        ({"format": "exe"}, "format"),
        ({"area": "C1\x00"}, "area"),
    ],
)
def test_a_bad_export_is_a_field_error_and_nothing_is_exported(filled, as_user, changes, field):
    response = as_user(filled.community_official).post(
        "/report/export/", edited(filled, "docx", **changes)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert field in response.context["text"].errors
    assert not AuditEntry.objects.filter(summary__contains="work report").exists()


def test_an_export_of_another_communitys_report_is_404(filled, as_user):
    response = as_user(filled.community_official).post(
        "/report/export/", edited(filled, "docx", area="C2")
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(summary__contains="work report").exists()


def test_an_export_without_the_csrf_token_is_refused(filled):
    client = Client(enforce_csrf_checks=True)
    client.force_login(filled.community_official)
    assert client.post("/report/export/", edited(filled, "docx")).status_code == 403


# ---- the API -------------------------------------------------------------------------------


def test_the_api_gives_the_composed_sections_of_the_callers_area(filled, as_user):
    client = as_user(filled.community_official)
    response = client.get("/api/v1/report/", {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == {"code": "C1", "name": "东风社区", "kind": "community"}
    assert (body["start"], body["end"]) == ("2025-01-01", "2025-12-31")
    assert [s["key"] for s in body["sections"]] == [
        "organisation",
        "disputes",
        "prevention",
        "self_governance",
    ]
    assert "事项4件" in body["sections"][0]["paragraphs"][-1]
    assert body["figures"]["requests"]["received"] == 4
    assert body["figures"]["disputes"]["success_rate"] == 1.0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2025-06-01", "end": "2025-01-01"}, "end"),
        ({"start": "soon"}, "start"),
        ({"start": "1999-12-31"}, "start"),
        ({"end": "2101-01-01"}, "end"),
        ({"area": "C2"}, "area"),  # another community: no such area for this caller
        ({"area": "NOPE"}, "area"),
    ],
)
def test_the_api_answers_bad_parameters_with_400_and_the_field(filled, as_user, params, field):
    response = as_user(filled.community_official).get("/api/v1/report/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_is_404_to_who_does_not_report(world, as_user):
    assert as_user(world.worker_a).get("/api/v1/report/").status_code == 404


def test_the_schema_documents_the_reports_real_shape(world, as_user):
    schema = as_user(world.street_official).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/report/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"area", "start", "end"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    report = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert set(report["properties"]) == {
        "area",
        "start",
        "end",
        "title",
        "date_line",
        "intro",
        "sections",
        "figures",
    }


def test_the_report_page_in_chinese_shows_no_english_word(filled, as_user):
    from tests.publicity.test_chinese import english_words

    response = as_user(filled.street_official).get("/report/", YEAR_2025)
    assert english_words(response.content.decode()) - {"street_official"} == set()  # a login


LATER_FAMILIES = {
    "door_knocking": (
        Section.SELF_GOVERNANCE,
        {"rounds": 92, "households": 400, "issues_found": 35, "issues_fixed": 33},
        "开展“敲门行动”。网格员常态化开展“敲门行动”90余次，走访住户400户，解决各类问题30余件。",
        "organisation",
    ),
    "volunteers": (
        Section.SELF_GOVERNANCE,
        {"volunteer_hours": 860.5, "volunteers": 120, "teams": 5},
        "激发群众自治活力。组建群众自治队伍5支，100余名志愿者累计服务850余小时。",
        "self_governance",
    ),
    "care": (
        Section.SELF_GOVERNANCE,
        {
            "care_files": 12,
            "care_visits": 34,
            "residents_visited": 12,
            "visit_coverage": 0.9167,
            "overdue_visits": 2,
        },
        "做实特殊群体关爱。针对独居老人、残疾人等特殊群体建立“一对一”帮扶档案12份，"
        "提供助餐送药、健康监测等精准服务30余人次，走访服务对象12人，走访覆盖率达91%。",
        "self_governance",
    ),
    "deliberation": (
        Section.SELF_GOVERNANCE,
        {
            "raised": 25,
            "accepted": 20,
            "deliberated": 15,
            "done": 12,
            "evaluated": 10,
            "satisfaction": 4.72,
            "projects_done": 9,
        },
        "打造“网格议事厅”协商机制。通过“居民提事—网格议事—协同办事—群众评事”闭环流程，"
        "收集居民提事20余件，网格议事15件，协同办结12件，完成民生项目9个，群众评事满意度平均4.7分。",
        "self_governance",
    ),
}


@pytest.mark.parametrize("name", sorted(LATER_FAMILIES))
def test_the_families_of_later_apps_are_written_in_the_articles_words(world, monkeypatch, name):
    where, values, paragraph, key = LATER_FAMILIES[name]
    stub = Stub(name, where, values, list(values))
    monkeypatch.setattr(figures, "_families", {name: stub})
    assert section(compose(world.c1, YEAR, today=TODAY), key) == paragraph
    # The same family with nothing in the period (its rates without a base: None) leaves no
    # trace; a "now" figure alone, overdue visits, says nothing about the period either.
    zero = {k: (None if isinstance(v, float) and v <= 1 else 0) for k, v in values.items()}
    zero["overdue_visits"] = 2
    monkeypatch.setattr(figures, "_families", {name: Stub(name, where, zero, list(values))})
    assert text_of(compose(world.c1, YEAR, today=TODAY)).count("。") == 1  # the opening only
