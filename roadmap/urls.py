from django.urls import include, path

from . import views

urlpatterns = [
    path("plans/new/", views.plan_new, name="plan_new"),
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
    path("plans/<int:plan_id>/quick-wins/", include("roadmap.quick_wins.urls")),
    path("plans/<int:plan_id>/toolkit/", include("roadmap.toolkit.urls")),
]
