import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from disputes.tasks import visit_alerts_task
from dongfeng.management.guards import refuse_in_production
from grids.tasks import (
    deliver_notifications_task,
    refresh_figure_summaries_task,
    sweep_overdue_requests_task,
)


def _sweep_forever(interval: float) -> None:
    """The demo has no Celery beat: run the periodic sweeps from a thread instead."""
    while True:
        time.sleep(interval)
        try:
            sweep_overdue_requests_task.apply()
            visit_alerts_task.apply()
            deliver_notifications_task.apply()
            # All of it (a demo's year is small): a change to any day shows within a minute.
            refresh_figure_summaries_task.apply(kwargs={"full": True})
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Migrate, seed Dongfeng's demo data and serve the portal at http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        refuse_in_production()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            threading.Thread(target=_sweep_forever, args=(60.0,), daemon=True).start()
        database = settings.DATABASES["default"]["NAME"]
        self.stdout.write(f"Serving on http://{addrport}/ (database: {database})")
        call_command("runserver", addrport, use_reloader=False)
