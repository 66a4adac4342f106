"""/overview/: the home of community staff and officials."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from dongfeng.overview import board as boards
from dongfeng.overview.periods import CUSTOM, DEFAULT, PeriodForm
from dongfeng.overview.scope import area_for, overview_areas, top_areas
from grids.generic.exports import EXPORT_PARAM, FORMATS
from grids.generic.views import ExportMixin, PageMixin

TABLE_PARAM = "table"


def period_params(form: PeriodForm) -> dict:
    """The period of a valid form as query parameters, for the drill-down links."""
    data = form.cleaned_data
    params = {"period": data["period"]}
    if data["period"] == CUSTOM:
        params |= {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
    return params


class OverviewView(ExportMixin, PageMixin, TemplateView):
    """?area=CODE: any node the user may open (404 otherwise), by default their top node;
    ?period=…: the period picker (a bad range is a form error, the figures wait for it).

    ?export=csv|xlsx&table=KEY: one of the page's tables as a file, for the same node and
    period (every table links to its files); an unknown table or a bad period gives the page
    with its error and status 400, no file."""

    template_name = "dongfeng/overview/overview.html"
    export_subject = "dongfeng.overview"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._state = None

    def state(self):
        """(node, form): the node asked for (404 outside the user's overview) and the period
        form; computed once per request."""
        if self._state is None:
            node = area_for(self.request.user, self.request.GET.get("area") or None)
            data = self.request.GET.copy()
            if not any(data.get(name) for name in ("period", "start", "end")):
                data["period"] = DEFAULT  # the picker shows what the figures cover
            self._state = (node, PeriodForm(data))
        return self._state

    def link(self, params: dict):
        def link(area) -> str:
            return f"{reverse('overview')}?{urlencode({'area': area.code, **params})}"

        return link

    # ---- the files ----

    def get_export_rows(self):
        node, form = self.state()
        if node is None:
            raise Http404(_("Your account holds no overview."))
        if not form.is_valid():
            return None  # the page says what is wrong with the period
        key = self.request.GET.get(TABLE_PARAM, "")
        board = boards.build(node, form.chosen, self.link(period_params(form)))
        table = board.table(key)
        if table is None:
            messages.error(
                self.request,
                _("This overview has no table “%(key)s” to export.") % {"key": key[:40]},
            )
            return None
        self.export_columns = table.export_columns()
        self.export_table = (node, form.chosen, table)
        return table.rows

    def get_export_filename(self) -> str:
        node, period, table = self.export_table
        last = period.end - timedelta(days=1)
        return f"{table.title}-{node.name}-{period.start:%Y%m%d}-{last:%Y%m%d}"

    # ---- the page ----

    def get_context_data(self, **kwargs):
        user = self.request.user
        node, form = self.state()
        context = {
            **super().get_context_data(**kwargs),
            "node": node,
            "form": form,
            "board": None,
        }
        if node is None:
            return context
        allowed = {  # the node's ancestors the user may open, for the breadcrumbs
            area.pk
            for area in overview_areas(user).filter(
                tree_id=node.tree_id, lft__lte=node.lft, rght__gte=node.rght
            )
        }
        if not form.is_valid():
            context["crumbs"] = self._crumbs(node, allowed, {})
            return context
        params = period_params(form)
        period = form.chosen
        link = self.link(params)
        board = boards.build(node, period, link)
        for table in board.tables:
            query = {"area": node.code, **params, TABLE_PARAM: table.key}
            table.export_links = [
                (str(fmt.label), f"?{urlencode({**query, EXPORT_PARAM: fmt.name})}")
                for fmt in FORMATS.values()
            ]
        context |= {
            "board": board,
            "crumbs": self._crumbs(node, allowed, params),
            "period_last_day": period.end - timedelta(days=1),
            "previous_last_day": period.previous().end - timedelta(days=1),
            "others": [(area, link(area)) for area in top_areas(user) if area.pk != node.pk][:20],
        }
        return context

    def _crumbs(self, node, allowed: set, params: dict) -> list[tuple[str, str]]:
        """(name, url) from the top down to the node's parent; a link only where allowed."""
        crumbs = []
        for area in node.get_ancestors():
            url = ""
            if area.pk in allowed:
                url = f"{reverse('overview')}?{urlencode({'area': area.code, **params})}"
            crumbs.append((area.name, url))
        return crumbs
