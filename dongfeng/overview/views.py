"""/overview/: the home of community staff and officials."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from dongfeng.overview import board as boards
from dongfeng.overview.periods import CUSTOM, DEFAULT, PeriodForm
from dongfeng.overview.scope import area_for, overview_areas, top_areas
from grids.generic.views import PageMixin


def period_params(form: PeriodForm) -> dict:
    """The period of a valid form as query parameters, for the drill-down links."""
    data = form.cleaned_data
    params = {"period": data["period"]}
    if data["period"] == CUSTOM:
        params |= {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
    return params


class OverviewView(PageMixin, TemplateView):
    """?area=CODE: any node the user may open (404 otherwise), by default their top node;
    ?period=…: the period picker (a bad range is a form error, the figures wait for it)."""

    template_name = "dongfeng/overview/overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        node = area_for(user, self.request.GET.get("area") or None)
        data = self.request.GET.copy()
        if not any(data.get(name) for name in ("period", "start", "end")):
            data["period"] = DEFAULT  # the picker shows what the figures cover
        form = PeriodForm(data)
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

        def link(area) -> str:
            return f"{reverse('overview')}?{urlencode({'area': area.code, **params})}"

        context |= {
            "board": boards.build(node, period, link),
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
