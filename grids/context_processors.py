from django.http import HttpRequest

from grids.models import Notification


def alerts(request: HttpRequest) -> dict:
    """The header badge: unread notifications of every kind, counted only if a page shows it."""
    user = getattr(request, "user", None)

    def count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.for_recipient(user).unread().count()

    return {"unread_alert_count": count}
