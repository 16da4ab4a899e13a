from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile, name="profile"),
    path("profile/email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("language/", views.switch_language, name="switch_language"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:plan_id>/settings/", views.plan_settings, name="plan_settings"),
    path("plans/<int:plan_id>/members/", views.members, name="members"),
    path("plans/<int:plan_id>/members/invite/", views.invite, name="invite"),
    path(
        "plans/<int:plan_id>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "plans/<int:plan_id>/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "plans/<int:plan_id>/invitations/<int:invitation_id>/resend/",
        views.invitation_send_again,
        name="invitation_resend",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
