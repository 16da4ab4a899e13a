from django.contrib import admin

from .models import Playbook, PlaybookPhase, PlaybookTask


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
