"""Every table of the overview as a CSV or Excel file (?export=csv|xlsx&table=KEY): the
page's headings and rows, numbers as numbers, scoped and audited like the page and the lists."""

import csv
import io
import re
from html import unescape
from urllib.parse import unquote

import openpyxl
import pytest

from grids.models import AuditEntry, User
from tests.dongfeng.conftest import JANUARY
from tests.pages.test_demo_detail_pages import ENGLISH, visible_text

SUB_DISTRICT = {"area": "DF", **JANUARY}


def page_table(page: str, key: str) -> tuple[list[str], list[list[str]]]:
    """The headings and the rows (label and cells, rank first in a league) of a page's table."""
    table = re.search(rf'<table[^>]*id="table-{re.escape(key)}".*?</table>', page, re.S).group()

    def text(html: str) -> str:
        return unescape(re.sub(r"<[^>]+>", "", html)).strip()

    heads = [text(h) for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table)]
    rows = [
        [text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    return heads, rows


def number(cell: str):
    """A page's cell as the file holds it: 98.3% → 98.3, — → nothing, 3 → 3."""
    if cell == "—":
        return None
    return float(cell.rstrip("%"))


def export(client, fmt: str, table: str, params=None):
    return client.get("/overview/", {**(params or SUB_DISTRICT), "table": table, "export": fmt})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]


def test_every_table_links_to_both_files_for_its_node_and_period(figures_world, as_user):
    client = as_user(figures_world.street_official)
    page = client.get("/overview/", JANUARY).content.decode()
    keys = re.findall(r'<table class="figures-table" id="table-([^"]+)"', page)
    # By area per family, both leagues, and the charts' number tables.
    assert {"children-requests", "league-communities", "league-grids", "trend"} <= set(keys)
    assert {"comparison", "category-requests"} <= set(keys)
    for key in keys:
        links = re.search(rf'<div class="actions export-links" id="export-{key}">(.*?)</div>', page)
        assert links, f"no export links beside {key}"
        hrefs = [unescape(h) for h in re.findall(r'href="([^"]+)"', links.group(1))]
        query = "?area=DF&period=custom&start=2026-01-01&end=2026-01-31"
        assert hrefs == [f"{query}&table={key}&export=csv", f"{query}&table={key}&export=xlsx"]
        assert re.findall(r">([^<]+)</a>", links.group(1)) == ["导出逗号分隔表格", "导出电子表格"]
    response = client.get(f"/overview/{hrefs[1]}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_the_chinese_page_shows_the_links_and_no_latin_words(figures_world, as_user):
    client = as_user(figures_world.street_official)
    page = client.get("/overview/", JANUARY, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    text = visible_text(page)
    assert text.count("导出逗号分隔表格") == text.count("导出电子表格") > 10
    names = set(User.objects.values_list("username", flat=True))  # the signed-in user's
    assert [w for w in ENGLISH.findall(text) if not any(w in name for name in names)] == []


def test_a_league_table_in_excel_has_the_pages_headings_and_numbers(figures_world, as_user):
    client = as_user(figures_world.street_official)
    page = client.get("/overview/", SUB_DISTRICT).content.decode()
    heads, rows = page_table(page, "league-communities")
    response = export(client, "xlsx", "league-communities")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    filename = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert filename.startswith("各社区排名-东风街道-20260101-20260131-")
    assert filename.endswith(".xlsx")
    sheet = read_xlsx(response)
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    header = values[0]
    assert header[:3] == ["名次", "区域", "办结率（%）"]
    assert len(header) == len(heads)
    # The same columns as the page: rates say they are percent, numbers their unit.
    for file_head, page_head in zip(header, heads, strict=True):
        assert file_head == page_head or file_head.startswith(f"{page_head}（")
    assert [line[1] for line in values[1:]] == ["东风社区", "民主社区"]
    for line, shown in zip(values[1:], rows, strict=True):
        assert line[0] == int(shown[0])  # the rank
        assert line[2:] == [number(cell) for cell in shown[2:]]
    assert values[1][2] == 100  # 办结率 100%: the number 100, in percent
    assert sheet["A2"].data_type == "n" and sheet["C2"].data_type == "n"
    received = header.index("巡逻人次")
    assert sheet.cell(2, received + 1).data_type == "n"
    assert isinstance(values[1][received], int)


def test_the_children_table_in_csv_has_a_row_per_child_with_the_boards_totals(
    figures_world, as_user
):
    client = as_user(figures_world.street_official)
    page = client.get("/overview/", SUB_DISTRICT).content.decode()
    heads, rows = page_table(page, "children-requests")
    response = export(client, "csv", "children-requests")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = read_csv(response)
    assert lines[0][0] == "区域" and lines[0][1] == "受理诉求"
    assert len(lines[0]) == len(heads)
    assert [line[0] for line in lines[1:]] == ["东风社区", "民主社区"]
    assert [line[1] for line in lines[1:]] == ["3", "1"]  # January: C1 three, C2 one
    for line, shown in zip(lines[1:], rows, strict=True):
        assert line[0] == shown[0]
        assert [float(v) if v else None for v in line[1:]] == [number(c) for c in shown[1:]]
    # The children add up to the sub-district's tile.
    assert sum(int(line[1]) for line in lines[1:]) == 4
    filename = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert filename.startswith("居民诉求（按区域）-东风街道-20260101-20260131-")


def test_the_charts_number_tables_export_too(figures_world, as_user):
    client = as_user(figures_world.street_official)
    trend = read_csv(export(client, "csv", "trend"))
    assert trend[0][:2] == ["月份", "受理诉求"]
    assert trend[1][:2] == ["2026年1月", "4"]
    sheet = read_xlsx(export(client, "xlsx", "comparison"))
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0][:2] == ["区域", "办结率（%）"]
    assert values[1][:2] == ["东风社区", 100] and sheet["B2"].data_type == "n"
    categories = read_csv(export(client, "csv", "category-requests"))
    assert sum(int(line[1]) for line in categories[1:]) == 4


def test_an_export_is_audited_like_a_lists(figures_world, as_user):
    client = as_user(figures_world.street_official)
    body(export(client, "xlsx", "league-grids"))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.user == figures_world.street_official
    assert entry.model == "dongfeng.overview"
    assert entry.summary == (
        "xlsx, 3 rows, ?area=DF&period=custom&start=2026-01-01&end=2026-01-31&table=league-grids"
    )


@pytest.mark.parametrize("area", ["C2", "DF", "NOPE"])
def test_a_community_user_may_export_only_their_communitys_tables(figures_world, as_user, area):
    client = as_user(figures_world.community_official)
    response = export(client, "csv", "children-requests", {"area": area, **JANUARY})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
    own = read_csv(export(client, "csv", "league-grids", {"area": "C1", **JANUARY}))
    assert [line[1] for line in own[1:]] == ["第一网格", "第二网格"]
    assert "民主社区" not in str(own)


def test_no_overview_role_no_file(figures_world, as_user):
    client = as_user(figures_world.worker_a)
    assert export(client, "csv", "trend", JANUARY).status_code == 404
    assert export(client, "csv", "trend", {"area": "GA", **JANUARY}).status_code == 404


@pytest.mark.parametrize(
    "params, error",
    [
        ({**SUB_DISTRICT, "table": "nope", "export": "csv"}, "本概览没有可导出的表格“nope”。"),
        ({**SUB_DISTRICT, "export": "xlsx"}, "本概览没有可导出的表格“”。"),
        ({**SUB_DISTRICT, "table": "trend", "export": "pdf"}, "未知的导出格式"),
        (
            {
                "period": "custom",
                "start": "2026-02-01",
                "end": "2026-01-01",
                "table": "trend",
                "export": "csv",
            },
            'id="error-end"',
        ),
    ],
)
def test_an_unknown_table_or_format_or_a_bad_period_is_the_page_with_its_error(
    figures_world, as_user, params, error
):
    response = as_user(figures_world.street_official).get("/overview/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert error in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
