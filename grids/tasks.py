"""Celery tasks of the grids app. The truth is in PostgreSQL; a task only acts on it."""

import logging

from celery import current_app, shared_task
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from grids import notifications
from grids.actions.care import sweep_overdue_care_visits
from grids.actions.deliberation import close_expired_evaluations
from grids.actions.requests import sweep_overdue

logger = logging.getLogger(__name__)


def send_after_commit(task, *args) -> None:
    """Queue `task` once the transaction commits; if Redis is down, log and go on.

    Nothing is lost: the periodic sweep redoes whatever the message would have done.
    """

    def send() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:  # the embedded demo: run it here and now
            task.apply(args=args)
            return
        try:
            with current_app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
                task.apply_async(args=args, retry=False, connection=connection)
        except (OperationalError, OSError) as exc:
            logger.warning("broker unavailable, %s left for the sweep: %s", task.name, exc)

    transaction.on_commit(send)


@shared_task
def sweep_overdue_requests_task() -> int:
    """Every minute (beat): mark each missed 2-hour deadline once and notify about it."""
    return sweep_overdue()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_notifications_task() -> int:
    """After each commit that wrote notifications, and every minute (beat): the beat run
    catches up on whatever a broker outage or a lost message left unsent."""
    return notifications.deliver_pending()


@shared_task
def close_evaluated_matters_task() -> int:
    """Hourly (beat): close each completed matter whose evaluation window has passed; each
    close is a compare-and-set, so a repeated or concurrent run closes nothing twice."""
    return close_expired_evaluations()


@shared_task
def care_visit_alerts_task() -> int:
    """Hourly (beat): each planned care visit past its day alerts its helper once; a run
    that finds it already alerted (or a repeated message) changes nothing."""
    return sweep_overdue_care_visits()


@shared_task
def refresh_figure_summaries_task(full: bool = False) -> dict[str, int]:
    """Every quarter of an hour (beat) the last weeks of every figure summary, every night
    (full=True) all of it: the overview reads the sums and computes only today live. Each
    summary is rewritten in one transaction under a row lock, so runs never interleave."""
    from grids.generic.summaries import refresh_all

    return refresh_all(full=full)


@shared_task
def renew_shared_figures_task(kind: str, params: dict) -> None:
    """Sent by the first reader of a stale overview or report: compute its figures anew
    and keep them (grids.generic.figures.shared()); a repeated message recomputes once
    more, nothing else."""
    from grids.generic.figures import renew

    renew(kind, params)


@shared_task
def warm_shared_figures_task() -> int:
    """Every FIGURES_WARM_EVERY seconds (beat): renew the overviews and reports viewed today
    before they would have to be computed in a request again."""
    from grids.generic.figures import warm

    return warm()
