"""Pages of the grids app: the tree browser, area pages, people, teams, red stations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from grids import actions, filtersets, forms
from grids.choices import SENSITIVE_ROLES, AreaKind, PersonKind, Role
from grids.generic_views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from grids.models import Area, Assignment, AuditEntry, Person, ServicePoint, ServiceTeam
from grids.querysets import ACTION_CHANGE

# ---- the area tree ----------------------------------------------------------------


class AreaTreeView(ScopedViewMixin, generic.TemplateView):
    """Every visible sub-district, community and grid, nested, with counts (one query)."""

    model = Area
    template_name = "grids/area_tree.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        nodes = list(
            self.get_queryset()
            .exclude(kind=AreaKind.BUILDING)
            .with_counts()
            .order_by("tree_id", "lft")
        )
        by_id = {node.pk: node for node in nodes}
        roots = []
        for node in nodes:
            node.tree_children = []
            parent = by_id.get(node.parent_id)
            (parent.tree_children if parent else roots).append(node)
        ctx["roots"] = roots
        return ctx


class AreaDetailView(ObjectDetailView):
    model = Area
    slug_field = slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        area, user = self.object, self.request.user
        visible = Area.objects.visible_to(user)
        ctx["ancestors"] = visible.filter(
            tree_id=area.tree_id, lft__lt=area.lft, rght__gt=area.rght
        ).order_by("lft")
        ctx["children"] = visible.filter(parent=area).with_counts().order_by("lft")
        ctx["counts"] = visible.filter(pk=area.pk).with_counts().get()
        ctx["workers"] = (
            Assignment.objects.filter(
                role=Role.GRID_WORKER,
                area__tree_id=area.tree_id,
                area__lft__gte=area.lft,
                area__lft__lte=area.rght,
            )
            .select_related("user", "area")
            .order_by("area__lft")
            if area.kind in (AreaKind.GRID, AreaKind.COMMUNITY)
            else []
        )
        ctx["volunteers"] = (
            Person.objects.visible_to(user)
            .filter(
                area__tree_id=area.tree_id,
                area__lft__gte=area.lft,
                area__lft__lte=area.rght,
                kind__in=[PersonKind.VOLUNTEER, PersonKind.BUILDING_HEAD],
            )
            .select_related("area")[:50]
        )
        ctx["people"] = (
            Person.objects.visible_to(user).filter(area=area).select_related("area")[:50]
        )
        ctx["teams"] = ServiceTeam.objects.filter(area=area)
        ctx["points"] = ServicePoint.objects.filter(area=area)
        return ctx


class AreaEditView(ObjectEditView):
    model = Area
    form_class = forms.AreaForm
    slug_field = slug_url_kwarg = "code"

    def get_initial(self):
        initial = super().get_initial()
        parent_code = self.request.GET.get("parent")
        if parent_code:
            parent = (
                Area.objects.visible_to(self.request.user, ACTION_CHANGE)
                .filter(code=parent_code)
                .first()
            )
            if parent and parent.kind_enum.child_kind:
                initial.update(parent=parent, kind=parent.kind_enum.child_kind)
        return initial


class AreaDeleteView(ObjectDeleteView):
    model = Area
    slug_field = slug_url_kwarg = "code"
    success_url = reverse_lazy("grids:area_list")

    def get_success_url(self):
        return str(self.success_url)


@login_required
@require_POST
def regenerate_qr(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.visible_to(request.user, ACTION_CHANGE), code=code)
    if not area.has_qr:
        messages.error(request, _("Only grids and buildings carry a QR code."))
    else:
        actions.regenerate_qr_token(area, by=request.user)
        messages.success(request, _("A new QR code was issued; the old one no longer works."))
    return HttpResponseRedirect(area.get_absolute_url())


# ---- people -------------------------------------------------------------------------


class PersonListView(ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    select_related = ("area",)
    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("kind"), "get_kind_display"),
        Column(gettext_lazy("area"), "area.name"),
        Column(gettext_lazy("room"), "room"),
        Column(gettext_lazy("phone"), "masked_phone"),
        Column(gettext_lazy("party member"), "is_party_member"),
    ]


class PersonDetailView(ObjectDetailView):
    model = Person
    select_related = ("area",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        # Whole numbers only for roles that grant sensitive files; every such read is logged.
        ctx["show_whole"] = user.holds_role_over(person.area, SENSITIVE_ROLES)
        if ctx["show_whole"] and (person.id_number or person.phone):
            AuditEntry.record(user, AuditEntry.Action.VIEW, person, "id_number, phone")
        return ctx


class PersonEditView(ObjectEditView):
    model = Person
    form_class = forms.PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person


# ---- service teams and red stations ---------------------------------------------------


class ServiceTeamListView(ObjectListView):
    model = ServiceTeam
    filterset_class = filtersets.ServiceTeamFilterSet
    select_related = ("area", "leader")

    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("focus"), "get_focus_display"),
        Column(gettext_lazy("area"), "area.name"),
        Column(gettext_lazy("leader"), "leader.name"),
        Column(gettext_lazy("members"), "member_count"),
    ]

    def get_queryset(self):
        # GROUP BY drops Meta.ordering; keep pages stable.
        return super().get_queryset().annotate(member_count=Count("members")).order_by("name", "pk")


class ServiceTeamDetailView(ObjectDetailView):
    model = ServiceTeam
    select_related = ("area", "leader")


class ServiceTeamEditView(ObjectEditView):
    model = ServiceTeam
    form_class = forms.ServiceTeamForm


class ServiceTeamDeleteView(ObjectDeleteView):
    model = ServiceTeam


class ServicePointListView(ObjectListView):
    model = ServicePoint
    filterset_class = filtersets.ServicePointFilterSet
    select_related = ("area",)
    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("area"), "area.name"),
        Column(gettext_lazy("location"), "location"),
        Column(gettext_lazy("opening hours"), "opening_hours"),
    ]


class ServicePointDetailView(ObjectDetailView):
    model = ServicePoint
    select_related = ("area",)


class ServicePointEditView(ObjectEditView):
    model = ServicePoint
    form_class = forms.ServicePointForm


class ServicePointDeleteView(ObjectDeleteView):
    model = ServicePoint


# ---- assignments ------------------------------------------------------------------------


class AssignmentListView(ObjectListView):
    model = Assignment
    filterset_class = filtersets.AssignmentFilterSet
    select_related = ("user", "area")
    columns = [
        Column(gettext_lazy("user"), "user"),
        Column(gettext_lazy("role"), "get_role_display"),
        Column(gettext_lazy("area"), "area.name", link=True),
    ]


class AssignmentEditView(ObjectEditView):
    model = Assignment
    form_class = forms.AssignmentForm

    def get_success_url(self):
        return str(reverse_lazy("grids:assignment_list"))


class AssignmentDeleteView(ObjectDeleteView):
    model = Assignment
