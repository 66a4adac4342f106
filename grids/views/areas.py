"""The area tree, an area's page, its edit and delete pages, and QR regeneration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from grids.actions.areas import regenerate_qr_token
from grids.choices import AreaKind, PersonKind, Role
from grids.forms.areas import AreaForm
from grids.generic.tables import Column
from grids.generic.views import (
    ExportMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ScopedViewMixin,
)
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam
from grids.querysets import ACTION_CHANGE

# ---- the area tree ----------------------------------------------------------------


class AreaTreeView(ExportMixin, ScopedViewMixin, generic.TemplateView):
    """Every visible sub-district, community and grid, nested, with counts (one query);
    `?export=` gives the same nodes with their counts, one row each, in tree order."""

    model = Area
    template_name = "grids/areas/area_tree.html"
    export_subject = "grids.area"
    export_columns = [
        Column(gettext_lazy("code"), "code"),
        Column(gettext_lazy("name"), "full_name"),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("communities"), "community_count"),
        Column(gettext_lazy("grids"), "grid_count"),
        Column(gettext_lazy("buildings"), "building_count"),
        Column(gettext_lazy("people"), "people_count"),
    ]

    def nodes(self):
        return (
            self.get_queryset()
            .exclude(kind=AreaKind.BUILDING)
            .with_counts()
            .order_by("tree_id", "lft")
        )

    def get_export_rows(self):
        return self.nodes()

    def get_export_filename(self) -> str:
        return _("Area tree")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        nodes = list(self.nodes())
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
    lookup = "code"

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
    form_class = AreaForm
    lookup = "code"

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
    lookup = "code"


@login_required
@require_POST
def regenerate_qr(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.visible_to(request.user, ACTION_CHANGE), code=code)
    if not area.has_qr:
        messages.error(request, _("Only grids and buildings carry a QR code."))
    else:
        regenerate_qr_token(area, by=request.user)
        messages.success(request, _("A new QR code was issued; the old one no longer works."))
    return HttpResponseRedirect(area.get_absolute_url())


# ---- people -------------------------------------------------------------------------
