"""The quick-win tracker's URLs, under each plan."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "",
        views.quick_win_board,
        name="quick_win_board",
    ),
    path(
        "mine/",
        views.my_quick_wins,
        name="my_quick_wins",
    ),
    path(
        "chart/",
        views.quick_win_chart,
        name="quick_win_chart",
    ),
    path(
        "new/",
        views.quick_win_new,
        name="quick_win_new",
    ),
    path(
        "<int:quick_win_id>/",
        views.quick_win_detail,
        name="quick_win_detail",
    ),
    path(
        "<int:quick_win_id>/edit/",
        views.quick_win_edit,
        name="quick_win_edit",
    ),
    path(
        "<int:quick_win_id>/status/",
        views.quick_win_status,
        name="quick_win_status",
    ),
    path(
        "<int:quick_win_id>/progress/",
        views.quick_win_progress,
        name="quick_win_progress",
    ),
    path(
        "<int:quick_win_id>/milestones/",
        views.quick_win_milestone_add,
        name="quick_win_milestone_add",
    ),
    path(
        "<int:quick_win_id>/milestones/<int:milestone_id>/done/",
        views.quick_win_milestone_done,
        name="quick_win_milestone_done",
    ),
    path(
        "<int:quick_win_id>/milestones/<int:milestone_id>/delete/",
        views.quick_win_milestone_delete,
        name="quick_win_milestone_delete",
    ),
    path(
        "<int:quick_win_id>/announcement/",
        views.quick_win_announcement,
        name="quick_win_announcement",
    ),
]
