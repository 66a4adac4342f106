"""Topics with their reach: totals per topic, per channel and per community and grid over any
date range, counted over the activities the user may see (an activity under two campaigns
once)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from grids.choices import AreaKind
from grids.generic.views import PageMixin
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


class TopicListView(PublicityPage, PageMixin, TemplateView):
    template_name = "publicity/topics/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = RangeForm(self.request.GET or None)
        period = form.cleaned_data if form.is_valid() else {}
        visible = Activity.objects.visible_to(self.request.user)
        start, end = period.get("start"), period.get("end")
        by_topic = figures.totals_by_topic(visible, start=start, end=end)
        by_channel = figures.totals_by_channel(visible, start=start, end=end)
        ctx.update(
            form=form,
            topics=[(topic, by_topic.get(topic.code)) for topic in Topic.objects.all()],
            channels=[
                (label, by_channel[value])
                for value, label in Channel.choices
                if value in by_channel
            ],
            total=figures.totals(visible, start=start, end=end),
        )
        # Per community and grid the user may see (tree order), over the same activities.
        areas = Area.objects.visible_to(self.request.user).filter(
            kind__in=[AreaKind.COMMUNITY, AreaKind.GRID]
        )
        by_area = figures.totals_by_area(visible, areas=areas, start=start, end=end)
        ctx["areas"] = [(area, by_area[area.code]) for area in areas.order_by("tree_id", "lft")]
        return ctx
