from django.contrib import admin

from .models import (
    DashboardSnapshot,
    Diagnostic,
    DiagnosticAnswer,
    Digest,
    Measurement,
    PlanMetric,
    RiskCheck,
    RiskRating,
)


@admin.register(PlanMetric)
class PlanMetricAdmin(admin.ModelAdmin):
    list_display = ("plan", "key", "custom_name", "baseline", "target", "target_day")
    raw_id_fields = ("plan",)


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ("metric", "period_start", "value", "sample_size", "origin")
    raw_id_fields = ("metric", "recorded_by")


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("plan", "week_start", "recipient", "status", "sent_at", "attempts")
    list_filter = ("status",)
    raw_id_fields = ("plan", "recipient")
    readonly_fields = ("body_text", "body_html")


admin.site.register(DashboardSnapshot)


# ---------------------------------------------------------------- The toolkit
#
# Read-only: runs and checks are written by metrics.toolkit, which also keeps
# the playbook task in step and refreshes the dashboard.


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DiagnosticAnswerInline(_ReadOnlyInline):
    model = DiagnosticAnswer
    fields = ("sign", "answer", "evidence", "note")


class RiskRatingInline(_ReadOnlyInline):
    model = RiskRating
    fields = ("item", "rating", "note")


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Diagnostic)
class DiagnosticAdmin(_ReadOnlyAdmin):
    list_display = ("plan", "taken_on", "day", "score", "created_by")
    raw_id_fields = ("plan", "created_by")
    list_select_related = ("plan", "created_by")
    inlines = [DiagnosticAnswerInline]


@admin.register(RiskCheck)
class RiskCheckAdmin(_ReadOnlyAdmin):
    list_display = ("plan", "month", "created_by", "updated_at")
    raw_id_fields = ("plan", "created_by")
    list_select_related = ("plan", "created_by")
    inlines = [RiskRatingInline]
