from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Invitation, Membership, Organisation, Plan, User
from .page_cache import plan_changed


class ChangesPlanPages(admin.ModelAdmin):
    """Edits made in the admin show at once on the plan's cached pages (page_cache)."""

    def plan_id_of(self, obj) -> int | None:
        return getattr(obj, "plan_id", None)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._changed(obj)

    def delete_model(self, request, obj) -> None:
        self._changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self._changed(obj)
        super().delete_queryset(request, queryset)

    def _changed(self, obj) -> None:
        plan_id = self.plan_id_of(obj)
        if plan_id is not None:
            plan_changed(plan_id)


@admin.register(User)
class AppUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Preferences", {"fields": ("language",)}))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Plan)
class PlanAdmin(ChangesPlanPages):
    list_display = ("title", "organisation", "start_date", "timezone", "language")
    list_filter = ("language",)
    search_fields = ("title", "organisation__name")
    exclude = ("calendar_token",)
    inlines = [MembershipInline]

    def plan_id_of(self, obj: Plan) -> int | None:
        return obj.pk


admin.site.register(Organisation)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "plan",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    raw_id_fields = ("plan", "invited_by", "accepted_by")
