from django.contrib import admin

from grids.admin import ScopedAdminMixin
from patrols.models import (
    GuardSlot,
    KeyPlace,
    PatrolLog,
    PatrolTeam,
    School,
    SchoolHoliday,
    SchoolTerm,
    TeamMember,
)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user", "person"]


@admin.register(PatrolTeam)
class PatrolTeamAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Teams and their members (accounts or registered people)."""

    list_display = ["name", "area", "leader", "is_active"]
    list_select_related = ["area", "leader"]
    inlines = [TeamMemberInline]


@admin.register(KeyPlace)
class KeyPlaceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "area", "times_per_day", "set_hours"]
    list_filter = ["kind"]
    list_select_related = ["area"]


@admin.register(PatrolLog)
class PatrolLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: a patrol starts, records and stops through patrols.actions."""

    list_display = ["started_at", "team", "mode", "red_armband", "status", "extra_volunteers"]
    list_filter = ["status", "mode", "red_armband"]
    list_select_related = ["team"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SchoolHolidayInline(admin.TabularInline):
    model = SchoolHoliday
    extra = 0


@admin.register(SchoolTerm)
class SchoolTermAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The school calendar a guard rota follows: terms and their holidays."""

    list_display = ["name", "area", "starts_on", "ends_on"]
    inlines = [SchoolHolidayInline]


@admin.register(School)
class SchoolAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "area", "is_active"]
    list_select_related = ["area"]


@admin.register(GuardSlot)
class GuardSlotAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: slots come from the rota generator, check-ins from whoever is on duty."""

    list_display = ["date", "half_day", "school", "checked_in_at", "checked_in_by"]
    list_filter = ["half_day"]
    list_select_related = ["school", "checked_in_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
