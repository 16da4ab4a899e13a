from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .auth import ThrottledAdminAuthenticationForm
from .models import Invitation, Membership, Organisation, Plan, User

# The admin's sign-in page is throttled like the site's (onboarding/throttling.py).
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(User)
class AppUserAdmin(UserAdmin):
    # Django's UserAdmin always sets fieldsets; the stubs type the attribute as optional.
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Preferences", {"fields": ("language",)}))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "start_date", "timezone", "language")
    list_filter = ("language",)
    search_fields = ("title", "organisation__name")
    exclude = ("calendar_token",)
    inlines = [MembershipInline]


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
