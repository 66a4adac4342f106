"""Project-level views: the home redirect, the health check and the 404 answer."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache

from dongfeng.celery import app as celery_app
from grids.menu import home_url


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its work: the inbox, the workbench, the overview (grids.menu)."""
    return redirect(home_url(request.user))


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down"
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:  # kombu raises several transport-specific errors
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the Celery broker answer; 503 naming what is down."""
    checks = {"database": _database_ok()}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = True  # the embedded demo has no broker: tasks run inline
        broker_mode = "eager"
    else:
        checks["broker"] = _broker_ok()
        broker_mode = "redis"
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not down else "down",
        "database": "ok" if checks["database"] else "down",
        "broker": ("ok" if checks["broker"] else "down"),
        "broker_mode": broker_mode,
        "down": down,
    }
    return JsonResponse(body, status=503 if down else 200)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; the icon is a static file."""
    return HttpResponsePermanentRedirect(static("dongfeng/favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 page; under /api/ the API's own JSON answer (a URL that matches no route, e.g.
    an id holding a dot, is still an API client's request)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
