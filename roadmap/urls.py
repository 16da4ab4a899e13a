from django.urls import path

from . import quick_win_views, toolkit_views, views

urlpatterns = [
    path("plans/<int:plan_id>/today/", views.today, name="today"),
    path("plans/<int:plan_id>/timeline/", views.timeline, name="timeline"),
    path("plans/<int:plan_id>/tasks/new/", views.task_new, name="task_new"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/status/", views.task_status, name="task_status"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/note/", views.task_note, name="task_note"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/delete/", views.task_delete, name="task_delete"),
    path("plans/<int:plan_id>/phases/<int:phase_id>/edit/", views.phase_edit, name="phase_edit"),
    path("plans/<int:plan_id>/calendar/", views.calendar, name="calendar"),
    path("plans/<int:plan_id>/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # The quick-win tracker (quick_win_views.py).
    path(
        "plans/<int:plan_id>/quick-wins/",
        quick_win_views.quick_win_board,
        name="quick_win_board",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/mine/",
        quick_win_views.my_quick_wins,
        name="my_quick_wins",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/chart/",
        quick_win_views.quick_win_chart,
        name="quick_win_chart",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/new/",
        quick_win_views.quick_win_new,
        name="quick_win_new",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/",
        quick_win_views.quick_win_detail,
        name="quick_win_detail",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/edit/",
        quick_win_views.quick_win_edit,
        name="quick_win_edit",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/status/",
        quick_win_views.quick_win_status,
        name="quick_win_status",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/progress/",
        quick_win_views.quick_win_progress,
        name="quick_win_progress",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/milestones/",
        quick_win_views.quick_win_milestone_add,
        name="quick_win_milestone_add",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/milestones/<int:milestone_id>/done/",
        quick_win_views.quick_win_milestone_done,
        name="quick_win_milestone_done",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/milestones/<int:milestone_id>/delete/",
        quick_win_views.quick_win_milestone_delete,
        name="quick_win_milestone_delete",
    ),
    path(
        "plans/<int:plan_id>/quick-wins/<int:quick_win_id>/announcement/",
        quick_win_views.quick_win_announcement,
        name="quick_win_announcement",
    ),
]

# The manager's toolkit: the hub, challenges and budget (toolkit_views.py).
TOOLKIT = "plans/<int:plan_id>/toolkit/"
urlpatterns += [
    path(TOOLKIT, toolkit_views.toolkit_hub, name="toolkit"),
    path(TOOLKIT + "challenges/", toolkit_views.challenges, name="challenges"),
    path(TOOLKIT + "challenges/add/", toolkit_views.challenge_add, name="challenge_add"),
    path(
        TOOLKIT + "challenges/complete/",
        toolkit_views.challenges_complete,
        name="challenges_complete",
    ),
    path(
        TOOLKIT + "challenges/<int:challenge_id>/edit/",
        toolkit_views.challenge_edit,
        name="challenge_edit",
    ),
    path(
        TOOLKIT + "challenges/<int:challenge_id>/move/",
        toolkit_views.challenge_move,
        name="challenge_move",
    ),
    path(
        TOOLKIT + "challenges/<int:challenge_id>/delete/",
        toolkit_views.challenge_delete,
        name="challenge_delete",
    ),
    path(TOOLKIT + "budget/", toolkit_views.budget, name="budget"),
    path(TOOLKIT + "budget/export.csv", toolkit_views.budget_export, name="budget_export"),
    path(TOOLKIT + "budget/lines/add/", toolkit_views.budget_line_add, name="budget_line_add"),
    path(
        TOOLKIT + "budget/lines/<int:line_id>/edit/",
        toolkit_views.budget_line_edit,
        name="budget_line_edit",
    ),
    path(
        TOOLKIT + "budget/lines/<int:line_id>/delete/",
        toolkit_views.budget_line_delete,
        name="budget_line_delete",
    ),
    path(
        TOOLKIT + "budget/requests/add/",
        toolkit_views.budget_request_add,
        name="budget_request_add",
    ),
    path(
        TOOLKIT + "budget/requests/<int:request_id>/edit/",
        toolkit_views.budget_request_edit,
        name="budget_request_edit",
    ),
    path(
        TOOLKIT + "budget/requests/<int:request_id>/delete/",
        toolkit_views.budget_request_delete,
        name="budget_request_delete",
    ),
]
