from django.contrib import admin

from .models import FollowUp, Interaction, InterviewAnswer, PendingImport, Stakeholder, Tag


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "plan",
        "organisation",
        "relationship",
        "power",
        "interest",
        "attitude",
        "last_contact_on",
        "archived_at",
    )
    list_filter = ("relationship", "attitude", "scope")
    search_fields = ("name", "email", "organisation")
    raw_id_fields = ("plan", "reports_to")
    filter_horizontal = ("tags",)
    readonly_fields = ("last_contact_on", "contact_due_on", "version")
    exclude = ("influences", "shared_with")


class InterviewAnswerInline(admin.TabularInline):
    model = InterviewAnswer
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ("task",)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    """Changing the date here skips the services: last contact is not recomputed."""

    list_display = ("stakeholder", "kind", "date", "sentiment")
    list_filter = ("kind",)
    raw_id_fields = ("plan", "stakeholder", "created_by")
    readonly_fields = ("date",)
    inlines = [InterviewAnswerInline, FollowUpInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "plan")
    raw_id_fields = ("plan",)


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "plan", "created_by", "created_at")
    raw_id_fields = ("plan", "created_by")
    exclude = ("rows",)
