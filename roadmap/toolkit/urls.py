"""The manager's toolkit, under ``/plans/<id>/toolkit/``: the hub and one folder per tool."""

from django.urls import path

from . import views
from .budget import views as budget
from .challenges import views as challenges
from .diagnostic import views as diagnostic
from .habits import views as habits
from .introduction import views as introduction
from .risk_checks import views as risk_checks

urlpatterns = [
    path("", views.toolkit_hub, name="toolkit"),
    # Prepare: the self-introduction and the weekly habits
    path("introduction/", introduction.introduction, name="introduction"),
    path(
        "introduction/withdraw/",
        introduction.introduction_withdraw,
        name="introduction_withdraw",
    ),
    path("introduction/link/", introduction.introduction_link, name="introduction_link"),
    path(
        "introduction/shared/<str:token>/",
        introduction.introduction_public,
        name="introduction_public",
    ),
    path("habits/", habits.habits, name="habits"),
    # Assess: the reboot diagnostic and the challenges
    path("diagnostic/", diagnostic.diagnostic, name="diagnostic"),
    path("diagnostic/new/", diagnostic.diagnostic_new, name="diagnostic_new"),
    path(
        "diagnostic/<int:diagnostic_id>/",
        diagnostic.diagnostic_detail,
        name="diagnostic_detail",
    ),
    path(
        "diagnostic/<int:diagnostic_id>/delete/",
        diagnostic.diagnostic_delete,
        name="diagnostic_delete",
    ),
    path("challenges/", challenges.challenges, name="challenges"),
    path("challenges/add/", challenges.challenge_add, name="challenge_add"),
    path("challenges/complete/", challenges.challenges_complete, name="challenges_complete"),
    path(
        "challenges/<int:challenge_id>/edit/",
        challenges.challenge_edit,
        name="challenge_edit",
    ),
    path(
        "challenges/<int:challenge_id>/move/",
        challenges.challenge_move,
        name="challenge_move",
    ),
    path(
        "challenges/<int:challenge_id>/delete/",
        challenges.challenge_delete,
        name="challenge_delete",
    ),
    # Plan: the operating budget and its ROI cases
    path("budget/", budget.budget, name="budget"),
    path("budget/export.csv", budget.budget_export, name="budget_export"),
    path("budget/lines/add/", budget.budget_line_add, name="budget_line_add"),
    path("budget/lines/<int:line_id>/edit/", budget.budget_line_edit, name="budget_line_edit"),
    path(
        "budget/lines/<int:line_id>/delete/",
        budget.budget_line_delete,
        name="budget_line_delete",
    ),
    path("budget/requests/add/", budget.budget_request_add, name="budget_request_add"),
    path(
        "budget/requests/<int:request_id>/edit/",
        budget.budget_request_edit,
        name="budget_request_edit",
    ),
    path(
        "budget/requests/<int:request_id>/delete/",
        budget.budget_request_delete,
        name="budget_request_delete",
    ),
    # Throughout: the monthly risk check
    path("risk-checks/", risk_checks.risk_checks, name="risk_checks"),
]
