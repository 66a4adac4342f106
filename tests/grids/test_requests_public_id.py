"""The public id (DF-2026-000123) and the tracking code: everyone may know the first; the
second is the resident's secret, shown only to whoever filed the request."""

import threading

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from grids.models import ServiceRequest
from tests.grids.request_helpers import file_request


def test_a_request_is_numbered_by_sub_district_year_and_key(world):
    req = file_request(world.ba1)
    year = timezone.localtime(req.created_at).year
    assert req.public_id == f"DF-{year}-{req.pk:06d}"
    assert ServiceRequest.objects.get(pk=req.pk).public_id == req.public_id


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_number(world, request_categories):
    barrier = threading.Barrier(4)
    filed: list[str] = []

    def submit():
        try:
            barrier.wait(timeout=10)
            filed.append(file_request(world.ba1).public_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(filed) == 4 and len(set(filed)) == 4
    assert set(ServiceRequest.objects.values_list("public_id", flat=True)) == set(filed)


def test_staff_pages_show_the_public_id_and_not_the_tracking_code(world, as_user):
    req = file_request(world.ba1)
    client = as_user(world.worker_a)
    for url in ("/requests/", req.get_absolute_url(), "/alerts/"):
        body = client.get(url).content.decode()
        assert req.public_id in body, url
        assert req.tracking_code not in body and req.display_code not in body, url


def test_the_api_lists_the_public_id_and_gives_the_tracking_code_only_to_the_filer(world):
    api = APIClient()
    api.force_authenticate(world.worker_a)
    created = api.post(
        "/api/v1/requests/",
        {"area": "BA1", "category": "repair", "description": "水管漏水", "source": "hotline"},
        format="json",
    )
    assert created.status_code == 201, created.content
    req = ServiceRequest.objects.get()
    # The hotline worker tells the caller their code, once.
    assert created.json()["tracking_code"] == req.tracking_code
    assert created.json()["public_id"] == req.public_id
    for url in (
        "/api/v1/requests/",
        f"/api/v1/requests/{req.pk}/",
        "/api/v1/request-events/",
        "/api/v1/alerts/",
    ):
        api.force_authenticate(world.community_official)
        body = api.get(url).content.decode()
        assert req.tracking_code not in body, url
    events = api.get("/api/v1/request-events/").json()["results"]
    assert {e["request"] for e in events} == {req.public_id}


def test_the_back_fill_migration_numbers_existing_requests(transactional_db, request_categories):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    [location] = [
        k for k in executor.loader.graph.nodes if k[1].endswith("request_public_id_location")
    ]
    [backfill] = [
        k for k in executor.loader.graph.nodes if k[1].endswith("request_public_id_backfill")
    ]
    try:
        executor.migrate([location])  # the field exists, still empty
        old = executor.loader.project_state([location]).apps
        Area = old.get_model("grids", "Area")
        Request = old.get_model("grids", "ServiceRequest")
        Category = old.get_model("grids", "RequestCategory")
        Category.objects.filter(code="repair").update(attributes=[])
        tree = {"tree_id": 7, "lft": 1, "rght": 4, "level": 0}
        root = Area.objects.create(code="DF", kind="subdistrict", name="东风街道", **tree)
        grid = Area.objects.create(
            code="G", kind="grid", name="网格", parent=root, tree_id=7, lft=2, rght=3, level=1
        )
        when = timezone.make_aware(timezone.datetime(2026, 1, 1, 2, 0))  # Shanghai
        rows = [
            Request.objects.create(
                tracking_code=f"OLD{i:09d}",
                area=grid,
                grid=grid,
                category=Category.objects.get(code="repair"),
                description="旧诉求",
                created_at=when,
                response_due_at=when,
                resolve_due_at=when,
            )
            for i in range(2)
        ]
        assert Request.objects.filter(public_id__isnull=True).count() == 2

        executor = MigrationExecutor(connection)
        executor.migrate([backfill])
        new = executor.loader.project_state([backfill]).apps
        numbered = dict(
            new.get_model("grids", "ServiceRequest").objects.values_list("pk", "public_id")
        )
        # 02:00 on New Year's Day in Shanghai is 2026 there, though still 2025 in UTC.
        assert numbered == {row.pk: f"DF-2026-{row.pk:06d}" for row in rows}
        repair = new.get_model("grids", "RequestCategory").objects.get(code="repair")
        assert [a["code"] for a in repair.attributes] == ["unit", "floor"]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
