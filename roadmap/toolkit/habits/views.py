"""The weekly habits self-check: the manager's alone (``USE_PRIVATE_TOOLS``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.htmx import posted
from onboarding.core.i18n import numbers
from roadmap.toolkit.habits import selectors, services
from roadmap.toolkit.habits.forms import HabitsForm
from roadmap.toolkit.habits.rules import HABITS

HABITS_PAGE = "toolkit/habits.html"


@require_http_methods(["GET", "POST"])
@plan_view(Right.USE_PRIVATE_TOOLS)
def habits(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    today = plan.local_today()
    page = selectors.habits_page(plan, request.user, today)
    initial = {}
    if page.current is not None:
        initial = {**page.current.answers, "note": page.current.note}
    form = HabitsForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.habit_check_save(
                    plan=plan,
                    user=request.user,
                    today=today,
                    answers=form.answers,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                streak = selectors.habit_streak(plan, request.user, today).streak_weeks
                messages.success(
                    request,
                    ngettext(
                        "This week's check is saved. Streak: %(count)s week.",
                        "This week's check is saved. Streak: %(count)s weeks.",
                        streak,
                    )
                    % numbers({"count": streak}),
                )
                return redirect("habits", plan_id=plan_id)
    context = {"plan": plan, "page": page, "form": form, "habits": HABITS}
    return render(request, HABITS_PAGE, context, status=status)
