"""The admin: scoped like every other page, tree writes through Area.save()'s lock."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils import timezone
from mptt.admin import MPTTModelAdmin

from grids.actions.areas import delete_assignment, regenerate_qr_token
from grids.forms.people import WholeNumbersFormMixin
from grids.models import (
    Area,
    Assignment,
    AuditEntry,
    Notification,
    Open311Client,
    Person,
    RequestCategory,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    User,
)
from grids.querysets import ACTION_CHANGE


class ScopedAdminMixin:
    """Admin lists and edits limited to the user's subtrees, like the pages and the API."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and not request.user.is_superuser:
            return (
                self.model.objects.visible_to(request.user, ACTION_CHANGE)
                .filter(pk=obj.pk)
                .exists()
            )
        return allowed

    has_delete_permission = has_change_permission


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["area"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("东风", {"fields": ("full_name", "phone")}),)
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name"]
    inlines = [AssignmentInline]


@admin.register(Area)
class AreaAdmin(ScopedAdminMixin, MPTTModelAdmin):
    list_display = ["name", "code", "kind", "households", "population"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["qr_token"]
    mptt_level_indent = 24
    actions = ["regenerate_qr"]

    @admin.action(description="Regenerate QR codes (old posters stop working)")
    def regenerate_qr(self, request, queryset):
        for area in queryset.filter(kind__in=["grid", "building"]):
            regenerate_qr_token(area, by=request.user)


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "area", "masked_phone", "is_party_member"]
    list_filter = ["kind", "is_party_member"]
    search_fields = ["name"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The page's masking and audit of whole numbers, in the admin too."""
        base = super().get_form(request, obj, change=change, **kwargs)

        class PersonAdminForm(WholeNumbersFormMixin, base):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.setup_whole_numbers(request.user)

        return PersonAdminForm


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "area"]
    list_filter = ["role"]
    list_select_related = ["user", "area"]
    autocomplete_fields = ["area", "user"]

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            try:
                delete_assignment(assignment, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)


@admin.register(ServiceTeam)
class ServiceTeamAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "focus", "area"]
    list_select_related = ["area"]
    filter_horizontal = ["members"]


@admin.register(ServicePoint)
class ServicePointAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "area", "opening_hours"]
    list_select_related = ["area"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "model", "object_id", "summary"]
    list_filter = ["action", "model"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RequestCategory)
class RequestCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "response_minutes", "resolve_hours", "position", "is_active"]
    list_editable = ["response_minutes", "resolve_hours", "position", "is_active"]
    # attributes: the Open311 extra questions, a JSON list checked by
    # validate_attribute_definitions when the form is saved.


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only here: every change goes through the inbox and its actions."""

    list_display = ["public_id", "category", "grid", "status", "created_at", "response_due_at"]
    list_filter = ["status", "category", "source"]
    list_select_related = ["category", "grid"]
    search_fields = ["public_id", "description"]
    # The tracking code is the resident's secret (it opens the rating page): not shown here.
    exclude = ["tracking_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Every app's notifications in the staff member's areas; read-only, notify() writes them."""

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "text",
        "area",
        "due_at",
        "read_at",
        "sent_at",
    ]
    list_filter = ["kind"]
    list_select_related = ["recipient", "area"]
    search_fields = ["recipient__username", "text", "dedupe_key"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """Issue keys to city-wide systems; a key is shown once, only its hash is kept."""

    list_display = ["name", "key_prefix", "is_active", "created_at", "revoked_at"]
    readonly_fields = ["key_prefix", "created_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            raw = obj.issue_key()
            messages.warning(request, f"API key for {obj.name} (shown once, copy it now): {raw}")
        if change and not obj.is_active and obj.revoked_at is None:
            obj.revoked_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        queryset.update(is_active=False, revoked_at=timezone.now())
