"""The signed-in user's alerts and marking them read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from grids.models import Alert


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = (
        Alert.objects.filter(recipient=request.user)
        .select_related("request__category", "request__grid")
        .order_by("read_at", "-created_at")[:200]
    )
    return render(request, "grids/alerts.html", {"alerts": alerts})


@login_required
@require_POST
def alert_read(request: HttpRequest) -> HttpResponse:
    Alert.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("grids:alerts")


# ---- QR codes -----------------------------------------------------------------------------
