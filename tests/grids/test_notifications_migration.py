"""The data migration into the notification centre keeps every Alert and DisputeAlert row,
field by field, with the dedupe key the producers write (so no sweep alerts anyone twice)."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps as live_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from disputes.actions.disputes import receive_dispute, settle_dispute
from disputes.models import DisputeCategory, FollowUpVisit
from grids.choices import Role
from grids.models import Person, RequestCategory, ServiceRequest
from grids.notifications import dedupe_key
from tests.conftest import make_area, make_user

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("grids", "0006_notification"), ("disputes", "0003_consultation_recorded_by_blank")]
AFTER = [
    ("grids", "0007_alerts_into_notifications"),
    ("disputes", "0004_alerts_into_notifications"),
]


def migrate(targets=None):
    """Move the test database to `targets` (default: the latest); the models as they were."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema(transactional_db):
    yield
    migrate()  # for the tests that follow, whatever this one left


@pytest.fixture
def places(request_categories):
    importlib.import_module("disputes.migrations.0002_categories").create(live_apps, None)
    df = make_area("DF", "subdistrict")
    c1 = make_area("C1", "community", df, name="东风社区")
    grid = make_area("G1", "grid", c1, name="第一网格")
    worker = make_user("wang", Role.GRID_WORKER, grid, email="wang@example.org")
    staff = make_user("sun", Role.COMMUNITY_STAFF, c1)
    mediator = make_user("chen", Role.MEDIATOR, c1)
    req = ServiceRequest(
        area=grid,
        grid=grid,
        category=RequestCategory.objects.get(code="repair"),
        description="单元门\n门禁坏了",
    )
    req.set_deadlines(timezone.now())
    req.save()
    parties = [Person.objects.create(name=n, area=grid) for n in ("甲", "乙")]
    dispute = receive_dispute(
        area=grid,
        category=DisputeCategory.objects.get(code="neighbours"),
        summary="噪音纠纷",
        channel="walk_in",
        mediator=mediator,
        parties=[(parties[0], "applicant"), (parties[1], "respondent")],
        by=mediator,
    )
    settle_dispute(
        dispute,
        by=mediator,
        terms="晚十点后不得装修",
        signed_on=timezone.localdate(),
        signed_by="甲",
    )
    visit = FollowUpVisit.objects.get(dispute=dispute, sequence=1)
    return worker, staff, mediator, req, dispute, visit


def test_every_alert_and_visit_alert_becomes_a_notification(places):
    worker, staff, mediator, req, dispute, visit = places
    old = migrate(BEFORE)
    Alert, DisputeAlert = old.get_model("grids", "Alert"), old.get_model("disputes", "DisputeAlert")
    created = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    later_due = req.response_due_at + timedelta(hours=2)  # transferred: a new deadline
    Alert.objects.bulk_create(
        [
            Alert(
                kind="new_request",
                request_id=req.pk,
                recipient_id=worker.pk,
                due_at=req.response_due_at,
                created_at=created,
                read_at=created + timedelta(minutes=5),
                emailed_at=created + timedelta(seconds=3),
            ),
            Alert(kind="overdue", request_id=req.pk, recipient_id=worker.pk, due_at=later_due),
            Alert(kind="overdue", request_id=req.pk, recipient_id=staff.pk, due_at=later_due),
        ]
    )
    DisputeAlert.objects.bulk_create(
        [
            DisputeAlert(kind="visit_due", visit_id=visit.pk, recipient_id=mediator.pk),
            DisputeAlert(
                kind="visit_overdue",
                visit_id=visit.pk,
                recipient_id=worker.pk,
                read_at=created,
                emailed_at=created,
            ),
        ]
    )
    DisputeAlert.objects.filter(kind="visit_overdue").update(created_at=created)
    before = Alert.objects.count() + DisputeAlert.objects.count()
    assert before == 5

    new = migrate(AFTER)
    Notification = new.get_model("grids", "Notification")
    assert Notification.objects.count() == before
    tables = connection.introspection.table_names()
    assert "grids_alert" not in tables and "disputes_disputealert" not in tables

    # A request alert, field by field.
    n = Notification.objects.get(kind="new_request")
    assert (n.recipient_id, n.object_id, n.area_id, n.due_at) == (
        worker.pk,
        req.pk,
        req.grid_id,
        req.response_due_at,
    )
    assert (n.content_type.app_label, n.content_type.model) == ("grids", "servicerequest")
    assert (n.created_at, n.read_at, n.sent_at) == (
        created,
        created + timedelta(minutes=5),
        created + timedelta(seconds=3),
    )
    assert n.text == f"{req.public_id} 报修 · 第一网格: 单元门 门禁坏了"
    assert n.dedupe_key == dedupe_key("new_request", req, req.response_due_at)
    assert set(
        Notification.objects.filter(kind="overdue").values_list("recipient_id", "dedupe_key")
    ) == {(u.pk, dedupe_key("overdue", req, later_due)) for u in (worker, staff)}

    # A visit alert, field by field: the visit's day is its due time.
    n = Notification.objects.get(kind="visit_overdue")
    assert (n.recipient_id, n.object_id, n.area_id) == (worker.pk, visit.pk, dispute.area_id)
    assert (n.content_type.app_label, n.content_type.model) == ("disputes", "followupvisit")
    assert (n.created_at, n.read_at, n.sent_at) == (created, created, created)
    assert timezone.localtime(n.due_at).date() == visit.due_on
    assert f"{timezone.localtime(n.due_at):%H:%M}" == "23:59"
    assert n.text == f"纠纷 #{dispute.pk} 邻里纠纷 · 第一网格 第 1 次回访"
    assert n.dedupe_key == dedupe_key("visit_overdue", visit)
    reminder = Notification.objects.get(kind="visit_due")
    assert (reminder.recipient_id, reminder.read_at, reminder.sent_at) == (mediator.pk, None, None)
