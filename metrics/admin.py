from django.contrib import admin

from .models import DashboardSnapshot, Digest, Measurement, PlanMetric


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
