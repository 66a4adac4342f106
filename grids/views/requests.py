"""The grid worker's inbox, the triage list (待分派), a request's page and its actions,
staff-filed requests, photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grids.actions.requests import (
    accept_request,
    add_note,
    assign_grid,
    defer_request,
    escalate_request,
    reject_request,
    resolve_request,
    resume_request,
    submit_request,
    transfer_request,
)
from grids.choices import (
    MEDIATION_ROLES,
    OPEN_STATUSES,
    TRIAGE_ROLES,
    AreaKind,
    RequestStatus,
    Role,
)
from grids.filtersets import RequestFilterSet
from grids.forms.requests import (
    AssignGridForm,
    NoteForm,
    ReasonForm,
    ResolveForm,
    StaffRequestForm,
    TransferForm,
)
from grids.generic_views import Column, ObjectListView
from grids.models import RequestPhoto, ServiceRequest
from grids.querysets import ACTION_CHANGE


class InboxView(ObjectListView):
    """线上接单: the requests of the worker's grids, overdue ones on top."""

    model = ServiceRequest
    filterset_class = RequestFilterSet
    select_related = ("category", "area", "grid")
    template_name = "grids/inbox.html"
    columns = [
        Column(gettext_lazy("request number"), "public_id", link=True),
        Column(gettext_lazy("category"), "category.name"),
        Column(gettext_lazy("place"), "area.name"),
        Column(gettext_lazy("status"), "get_status_display"),
    ]

    def get_queryset(self):
        return self.narrow(super().get_queryset()).for_inbox()

    def narrow(self, queryset):
        """The part of the visible requests this page lists."""
        return queryset

    def get_filterset_data(self):
        # The inbox is work to do: open requests unless the user asks for closed ones too.
        data = self.request.GET.copy()
        if not data.get("state") and not data.get("status"):
            data["state"] = "open"
        return data

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        visible = self.narrow(ServiceRequest.objects.visible_to(self.request.user))
        # Only open requests count here: the (grid, status, …) index skips the closed majority.
        ctx["tally"] = visible.filter(status__in=OPEN_STATUSES).aggregate(
            waiting=Count("pk", filter=Q(status__in=["new", "escalated"])),
            overdue=Count(
                "pk", filter=Q(status__in=["new", "escalated"], response_due_at__lte=timezone.now())
            ),
            open=Count("pk", filter=Q(status__in=["accepted", "deferred"])),
        )
        ctx["now"] = timezone.now()
        ctx["title"] = _("Inbox")
        ctx["may_triage"] = _may_triage(self.request.user)
        return ctx


def _may_triage(user) -> bool:
    return user.is_superuser or bool(user.scope_ranges((*TRIAGE_ROLES, Role.ADMIN)))


class TriageView(InboxView):
    """待分派: requests whose grid could not be told, filed at the sub-district or a
    community, for its officials or community staff to assign a grid (scoped as usual)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_triage(request.user):
            raise Http404  # grid workers and volunteers assign nothing
        return super().dispatch(request, *args, **kwargs)

    def narrow(self, queryset):
        return queryset.filter(grid__kind__in=[AreaKind.SUBDISTRICT, AreaKind.COMMUNITY])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Waiting for a grid (待分派)")
        ctx["triage"] = True
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
            "note_form": NoteForm(),
            "resolve_form": ResolveForm(),
            "reason_form": ReasonForm(),
            "transfer_form": TransferForm(request_obj=req),
            "assign_form": AssignGridForm(request_obj=req) if req.needs_triage else None,
            "attribute_answers": req.attribute_answers(),
            "allowed": _allowed_actions(req),
        },
    )


def _allowed_actions(req: ServiceRequest) -> set[str]:
    status = req.status
    if req.needs_triage and status in OPEN_STATUSES:
        return {"assign", "reject", "note"}
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
    "accept": (None, lambda req, user, data: accept_request(req, by=user)),
    "assign": (
        AssignGridForm,
        lambda req, user, data: assign_grid(
            req, by=user, to_grid=data["to_grid"], note=data["note"]
        ),
    ),
    "note": (
        NoteForm,
        lambda req, user, data: add_note(
            req, by=user, note=data["note"], photos=[data["photo"]] if data["photo"] else []
        ),
    ),
    "resolve": (
        ResolveForm,
        lambda req, user, data: resolve_request(req, by=user, resolution=data["resolution"]),
    ),
    "transfer": (
        TransferForm,
        lambda req, user, data: transfer_request(
            req, by=user, to_grid=data["to_grid"], reason=data["reason"]
        ),
    ),
    "escalate": (
        ReasonForm,
        lambda req, user, data: escalate_request(req, by=user, reason=data["reason"]),
    ),
    "defer": (
        ReasonForm,
        lambda req, user, data: defer_request(req, by=user, reason=data["reason"]),
    ),
    "resume": (None, lambda req, user, data: resume_request(req, by=user)),
    "reject": (
        ReasonForm,
        lambda req, user, data: reject_request(req, by=user, reason=data["reason"]),
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
    kwargs = {"request_obj": req} if form_class in (TransferForm, AssignGridForm) else {}
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
        action in ("transfer", "assign")
        and not ServiceRequest.objects.visible_to(request.user).filter(pk=pk).exists()
    ):
        return redirect("grids:inbox")  # it left this worker's grids
    return HttpResponseRedirect(req.get_absolute_url())


@login_required
def staff_file_request(request: HttpRequest) -> HttpResponse:
    """A worker files a request themselves (敲门行动, patrol, hotline, walk-in)."""
    form = StaffRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = submit_request(
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
            # The filer hands the tracking code to the resident; it is not shown again.
            messages.success(
                request,
                _("Filed as %(id)s. The resident's tracking code: %(code)s")
                % {"id": filed.public_id, "code": filed.display_code},
            )
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
