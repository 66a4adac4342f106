"""?export= on the list pages: scoped, filtered and masked like the page, audited, and an
invalid filter or format is the page's error with status 400, never a file or a 500.

(tests/test_access_matrix.py runs every list page's export against its reader and an
outsider; these are the cases by hand.)
"""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grids.models import AuditEntry, Person
from tests.disputes import factories as df
from tests.grids.request_helpers import file_request

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data)))


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def first_cells(response) -> set[str]:
    return {row[0] for row in read_csv(response)[1:]}


# ---- scoping ----


def test_a_workers_export_never_holds_another_grids_rows(world, as_user):
    mine, theirs = file_request(world.ba1), file_request(world.bb1)
    client = as_user(world.worker_a)
    assert first_cells(client.get("/requests/?state=all&export=csv")) == {mine.public_id}
    sheet = read_xlsx(client.get("/requests/?state=all&export=xlsx"))
    assert [row[0] for row in sheet[1:]] == [mine.public_id]
    assert theirs.public_id not in str(sheet)
    assert first_cells(client.get("/people/?export=csv")) == {"张三"}


def test_an_outsiders_export_holds_nothing_but_the_header(world, as_user):
    file_request(world.ba1)
    client = as_user(world.outsider)
    for url in ("/people/?export=csv", "/requests/?state=all&export=csv", "/areas/?export=csv"):
        rows = read_csv(client.get(url))
        assert len(rows) == 1 and rows[0], url


def test_a_community_officials_export_is_their_community(world, as_user):
    names = first_cells(as_user(world.community_official).get("/people/?export=csv"))
    assert names == {"张三", "李四"}  # 赵五 lives in the other community


# ---- masking ----


def test_phones_are_masked_in_the_export_exactly_as_on_the_page(world, as_user):
    client = as_user(world.community_official)
    page = client.get("/people/").content.decode()
    rows = read_csv(client.get("/people/?export=csv"))
    phone = rows[0].index("电话")
    phones = {row[0]: row[phone] for row in rows[1:]}
    assert phones == {"张三": "138****1234", "李四": "139****1111"}
    assert all(p in page for p in phones.values())
    cells = {str(cell) for row in read_xlsx(client.get("/people/?export=xlsx")) for cell in row}
    assert "138****1234" in cells and "13812341234" not in cells


def test_key_people_and_dispute_parties_are_masked_in_their_exports(world, as_user):
    dispute = df.DisputeFactory(area=world.ga)  # parties 甲方 and 乙方
    rows = read_csv(as_user(world.street_official).get("/disputes/all/?export=csv"))
    text = "\n".join(",".join(row) for row in rows)
    names = [link.person.name for link in dispute.party_links.all()]
    assert sorted(names) == ["乙方", "甲方"]
    for name in names:
        assert name not in text  # whole names never leave; 甲* does, as on the page
        assert name[0] + "*" in text


def test_a_key_person_export_is_masked_and_logs_the_read_of_every_file(world, as_user):
    key_person = df.KeyPersonFactory(area=world.ba1, person=world.person_a)
    AuditEntry.objects.all().delete()
    rows = read_csv(as_user(world.mediator_c1).get("/disputes/key-people/?export=csv"))
    assert rows[1][:2] == ["张*", "1101**********002X"]
    assert "张三" not in str(rows) and "11010519491231002X" not in str(rows)
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, summary="export")
    assert [(r.user, r.object_id) for r in reads] == [(world.mediator_c1, str(key_person.pk))]
    assert AuditEntry.objects.filter(action="export", model="disputes.keyperson").count() == 1


# ---- audit ----


def test_every_export_writes_an_audit_entry_with_format_rows_and_filters(world, as_user):
    client = as_user(world.community_official)
    read_csv(client.get("/people/?within=GA&page=1&export=csv"))
    client.get("/people/?within=GA&export=xlsx").getvalue()
    csv_entry, xlsx_entry = AuditEntry.objects.order_by("pk")
    for entry in (csv_entry, xlsx_entry):
        assert entry.user == world.community_official
        assert entry.action == AuditEntry.Action.EXPORT
        assert entry.model == "grids.person"
    assert csv_entry.summary == "csv, 1 rows, ?within=GA"
    assert xlsx_entry.summary == "xlsx, 1 rows, ?within=GA"


def test_showing_the_page_writes_no_audit_entry(world, as_user):
    as_user(world.community_official).get("/people/")
    assert not AuditEntry.objects.exists()


# ---- filters and bad input ----


def test_the_pages_filters_apply_to_the_export(world, as_user):
    client = as_user(world.community_official)
    assert first_cells(client.get("/people/?within=GB&export=csv")) == {"李四"}
    file_request(world.ba1)
    closed = file_request(world.ba1)
    from grids.actions.requests import reject_request

    reject_request(closed, by=world.worker_a, reason="重复")
    inbox = client.get("/requests/?export=csv")  # the inbox's default: open requests
    assert closed.public_id not in first_cells(inbox)
    assert closed.public_id in first_cells(client.get("/requests/?state=all&export=csv"))


def test_an_invalid_filter_gives_the_pages_error_and_no_file(world, as_user):
    client = as_user(world.community_official)
    page = client.get("/people/?within=NOPE")
    response = client.get("/people/?within=NOPE&export=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not response.has_header("Content-Disposition")
    errors = [str(m) for m in response.context["messages"]]
    assert errors == [str(m) for m in page.context["messages"]] and errors
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url", ["/people/", "/requests/", "/areas/", "/alerts/"])
def test_an_unknown_format_is_a_400_page_that_names_the_formats(world, as_user, url):
    response = as_user(world.community_official).get(url, {"export": "pdf"})
    assert response.status_code == 400
    assert not response.has_header("Content-Disposition")
    text = response.content.decode()
    assert "未知的导出格式" in text and "csv" in text and "xlsx" in text
    # The page's own export links do not repeat the bad format.
    assert 'href="?export=pdf' not in text
    assert not AuditEntry.objects.exists()


# ---- other pages that list records ----


def test_my_visits_export_every_visit_of_mine_and_nobody_elses(world, as_user):
    from disputes.models import FollowUpVisit

    visit = df.FollowUpVisitFactory(dispute__area=world.ga)
    other = df.FollowUpVisitFactory(dispute__area=world.gc)  # another community's mediator
    assert other.assignee != visit.assignee
    rows = read_csv(as_user(visit.assignee).get("/disputes/visits/?export=csv"))
    assert rows[0][:2] == ["应回访日期", "矛盾纠纷"]
    mine = FollowUpVisit.objects.filter(assignee=visit.assignee).order_by("due_on", "pk")
    assert [row[0] for row in rows[1:]] == [v.due_on.isoformat() for v in mine]
    assert len(rows) > 2  # the whole plan, not only this week's


def test_topic_figures_export_as_a_table_with_the_total(world, as_user):
    rows = read_csv(as_user(world.street_official).get("/publicity/topics/?export=csv"))
    assert rows[0][:3] == ["分类", "名称", "宣传记录"]
    assert rows[-1][0] == "合计"


def test_alerts_export_only_the_users_own(world, as_user):
    from tests.grids.factories import NotificationFactory

    NotificationFactory(recipient=world.worker_a, text="给王芳的提醒")
    NotificationFactory(recipient=world.worker_b, text="给李强的提醒")
    rows = read_csv(as_user(world.worker_a).get("/alerts/?export=csv"))
    assert [row[2] for row in rows[1:]] == ["给王芳的提醒"]


# ---- queries ----


def _export_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = b"".join(response.streaming_content)
    assert body
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_makes_the_same_queries_for_10_and_1000_rows(
    world, as_user, django_assert_max_num_queries, fmt
):
    client = as_user(world.community_official)
    Person.objects.all().delete()
    Person.objects.bulk_create(Person(name=f"居民{i}", area=world.ba1) for i in range(10))
    few = _export_queries(client, f"/people/?export={fmt}")
    Person.objects.bulk_create(Person(name=f"居民{i}", area=world.bb1) for i in range(990))
    # session, user, the user's assignments (scope), the within picker's filter check, the
    # rows (one server-side cursor, read in chunks), the audit entry (and for CSV its row
    # count) in savepoints, and the idle-timeout session save (savepoint, update, release).
    with django_assert_max_num_queries(few):
        assert _export_queries(client, f"/people/?export={fmt}") == few
