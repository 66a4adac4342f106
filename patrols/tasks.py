"""Celery tasks of the patrols app. The truth (patrols, slots, alerts sent) is in PostgreSQL."""

from celery import shared_task

from patrols.actions.guard_posts import send_unmanned_alerts
from patrols.actions.places import send_coverage_alerts


@shared_task
def patrol_coverage_task() -> int:
    """Every 15 minutes (beat): one alert per key place that fell behind its frequency.

    Idempotent: the alert's dedupe key names the place and the moment it fell due, so a
    repeated or late run tells nobody twice.
    """
    return send_coverage_alerts()


@shared_task
def guard_slot_alerts_task() -> int:
    """Every 5 minutes (beat): one alert per guard post under way with nobody checked in."""
    return send_unmanned_alerts()
