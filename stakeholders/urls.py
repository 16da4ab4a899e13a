from django.urls import path

from . import views

P = "plans/<int:plan_id>/stakeholders/"
ONE = P + "<int:stakeholder_id>/"

urlpatterns = [
    path(P, views.stakeholder_list, name="stakeholder_list"),
    path(P + "new/", views.stakeholder_new, name="stakeholder_new"),
    path(P + "map/", views.power_map, name="power_map"),
    path(P + "export.csv", views.stakeholder_export, name="stakeholder_export"),
    path(P + "answers/", views.interview_answers, name="interview_answers"),
    path(P + "import/", views.stakeholder_import, name="stakeholder_import"),
    path(
        P + "import/<int:import_id>/",
        views.stakeholder_import_preview,
        name="stakeholder_import_preview",
    ),
    path(
        P + "import/<int:import_id>/cancel/",
        views.stakeholder_import_cancel,
        name="stakeholder_import_cancel",
    ),
    path(
        P + "follow-ups/<int:follow_up_id>/task/",
        views.follow_up_to_task,
        name="follow_up_to_task",
    ),
    path(ONE, views.stakeholder_detail, name="stakeholder_detail"),
    path(ONE + "edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path(ONE + "archive/", views.stakeholder_archive, name="stakeholder_archive"),
    path(ONE + "restore/", views.stakeholder_restore, name="stakeholder_restore"),
    path(ONE + "interactions/new/", views.interaction_new, name="interaction_new"),
    path(
        ONE + "interactions/<int:interaction_id>/edit/",
        views.interaction_edit,
        name="interaction_edit",
    ),
    path(
        ONE + "interactions/<int:interaction_id>/delete/",
        views.interaction_delete,
        name="interaction_delete",
    ),
]
