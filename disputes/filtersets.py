"""Filters of the disputes pages; `within` expands an area code to its whole subtree."""

import django_filters
from django.utils.translation import gettext_lazy as _

from disputes.choices import (
    DisputeStatus,
    KeyPersonCategory,
    RiskLevel,
    RiskNature,
    RiskStatus,
    ScreeningKind,
    Tier,
    Urgency,
)
from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.filterlabels import LazyLabelsMixin
from grids.filtersets import WithinAreaFilter
from grids.models import User


class DisputeFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DisputeStatus.choices)
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    category = django_filters.ModelChoiceFilter(
        queryset=DisputeCategory.objects.all(), to_field_name="code", label=_("category")
    )
    mediator = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(is_active=True, disputes__isnull=False)
        .distinct()
        .order_by("username"),
        label=_("mediator"),
    )
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = Dispute
        fields = ["status", "tier", "category", "mediator", "within"]


class ClinicShiftFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    within = WithinAreaFilter(label=_("within area (code)"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))

    class Meta:
        model = ClinicShift
        fields = ["within", "date_from"]


class ConsultationFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    within = WithinAreaFilter(label=_("within area (code)"))
    topic = django_filters.CharFilter(lookup_expr="icontains", label=_("topic"))

    class Meta:
        model = Consultation
        fields = ["within", "topic", "follow_up_needed"]


class ScreeningCampaignFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ScreeningKind.choices)
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = ScreeningCampaign
        fields = ["kind", "within"]


class RiskItemFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    nature = django_filters.ChoiceFilter(choices=RiskNature.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = RiskItem
        fields = ["nature", "urgency", "status", "within"]


class KeyPersonFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=KeyPersonCategory.choices)
    risk_level = django_filters.ChoiceFilter(choices=RiskLevel.choices)
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = KeyPerson
        fields = ["category", "risk_level", "is_active", "within"]
