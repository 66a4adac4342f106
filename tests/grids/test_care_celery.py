"""The care-visit sweep through a real Celery worker and the real Redis broker: an overdue
planned visit alerts its helper once (and is e-mailed once) however often the task runs."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from grids.choices import CareVisitStatus
from grids.models import CareVisit, Notification
from grids.tasks import care_visit_alerts_task
from tests.conftest import make_area, make_user, wait_for
from tests.grids import factories as gf

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_overdue_care_visit_alerts_once_through_the_worker(live_worker):
    df = make_area("DF", "subdistrict")
    grid = make_area("G1", "grid", make_area("C1", "community", df))
    building = make_area("B1", "building", grid)
    helper = make_user("liu", "grid_worker", grid, email="liu@example.org")
    care_file = gf.CareFileFactory(area=building, helper_user=helper, helper_person=None)
    CareVisit.objects.filter(care_file=care_file, status=CareVisitStatus.PLANNED).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )

    care_visit_alerts_task.delay()
    wait_for(lambda: Notification.objects.filter(kind="care_visit_overdue").exists())
    care_visit_alerts_task.delay()  # the next hour's run, or a redelivered message
    care_visit_alerts_task.delay()
    time.sleep(1.5)
    wait_for(lambda: len(mail.outbox) == 1)
    time.sleep(1.0)
    assert Notification.objects.filter(kind="care_visit_overdue").count() == 1
    assert [m.to for m in mail.outbox] == [["liu@example.org"]]
