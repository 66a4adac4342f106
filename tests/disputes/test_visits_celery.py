"""End to end with real PostgreSQL, Redis and a Celery worker: settle → reminders on the
right days → a relapse reopens. Settling needs no broker at all: the plan is rows."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from disputes.actions.disputes import settle_dispute
from disputes.actions.visits import record_visit
from disputes.models import FollowUpVisit
from disputes.tasks import visit_alerts_task
from dongfeng.celery import app as celery_app
from grids.choices import Role
from grids.models import Notification
from tests.conftest import celery_worker_thread, make_area, make_user, wait_for
from tests.disputes.factories import DisputeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def settled(transactional_db, settings):
    import importlib

    from django.apps import apps

    importlib.import_module("disputes.migrations.0002_categories").create(apps, None)
    df = make_area("DF", "subdistrict")
    c1 = make_area("C1", "community", df)
    grid = make_area("G1", "grid", c1)
    mediator = make_user("chen", Role.MEDIATOR, c1, email="chen@example.org")
    dispute = DisputeFactory(area=grid, mediator=mediator, by=mediator, summary="噪音纠纷")
    # Redis is down while the dispute settles: nothing in settling needs it.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    six_days_ago = timezone.localdate() - timedelta(days=6)  # visit 1 falls due tomorrow
    settle_dispute(
        dispute, by=mediator, terms="晚十点后不得装修", signed_on=six_days_ago, signed_by="甲、乙"
    )
    assert FollowUpVisit.objects.filter(dispute=dispute).count() == 9
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    return dispute, mediator


def test_reminders_on_the_right_days_then_a_relapse_reopens(settled, client):
    dispute, mediator = settled
    celery_app.control.purge()
    with celery_worker_thread():
        visit_alerts_task.delay()
        wait_for(
            lambda: (
                Notification.objects.filter(kind="visit_due", sent_at__isnull=False).count() == 1
            )
        )
        first = FollowUpVisit.objects.get(dispute=dispute, sequence=1)
        assert Notification.objects.get(kind="visit_due").target == first
        visit_alerts_task.delay()  # the next hourly run: nothing new
        visit_alerts_task.delay()
        time.sleep(1.5)
        assert Notification.objects.count() == 1 and len(mail.outbox) == 1

        # Three days on, visit 1 was never made: an overdue alert, once.
        FollowUpVisit.objects.filter(pk=first.pk).update(
            due_on=timezone.localdate() - timedelta(days=2)
        )
        visit_alerts_task.delay()
        visit_alerts_task.delay()
        wait_for(
            lambda: (
                Notification.objects.filter(kind="visit_overdue", sent_at__isnull=False).count()
                == 1
            )
        )
        time.sleep(1.0)
        assert Notification.objects.filter(kind="visit_overdue").count() == 1
        assert len(mail.outbox) == 2

    first.refresh_from_db()
    record_visit(first, by=mediator, method="visit", result="relapsed", notes="双方再次争吵")
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.tier == 1
    assert FollowUpVisit.objects.filter(dispute=dispute, status="planned").count() == 0
