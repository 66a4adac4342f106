"""Pages of resident requests: the public QR form and tracking page, the worker inbox,
request pages with their actions, alerts, and QR posters."""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from grids import actions, ratelimit
from grids import request_forms as forms
from grids.choices import (
    MEDIATION_ROLES,
    OPEN_STATUSES,
    PUBLIC_EVENT_TEXT,
    QR_KINDS,
    AreaKind,
    EventKind,
    RequestStatus,
)
from grids.filtersets import RequestFilterSet
from grids.generic_views import Column, ObjectListView
from grids.models import Alert, Area, RequestPhoto, ServiceRequest
from grids.models.requests import normalise_tracking_code
from grids.querysets import ACTION_CHANGE

# ---- public pages (no account) ---------------------------------------------------------


def _public_area(token: str) -> Area | None:
    return Area.objects.filter(qr_token=token, kind__in=QR_KINDS).select_related("parent").first()


@csrf_protect
def resident_form(request: HttpRequest, token: str) -> HttpResponse:
    """What a resident sees after scanning the code on their building or grid board."""
    area = _public_area(token)
    if area is None:
        return render(request, "grids/public/invalid_code.html", status=404)
    if request.method == "POST":
        if not ratelimit.allow_submission(request, token):
            return render(request, "grids/public/too_many.html", status=429)
        form = forms.ResidentRequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = actions.submit_request(
                    area=area,
                    category=data["category"],
                    description=data["description"],
                    photo=data["photo"],
                    resident_name=data["resident_name"],
                    resident_phone=data["resident_phone"],
                    anonymous=data["anonymous"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session.setdefault("my_requests", [])
                request.session["my_requests"] = [
                    filed.tracking_code,
                    *request.session["my_requests"],
                ][:20]
                return redirect(f"{filed.get_tracking_url()}?new=1")
    else:
        form = forms.ResidentRequestForm()
    return render(request, "grids/public/request_form.html", {"area": area, "form": form})


def _public_request(code: str) -> ServiceRequest:
    normalised = normalise_tracking_code(code)
    request_obj = (
        ServiceRequest.objects.filter(tracking_code=normalised)
        .select_related("category", "area", "grid")
        .first()
    )
    if request_obj is None:
        raise Http404
    return request_obj


@csrf_protect
def track(request: HttpRequest, code: str) -> HttpResponse:
    """The resident's view: plain-language progress, the result, and 评单 once resolved."""
    request_obj = _public_request(code)
    rating_form = forms.RatingForm()
    if request.method == "POST":
        if not ratelimit.allow_submission(request, f"rate:{request_obj.tracking_code}"):
            return render(request, "grids/public/too_many.html", status=429)
        rating_form = forms.RatingForm(request.POST)
        if rating_form.is_valid():
            try:
                actions.rate_request(
                    request_obj,
                    stars=rating_form.cleaned_data["rating"],
                    comment=rating_form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                rating_form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(request_obj.get_tracking_url())
    events = [
        {"at": event.at, "text": PUBLIC_EVENT_TEXT[event.kind]}
        for event in request_obj.events.exclude(kind=EventKind.OVERDUE).order_by("at", "pk")
    ]
    return render(
        request,
        "grids/public/track.html",
        {
            "req": request_obj,
            "events": events,
            "rating_form": rating_form,
            "just_filed": request.GET.get("new") == "1",
        },
        status=400 if rating_form.errors else 200,
    )


def track_lookup(request: HttpRequest) -> HttpResponse:
    form = forms.TrackingLookupForm(request.GET or None)
    if form.is_valid():
        code = normalise_tracking_code(form.cleaned_data["code"])
        if ServiceRequest.objects.filter(tracking_code=code).exists():
            return redirect("grids:request_track", code=code)
        form.add_error("code", _("No request has this tracking code. Check it and try again."))
    return render(
        request,
        "grids/public/lookup.html",
        {"form": form, "mine": request.session.get("my_requests", [])},
    )


# ---- staff pages ------------------------------------------------------------------------


class InboxView(ObjectListView):
    """线上接单: the requests of the worker's grids, overdue ones on top."""

    model = ServiceRequest
    filterset_class = RequestFilterSet
    select_related = ("category", "area", "grid")
    template_name = "grids/inbox.html"
    columns = [
        Column(gettext_lazy("tracking code"), "display_code", link=True),
        Column(gettext_lazy("category"), "category.name"),
        Column(gettext_lazy("place"), "area.name"),
        Column(gettext_lazy("status"), "get_status_display"),
    ]

    def get_queryset(self):
        return super().get_queryset().for_inbox()

    def get_filterset_data(self):
        # The inbox is work to do: open requests unless the user asks for closed ones too.
        data = self.request.GET.copy()
        if not data.get("state") and not data.get("status"):
            data["state"] = "open"
        return data

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        visible = ServiceRequest.objects.visible_to(self.request.user)
        # Only open requests count here: the (grid, status, …) index skips the closed majority.
        ctx["tally"] = visible.filter(status__in=OPEN_STATUSES).aggregate(
            waiting=Count("pk", filter=Q(status__in=["new", "escalated"])),
            overdue=Count(
                "pk", filter=Q(status__in=["new", "escalated"], response_due_at__lte=timezone.now())
            ),
            open=Count("pk", filter=Q(status__in=["accepted", "deferred"])),
        )
        ctx["now"] = timezone.now()
        return ctx


def _staff_request(request: HttpRequest, pk: int, action: str = "view") -> ServiceRequest:
    return get_object_or_404(
        ServiceRequest.objects.visible_to(request.user, action).select_related(
            "category", "area", "grid", "accepted_by"
        ),
        pk=pk,
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _staff_request(request, pk)
    can_change = (
        ServiceRequest.objects.visible_to(request.user, ACTION_CHANGE).filter(pk=pk).exists()
    )
    return render(
        request,
        "grids/request_detail.html",
        {
            "req": req,
            "events": req.events.select_related("actor", "from_grid"),
            "photos": req.photos.all(),
            "can_change": can_change,
            "can_mediate": bool(request.user.scope_ranges(MEDIATION_ROLES))
            or request.user.is_superuser,
            "note_form": forms.NoteForm(),
            "resolve_form": forms.ResolveForm(),
            "reason_form": forms.ReasonForm(),
            "transfer_form": forms.TransferForm(request_obj=req),
            "allowed": _allowed_actions(req),
        },
    )


def _allowed_actions(req: ServiceRequest) -> set[str]:
    status = req.status
    allowed = set()
    if status in (RequestStatus.NEW, RequestStatus.ESCALATED):
        allowed |= {"accept", "transfer", "reject"}
    if status == RequestStatus.NEW:
        allowed.add("escalate")
    if status == RequestStatus.ACCEPTED:
        allowed |= {"resolve", "transfer", "escalate", "defer", "reject"}
    if status == RequestStatus.ESCALATED:
        allowed.add("resolve")
    if status == RequestStatus.DEFERRED:
        allowed |= {"resume", "resolve"}
    if status not in (RequestStatus.RESOLVED, RequestStatus.REJECTED):
        allowed.add("note")
    return allowed


# name → (form class or None, how to call the action with the cleaned data)
REQUEST_ACTIONS = {
    "accept": (None, lambda req, user, data: actions.accept_request(req, by=user)),
    "note": (
        forms.NoteForm,
        lambda req, user, data: actions.add_note(
            req, by=user, note=data["note"], photos=[data["photo"]] if data["photo"] else []
        ),
    ),
    "resolve": (
        forms.ResolveForm,
        lambda req, user, data: actions.resolve_request(
            req, by=user, resolution=data["resolution"]
        ),
    ),
    "transfer": (
        forms.TransferForm,
        lambda req, user, data: actions.transfer_request(
            req, by=user, to_grid=data["to_grid"], reason=data["reason"]
        ),
    ),
    "escalate": (
        forms.ReasonForm,
        lambda req, user, data: actions.escalate_request(req, by=user, reason=data["reason"]),
    ),
    "defer": (
        forms.ReasonForm,
        lambda req, user, data: actions.defer_request(req, by=user, reason=data["reason"]),
    ),
    "resume": (None, lambda req, user, data: actions.resume_request(req, by=user)),
    "reject": (
        forms.ReasonForm,
        lambda req, user, data: actions.reject_request(req, by=user, reason=data["reason"]),
    ),
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One small POST view for every transition; the action does the work and the checks."""
    if action not in REQUEST_ACTIONS:
        raise Http404
    req = _staff_request(request, pk, ACTION_CHANGE)
    form_class, run = REQUEST_ACTIONS[action]
    kwargs = {"request_obj": req} if form_class is forms.TransferForm else {}
    form = form_class(request.POST, request.FILES, **kwargs) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''} {error}"
                )
        return HttpResponseRedirect(req.get_absolute_url())
    try:
        run(req, request.user, form.cleaned_data if form else {})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    if (
        action == "transfer"
        and not ServiceRequest.objects.visible_to(request.user).filter(pk=pk).exists()
    ):
        return redirect("grids:inbox")  # it left this worker's grids
    return HttpResponseRedirect(req.get_absolute_url())


@login_required
def staff_file_request(request: HttpRequest) -> HttpResponse:
    """A worker files a request themselves (敲门行动, patrol, hotline, walk-in)."""
    form = forms.StaffRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = actions.submit_request(
                area=data["area"],
                category=data["category"],
                description=data["description"],
                source=data["source"],
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
                photo=data["photo"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Filed: %(code)s") % {"code": filed.display_code})
            return redirect(filed.get_absolute_url())
    return render(
        request,
        "generic/object_edit.html",
        {
            "form": form,
            "verbose_name": _("request"),
            "url_prefix": "grids:request",
            "multipart": True,
        },
        status=400 if form.errors else 200,
    )


@login_required
def request_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos are residents' data: served only to staff who may see the request."""
    photo = get_object_or_404(RequestPhoto.objects.visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


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


def _public_url(request: HttpRequest, area: Area) -> str:
    path = reverse("grids:resident_form", kwargs={"token": area.qr_token})
    return (
        f"{settings.PUBLIC_BASE_URL}{path}"
        if settings.PUBLIC_BASE_URL
        else request.build_absolute_uri(path)
    )


def _qr_area(request: HttpRequest, code: str) -> Area:
    area = get_object_or_404(Area.objects.visible_to(request.user), code=code)
    if not area.has_qr:
        raise Http404
    return area


@login_required
def qr_image(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    area = _qr_area(request, code)
    qr = segno.make(_public_url(request, area), error="m")
    buffer = io.BytesIO()
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=12, border=2)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="qr-{area.code}.{kind}"'
    return response


def _poster(request: HttpRequest, area: Area) -> dict:
    url = _public_url(request, area)
    return {
        "area": area,
        "url": url,
        "svg": segno.make(url, error="m").svg_inline(border=2, omitsize=True),
    }


@login_required
def qr_poster(request: HttpRequest, code: str) -> HttpResponse:
    area = _qr_area(request, code)
    return render(
        request, "grids/qr_posters.html", {"posters": [_poster(request, area)], "title": area.name}
    )


@login_required
def qr_print_run(request: HttpRequest, code: str) -> HttpResponse:
    """One poster per page for every grid and building under an area (a community's print run)."""
    root = get_object_or_404(Area.objects.visible_to(request.user), code=code)
    areas = (
        Area.objects.visible_to(request.user)
        .within(root)
        .filter(kind__in=[AreaKind.GRID, AreaKind.BUILDING])
        .select_related("parent")
        .order_by("lft")
    )
    return render(
        request,
        "grids/qr_posters.html",
        {"posters": [_poster(request, area) for area in areas], "title": root.name},
    )
