"""Exports (grids/generic/exports.py): CSV and Excel files of any table, cell by cell.

The public API first (rows that are dicts, as the overview tables give them), then list pages
through ?export=: headers as the page's, values as the page's, types kept for Excel.
"""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.test import RequestFactory
from django.utils import timezone

from grids.generic.exports import export_response
from grids.generic.tables import Column
from grids.models import AuditEntry
from tests.grids.request_helpers import file_request

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2026-03-01 06:30 UTC is 14:30 in Shanghai: the file shows the local time.
FILED_AT = datetime.datetime(2026, 3, 1, 6, 30, tzinfo=datetime.UTC)
DICT_ROWS = [
    {
        "community": {"name": "东风社区"},
        "received": 352,
        "rate": Decimal("98.3"),
        "day": datetime.date(2026, 3, 1),
        "at": FILED_AT,
        "settled": True,
        "note": '=HYPERLINK("http://evil")',
        "empty": None,
    },
    {"community": {"name": "民主社区"}, "received": 0, "rate": None, "day": None, "at": None},
]
DICT_COLUMNS = [
    Column("社区", "community.name"),
    ("收件", "received"),
    ("办结率", "rate"),
    ("日期", "day"),
    ("时间", "at"),
    ("已调解", "settled"),
    ("备注", "note"),
    ("空", "empty"),
]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def read_csv(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response):
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    return book.worksheets[0]


def values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def dict_export(world, fmt):
    request = RequestFactory().get("/overview/", {"period": "year", "export": fmt})
    request.user = world.street_official
    return export_response(
        request,
        rows=DICT_ROWS,
        columns=DICT_COLUMNS,
        filename="社区统计",
        fmt=fmt,
        subject="dongfeng.overview",
    )


# ---- the public API, with rows that are dicts ----


def test_a_csv_of_dict_rows_has_a_bom_local_times_and_no_formula(world):
    response = dict_export(world, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["社区", "收件", "办结率", "日期", "时间", "已调解", "备注", "空"]
    assert rows[1] == [
        "东风社区",
        "352",
        "98.3",
        "2026-03-01",
        "2026-03-01 14:30:00",
        "是",
        '\'=HYPERLINK("http://evil")',  # a resident's text is never run as a formula
        "",
    ]
    assert rows[2] == ["民主社区", "0", "", "", "", "", "", ""]


def test_an_excel_file_of_dict_rows_keeps_numbers_dates_and_text(world):
    sheet = read_xlsx(dict_export(world, "xlsx"))
    header, first, second = values(sheet)
    assert header == ["社区", "收件", "办结率", "日期", "时间", "已调解", "备注", "空"]
    assert sheet.freeze_panes == "A2"
    assert first[0] == "东风社区"
    assert first[1] == 352 and sheet["B2"].data_type == "n"
    assert first[2] == pytest.approx(98.3) and sheet["C2"].data_type == "n"
    # Real Excel dates, in Shanghai time and naive (Excel has no time zones).
    assert sheet["D2"].is_date and first[3] == datetime.datetime(2026, 3, 1)
    assert sheet["E2"].is_date and first[4] == datetime.datetime(2026, 3, 1, 14, 30)
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert first[5] == "是"
    assert first[6] == '=HYPERLINK("http://evil")' and sheet["G2"].data_type == "s"
    assert first[7] is None
    assert second == ["民主社区", 0, None, None, None, None, None, None]


def test_excel_columns_are_as_wide_as_their_longest_first_values(world):
    sheet = read_xlsx(dict_export(world, "xlsx"))
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABGH"}
    # 备注 holds a 24-character formula text; 空 holds nothing but its 1-character header.
    assert widths["G"] > widths["A"] > widths["H"]
    assert widths["H"] >= 6


def test_an_export_through_the_api_is_audited_with_its_subject_and_filters(world):
    read_csv(dict_export(world, "csv"))
    entry = AuditEntry.objects.get()
    assert entry.user == world.street_official
    assert entry.action == AuditEntry.Action.EXPORT
    assert entry.model == "dongfeng.overview"
    assert entry.summary == "csv, 2 rows, ?period=year"


# ---- list pages ----


def _page_cells(html: str, table_id: str = "object-list") -> list[list[str]]:
    import re

    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group()
    heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th>(.*?)</th>", table)]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr data-pk.*?</tr>", table, re.S)
    ]
    return [heads, *rows]


def test_a_list_page_exports_its_own_headers_and_cells_to_csv(world, as_user):
    client = as_user(world.community_official)
    page = _page_cells(client.get("/people/").content.decode())
    rows = read_csv(client.get("/people/?export=csv"))
    width = len(rows[0])  # the page adds a column of edit/delete links
    assert rows[0] == page[0][:width] and page[0][width:] == ["操作"]
    assert rows[0][0] == "名称"  # the column labels, translated
    # The page shows "—" for nothing; the file leaves the cell empty. Otherwise identical.
    assert [[c or "—" for c in row] for row in rows[1:]] == [row[:width] for row in page[1:]]


def test_a_list_page_exports_to_excel_with_its_headers_and_a_frozen_row(world, as_user):
    client = as_user(world.community_official)
    response = client.get("/people/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = read_xlsx(response)
    assert values(sheet)[0] == ["名称", "类型", "区域", "房号", "电话", "党员"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b  # the header row in bold
    assert sorted(row[0] for row in values(sheet)[1:]) == ["张三", "李四"]


def test_an_excel_inbox_has_the_deadline_as_a_date_in_local_time(world, as_user):
    request = file_request(world.ba1)
    sheet = read_xlsx(as_user(world.worker_a).get("/requests/?export=xlsx"))
    header, row = values(sheet)
    assert header[0] == "编号" and header[-1] == "接单时限"
    assert row[0] == request.public_id
    due = timezone.localtime(request.response_due_at, SHANGHAI).replace(tzinfo=None)
    assert sheet.cell(2, len(header)).is_date
    assert row[-1] == due.replace(microsecond=0)


def test_the_area_tree_exports_its_counts_as_numbers(world, as_user):
    sheet = read_xlsx(as_user(world.street_official).get("/areas/?export=xlsx"))
    rows = {row[0]: row for row in values(sheet)[1:]}
    assert set(rows) == {"DF", "C1", "C2", "GA", "GB", "GC"}  # no buildings, as on the page
    code, name, kind, communities, grids, buildings, people = rows["DF"]
    assert (kind, communities, grids, buildings, people) == ("街道", 2, 3, 3, 3)
    assert rows["GA"][1] == "东风社区 · 第一网格"
    assert isinstance(rows["C1"][4], int)


def test_a_list_with_more_rows_than_a_page_exports_every_row(world, as_user):
    from grids.models import Person

    Person.objects.bulk_create(Person(name=f"居民{i}", area=world.ba1) for i in range(60))
    client = as_user(world.worker_a)
    shown = client.get("/people/?page=2").context["paginator"].per_page
    assert shown < 61
    rows = read_csv(client.get("/people/?page=2&export=csv"))
    assert len(rows) - 1 == 61  # 60 + 张三, whatever the page


def test_export_links_carry_the_pages_filters_and_not_its_page(world, as_user):
    html = as_user(world.community_official).get("/people/?within=GA&page=1").content.decode()
    assert 'href="?within=GA&amp;export=csv"' in html
    assert 'href="?within=GA&amp;export=xlsx"' in html
