"""/alerts/: every app's notifications for the signed-in user, and marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from grids.generic.exports import UnknownFormat, export_links, export_response, requested_format
from grids.generic.tables import Column
from grids.models import Notification
from grids.notifications import mark_read, with_links

PER_PAGE = 50
EXPORT_COLUMNS = [
    Column(gettext_lazy("when"), "created_at"),
    Column(gettext_lazy("alert"), "kind"),
    Column(gettext_lazy("about"), "text"),
    Column(gettext_lazy("area"), "area.full_name"),
    Column(gettext_lazy("due"), "due_at"),
    Column(gettext_lazy("read at"), "read_at"),
]


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    """Unread first, then newest first; a link to each object the user may open."""
    rows = (
        Notification.objects.for_recipient(request.user)
        .select_related("area")
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-pk")
    )
    status = 200
    try:
        fmt = requested_format(request)
    except UnknownFormat as exc:
        messages.error(request, str(exc))
        fmt, status = None, 400
    if fmt:
        return export_response(
            request,
            rows=rows,
            columns=EXPORT_COLUMNS,
            filename=_("Alerts"),
            fmt=fmt,
            subject="grids.notification",
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_links(list(page.object_list), request.user)
    return render(
        request,
        "grids/alerts/alerts.html",
        {"page_obj": page, "alerts": page.object_list, "export_links": export_links(request)},
        status=status,
    )


@login_required
@require_POST
def alert_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Mark one alert (`pk`) or all of the user's alerts read; another's alert is a 404."""
    mine = Notification.objects.for_recipient(request.user)
    if pk is not None:
        mine = mine.filter(pk=get_object_or_404(mine, pk=pk).pk)
    count = mark_read(mine)
    if count:
        messages.success(
            request,
            ngettext("Marked %(count)d alert as read.", "Marked %(count)d alerts as read.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("There were no unread alerts."))
    return redirect("grids:alerts")
