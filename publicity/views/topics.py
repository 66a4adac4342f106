"""Topics with their reach: totals per topic, per channel and per community and grid over any
date range, counted over the activities the user may see (an activity under two campaigns
once)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from grids.choices import AreaKind
from grids.generic.tables import Column
from grids.generic.views import ExportMixin, PageMixin
from grids.models import Area
from publicity import figures
from publicity.choices import Channel
from publicity.models import Activity, Topic
from publicity.views.base import PublicityPage


class RangeForm(forms.Form):
    start = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


FIGURES = ["events", "items_pushed", "copies_handed_out", "people_reached", "attendance"]
FIGURE_LABELS = [
    _("activities"),
    _("items pushed"),
    _("copies handed out"),
    _("people reached"),
    _("attendance"),
]


class TopicListView(ExportMixin, PublicityPage, PageMixin, TemplateView):
    """The two tables of the page; `?export=` writes both, one row per topic, channel and
    the total (a figures table: rows are dicts)."""

    template_name = "publicity/topics/list.html"
    export_subject = "publicity.topics"
    export_columns = [
        Column(_("breakdown"), "breakdown"),
        Column(_("name"), "name"),
        *(Column(label, name) for name, label in zip(FIGURES, FIGURE_LABELS, strict=True)),
    ]

    def figures(self) -> dict:
        """The page's tables for the chosen range (all time while the range is invalid)."""
        form = RangeForm(self.request.GET or None)
        period = form.cleaned_data if form.is_valid() else {}
        visible = Activity.objects.visible_to(self.request.user)
        start, end = period.get("start"), period.get("end")
        by_topic = figures.totals_by_topic(visible, start=start, end=end)
        by_channel = figures.totals_by_channel(visible, start=start, end=end)
        return {
            "form": form,
            "invalid": form.is_bound and not form.is_valid(),
            "topics": [(topic, by_topic.get(topic.code)) for topic in Topic.objects.all()],
            "channels": [
                (label, by_channel[value])
                for value, label in Channel.choices
                if value in by_channel
            ],
            "total": figures.totals(visible, start=start, end=end),
            "areas": self.by_area(visible, start, end),
        }

    def by_area(self, visible, start, end) -> list:
        """Per community and grid the user may see (tree order), over the same activities."""
        areas = Area.objects.visible_to(self.request.user).filter(
            kind__in=[AreaKind.COMMUNITY, AreaKind.GRID]
        )
        by_area = figures.totals_by_area(visible, areas=areas, start=start, end=end)
        return [(area, by_area[area.code]) for area in areas.order_by("tree_id", "lft")]

    def get_export_rows(self):
        tables = self.figures()
        if tables.get("invalid"):
            return None
        rows = [
            {"breakdown": _("By topic"), "name": topic.name, **(row or {})}
            for topic, row in tables["topics"]
        ]
        rows += [
            {"breakdown": _("By channel"), "name": label, **row}
            for label, row in tables["channels"]
        ]
        rows += [
            {"breakdown": _("By area"), "name": area.full_name or area.name, **row}
            for area, row in tables["areas"]
        ]
        rows.append({"breakdown": _("total"), "name": "", **tables["total"]})
        return rows

    def get_export_filename(self) -> str:
        return _("Topics")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.figures())
        return ctx
