"""Filters of the disputes pages and API, each a ScopedFilterSet (`within`, strict values)."""

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
from grids.generic.filters import ScopedFilterSet
from grids.generic.forms import visible_users


def _mediators(request):
    """Mediators of disputes, among the accounts the user may know of."""
    user = getattr(request, "user", None)
    return visible_users(user).filter(disputes__isnull=False).distinct()


class DisputeFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=DisputeStatus.choices)
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    category = django_filters.ModelChoiceFilter(
        queryset=DisputeCategory.objects.all(), to_field_name="code", label=_("category")
    )
    mediator = django_filters.ModelChoiceFilter(queryset=_mediators, label=_("mediator"))

    class Meta:
        model = Dispute
        fields = ["status", "tier", "mode", "category", "mediator", "within"]


class ClinicShiftFilterSet(ScopedFilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))

    class Meta:
        model = ClinicShift
        fields = ["within", "date_from"]


class ConsultationFilterSet(ScopedFilterSet):
    topic = django_filters.CharFilter(lookup_expr="icontains", label=_("topic"))

    class Meta:
        model = Consultation
        fields = ["within", "topic", "follow_up_needed"]


class ScreeningCampaignFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=ScreeningKind.choices)

    class Meta:
        model = ScreeningCampaign
        fields = ["kind", "within"]


class RiskItemFilterSet(ScopedFilterSet):
    nature = django_filters.ChoiceFilter(choices=RiskNature.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)

    class Meta:
        model = RiskItem
        fields = ["nature", "urgency", "status", "within"]


class KeyPersonFilterSet(ScopedFilterSet):
    category = django_filters.ChoiceFilter(choices=KeyPersonCategory.choices)
    risk_level = django_filters.ChoiceFilter(choices=RiskLevel.choices)

    class Meta:
        model = KeyPerson
        fields = ["category", "risk_level", "is_active", "within"]
