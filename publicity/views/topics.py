"""Topics with their reach: totals per topic and per channel over any date range, counted
over the activities the user may see (an activity under two campaigns once)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from grids.generic.views import PageMixin
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
        return ctx
