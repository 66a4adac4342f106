"""Recompute the figures' daily and monthly sums now (what Celery beat does every quarter
of an hour; --full is the nightly rebuild)."""

import time

from django.core.management.base import BaseCommand

from grids.generic.summaries import refresh, summaries


class Command(BaseCommand):
    help = "Recompute the figure summaries the overview and the report read."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="rebuild every day, not only the last weeks"
        )

    def handle(self, *args, full: bool = False, **options):
        for summary in summaries():
            started = time.monotonic()
            rows = refresh(summary, full=full)
            took = time.monotonic() - started
            self.stdout.write(f"{summary.name}: {rows} day rows ({took:.1f} s)")
