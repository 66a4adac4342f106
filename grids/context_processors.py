from django.http import HttpRequest


def alerts(request: HttpRequest) -> dict:
    """The unread-alert count for the header, queried only if a template shows it."""
    user = getattr(request, "user", None)

    def count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return user.alerts.filter(read_at__isnull=True).count()

    return {"unread_alert_count": count}
