from django.contrib import admin

from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    RiskItem,
    ScreeningCampaign,
)
from grids.admin import ScopedAdminMixin


@admin.register(DisputeCategory)
class DisputeCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Dispute)
class DisputeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: every change of a dispute goes through disputes.actions."""

    list_display = ["pk", "category", "area", "tier", "status", "mediator", "received_at"]
    list_filter = ["status", "tier", "category"]
    list_select_related = ["category", "area", "mediator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClinicShift)
class ClinicShiftAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "community", "lawyer", "starts_at", "ends_at"]
    list_select_related = ["community", "lawyer"]


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["at", "topic", "area", "follow_up_needed"]
    list_select_related = ["area"]


@admin.register(ScreeningCampaign)
class ScreeningCampaignAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "area", "households_visited"]


@admin.register(RiskItem)
class RiskItemAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "nature", "urgency", "status", "deadline", "area"]
    list_filter = ["status", "nature", "urgency"]


# KeyPerson files are not in the admin: their pages and API audit every read.
