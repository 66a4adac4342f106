"""Filters of the publicity pages and API, each a ScopedFilterSet (`within`, strict values)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from grids.generic.filters import ScopedFilterSet
from publicity.choices import CaseStatus, Channel
from publicity.models import Activity, Campaign, Case, Topic


def _topic():
    return django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), to_field_name="code", label=_("topic")
    )


class CampaignFilterSet(ScopedFilterSet):
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), to_field_name="code", label=_("topic")
    )

    class Meta:
        model = Campaign
        fields = ["topic", "within"]


class ActivityFilterSet(ScopedFilterSet):
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))

    class Meta:
        model = Activity
        fields = ["channel", "date_after", "date_before", "within"]


class CaseFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    topic = _topic()

    class Meta:
        model = Case
        fields = ["status", "topic", "within"]
