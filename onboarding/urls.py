from django.urls import path

from . import toolkit_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.switch_language, name="switch_language"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
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
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]

# The manager's toolkit: the self-introduction and the habits (toolkit_views.py).
urlpatterns += [
    path(
        "plans/<int:plan_id>/toolkit/introduction/",
        toolkit_views.introduction,
        name="introduction",
    ),
    path(
        "plans/<int:plan_id>/toolkit/introduction/withdraw/",
        toolkit_views.introduction_withdraw,
        name="introduction_withdraw",
    ),
    path(
        "plans/<int:plan_id>/toolkit/introduction/link/",
        toolkit_views.introduction_link,
        name="introduction_link",
    ),
    path(
        "plans/<int:plan_id>/toolkit/introduction/shared/<str:token>/",
        toolkit_views.introduction_public,
        name="introduction_public",
    ),
    path("plans/<int:plan_id>/toolkit/habits/", toolkit_views.habits, name="habits"),
]
