from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import Playbook, PlaybookPhase, PlaybookTask
from .quick_wins.models import Milestone, QuickWin, QuickWinEvent
from .toolkit.models import (
    BudgetLine,
    BudgetRequest,
    Challenge,
    Diagnostic,
    DiagnosticAnswer,
    RiskCheck,
    RiskRating,
)


class PlaybookPhaseInline(admin.TabularInline):
    model = PlaybookPhase
    extra = 0
    show_change_link = True


@admin.register(Playbook)
class PlaybookAdmin(admin.ModelAdmin):
    """An organisation adjusts its template here; running plans keep their copy."""

    list_display = ("name", "organisation", "language")
    list_filter = ("language",)
    inlines = [PlaybookPhaseInline]


class PlaybookTaskInline(admin.TabularInline):
    model = PlaybookTask
    extra = 0


@admin.register(PlaybookPhase)
class PlaybookPhaseAdmin(admin.ModelAdmin):
    list_display = ("name", "playbook", "start_day", "end_day")
    inlines = [PlaybookTaskInline]


# ---------------------------------------------------------------- Quick wins and the toolkit
#
# Read-only: every change goes through the area's services, which version it,
# record its history, keep ranks gap-free, check the money rules and complete
# the playbook tasks; the admin is for looking.


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("title", "target_day", "done_at")


class QuickWinEventInline(ReadOnlyInline):
    model = QuickWinEvent
    fields = ("created_at", "actor", "kind", "field", "from_value", "to_value", "note")
    ordering = ("-created_at",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(QuickWin)
class QuickWinAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "status", "progress", "target_day", "owner", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "plan__title")
    list_select_related = ("plan", "owner")
    inlines = [MilestoneInline, QuickWinEventInline]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "kind", "position", "source", "outcome", "updated_at")
    list_filter = ("kind", "outcome", "source")
    search_fields = ("title", "plan__title")
    list_select_related = ("plan",)


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ("label", "plan", "category", "amount", "next_year_amount", "updated_at")
    list_filter = ("category",)
    search_fields = ("label", "plan__title")
    list_select_related = ("plan",)


@admin.register(BudgetRequest)
class BudgetRequestAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "category", "cost", "monthly_benefit", "payback_months")
    list_filter = ("category",)
    search_fields = ("title", "plan__title")
    list_select_related = ("plan",)


class DiagnosticAnswerInline(ReadOnlyInline):
    model = DiagnosticAnswer
    fields = ("sign", "answer", "evidence", "note")


class RiskRatingInline(ReadOnlyInline):
    model = RiskRating
    fields = ("item", "rating", "note")


@admin.register(Diagnostic)
class DiagnosticAdmin(ReadOnlyAdmin):
    list_display = ("plan", "taken_on", "day", "score", "created_by")
    raw_id_fields = ("plan", "created_by")
    list_select_related = ("plan", "created_by")
    inlines = [DiagnosticAnswerInline]


@admin.register(RiskCheck)
class RiskCheckAdmin(ReadOnlyAdmin):
    list_display = ("plan", "month", "created_by", "updated_at")
    raw_id_fields = ("plan", "created_by")
    list_select_related = ("plan", "created_by")
    inlines = [RiskRatingInline]
