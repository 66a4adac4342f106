"""The grid worker's inbox, the triage list (待分派), a request's page and its actions,
staff-filed requests, photos."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    AWAITING_ACCEPTANCE,
    MEDIATION_ROLES,
    OPEN_STATUSES,
    TRIAGE_ROLES,
    AreaKind,
    RequestSource,
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
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectListView,
    Transition,
    TransitionView,
)
from grids.models import AuditEntry, DoorKnockRound, RequestPhoto, ServiceRequest
from grids.models.requests import HANDLED_STATUSES


def _place(req: ServiceRequest) -> str:
    address = f" · {Truncator(req.address_string).chars(30)}" if req.address_string else ""
    return f"{req.area.full_name}{address}"


def _status(req: ServiceRequest) -> str:
    overdue = f" · {_('overdue')}" if req.inbox_rank == 0 else ""
    return f"{req.get_status_display()}{overdue}"


def _accept_by(req: ServiceRequest):
    # Only requests still waiting for acceptance (ranks 0 and 1) have a deadline to meet.
    return req.response_due_at if req.inbox_rank < 2 else None


class InboxView(ObjectListView):
    """线上接单: the requests of the worker's grids, overdue ones on top."""

    model = ServiceRequest
    filterset_class = RequestFilterSet
    select_related = ("category", "area", "grid")
    template_name = "grids/requests/inbox.html"
    url_prefix = "grids:request"  # request_detail, request_add
    table_id = "inbox"
    columns = [
        Column(gettext_lazy("request number"), "public_id", link=True),
        Column(gettext_lazy("category"), "category.name"),
        Column(gettext_lazy("place"), _place),
        Column(gettext_lazy("description"), lambda req: Truncator(req.description).chars(40)),
        Column(gettext_lazy("status"), _status),
        Column(gettext_lazy("accept by"), _accept_by),
    ]

    @staticmethod
    def row_attrs(req: ServiceRequest) -> dict:
        return {"class": "overdue" if req.inbox_rank == 0 else "", "data-id": req.public_id}

    # A sub-district's inbox may hold tens of thousands of open requests: count at most
    # this many ("1,000+") and fetch each page per rank (ServiceRequestQuerySet.inbox_pages).
    count_limit = 1000

    def get_queryset(self):
        queryset = self.narrow(super().get_queryset())
        return queryset.inbox_pages(statuses=self.filtered_statuses())

    def filtered_statuses(self) -> set[str] | None:
        """The statuses the filter lets through (None: any), so that the page's query
        leaves out the inbox groups that cannot hold a row."""
        if self.filterset is None or not self.filterset.is_valid():
            return None
        data = self.filterset.form.cleaned_data
        statuses = set(RequestStatus.values)
        if data.get("state") == "open":
            statuses &= OPEN_STATUSES
        elif data.get("state") == "closed":
            statuses -= OPEN_STATUSES
        if data.get("status"):
            statuses &= {data["status"]}
        return statuses

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
        # Waiting requests are few (the waiting-requests index holds their grid and deadline);
        # those being handled may be tens of thousands: counted up to TALLY_LIMIT ("1,000+").
        ctx["tally"] = visible.filter(status__in=sorted(AWAITING_ACCEPTANCE)).aggregate(
            waiting=Count("pk"),
            overdue=Count("pk", filter=Q(response_due_at__lte=timezone.now())),
        )
        handled = visible.filter(status__in=HANDLED_STATUSES).order_by()[: TALLY_LIMIT + 1]
        count = handled.count()
        ctx["tally"]["open"] = f"{TALLY_LIMIT:,}+" if count > TALLY_LIMIT else count
        ctx["now"] = timezone.now()
        ctx["title"] = _("Inbox")
        ctx["may_triage"] = _may_triage(self.request.user)
        return ctx


TALLY_LIMIT = 1000


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


class RequestDetailView(ObjectDetailView):
    """A request's page: what the resident said, its history, and the forms of the moves its
    state allows (each posts to RequestTransitionView)."""

    model = ServiceRequest
    select_related = ("category", "area", "grid", "accepted_by")
    template_name = "grids/requests/request_detail.html"
    context_object_name = "req"
    url_prefix = "grids:request"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        req, user = self.object, self.request.user
        allowed = _allowed_actions(req)

        def form(name: str):
            transition = RequestTransitionView.transitions[name]
            return transition.make_form(req, user) if name in allowed else None

        return {
            **ctx,
            "call_phone": _call_back_number(req, user),
            "events": req.events.select_related("actor", "from_grid"),
            "photos": req.photos.all(),
            "can_mediate": bool(user.scope_ranges(MEDIATION_ROLES)) or user.is_superuser,
            "note_form": form("note"),
            "resolve_form": form("resolve"),
            "reason_form": form("escalate") or form("defer") or form("reject"),
            "transfer_form": form("transfer"),
            "assign_form": form("assign"),
            "attribute_answers": req.attribute_answers(),
            "allowed": allowed,
            "door_knock_round": _door_knock_round(req, user),
        }


def _door_knock_round(req: ServiceRequest, user) -> DoorKnockRound | None:
    """The door-knocking round that found this request, where the user may open it."""
    if req.source != RequestSource.DOOR_KNOCKING:
        return None
    return (
        DoorKnockRound.objects.visible_to(user)
        .filter(issues__request=req)
        .select_related("grid")
        .first()
    )


def _call_back_number(req: ServiceRequest, user) -> str:
    """The resident's whole number for the worker who accepted the request, to call back;
    every such read is audited. Everyone else sees it masked."""
    if req.anonymous or not req.resident_phone or req.accepted_by_id != user.pk:
        return ""
    AuditEntry.record(user, AuditEntry.Action.VIEW, req, "resident_phone")
    return req.resident_phone


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


def _note(req, *, by, note, photo, public=False):
    return add_note(req, by=by, note=note, photos=[photo] if photo else [], public=public)


def _note_message(req, event) -> str:
    if event.public:
        return _("Reply saved; the resident sees it on their tracking page.")
    return _("Progress note saved (staff only).")


class RequestTransitionView(TransitionView):
    """One small POST view for every transition; the action does the work and the checks."""

    model = ServiceRequest
    select_related = ("category", "area", "grid", "accepted_by")
    transitions = {
        "accept": Transition(
            accept_request, message=gettext_lazy("Accepted; resolve it by %(resolve_due_at)s.")
        ),
        "assign": Transition(
            assign_grid,
            AssignGridForm,
            gettext_lazy("Assigned to %(grid__full_name)s; its 2-hour clock starts there."),
            form_kwargs=lambda req: {"request_obj": req},
        ),
        "note": Transition(_note, NoteForm, _note_message),
        "resolve": Transition(
            resolve_request,
            ResolveForm,
            gettext_lazy("Resolved; the resident can now see the result and rate it."),
        ),
        "transfer": Transition(
            transfer_request,
            TransferForm,
            gettext_lazy("Transferred to %(grid__full_name)s; its 2-hour clock starts again."),
            form_kwargs=lambda req: {"request_obj": req},
        ),
        "escalate": Transition(
            escalate_request, ReasonForm, gettext_lazy("Escalated to the community.")
        ),
        "defer": Transition(defer_request, ReasonForm, gettext_lazy("Deferred (缓办).")),
        "resume": Transition(
            resume_request, message=gettext_lazy("Resumed; resolve it by %(resolve_due_at)s.")
        ),
        "reject": Transition(
            reject_request, ReasonForm, gettext_lazy("Closed as spam or a duplicate.")
        ),
    }

    def get_success_url(self, obj, result):
        if not ServiceRequest.objects.visible_to(self.request.user).filter(pk=obj.pk).exists():
            return reverse("grids:inbox")  # transferred or assigned out of this user's grids
        return obj.get_absolute_url()

    def get_error_url(self, obj):
        return obj.get_absolute_url()


def _filed(_none, filed: ServiceRequest) -> str:
    # The filer hands the tracking code to the resident; it is not shown again.
    return _("Filed as %(id)s. The resident's tracking code: %(code)s") % {
        "id": filed.public_id,
        "code": filed.display_code,
    }


class StaffRequestView(TransitionView):
    """A worker files a request themselves (敲门行动, patrol, hotline, walk-in)."""

    model = ServiceRequest
    template_name = "generic/object_edit.html"
    transitions = {
        "add": Transition(
            submit_request, StaffRequestForm, _filed, title=gettext_lazy("File a request")
        )
    }

    def get_success_url(self, obj, result):
        return result.get_absolute_url()

    def get_page_context(self, obj, transition, form):
        ctx = super().get_page_context(obj, transition, form)
        return {**ctx, "cancel_url": reverse("grids:inbox")}


@login_required
def request_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos are residents' data: served only to staff who may see the request."""
    photo = get_object_or_404(RequestPhoto.objects.visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
