"""Celery tasks of the disputes app. Planned visits live in PostgreSQL, never as broker ETAs."""

from celery import shared_task

from disputes.actions.visits import send_visit_alerts


@shared_task
def visit_alerts_task() -> dict:
    """Hourly (beat, see CELERY_BEAT_SCHEDULE): reminders for tomorrow's visits, overdue alerts.

    Idempotent: every reminder and alert is marked in its row with a compare-and-set, so a
    repeated or late run sends nothing twice and catches up on what a missed day left.
    """
    return send_visit_alerts()
