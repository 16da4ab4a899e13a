"""The measurement tools: the reboot diagnostic and the monthly risk check.

The executive reads the diagnostic's results (``VIEW_TOOLKIT_RESULTS``); only
the manager runs or deletes one (``EDIT_ROADMAP``: a run completes a roadmap
task). The risk check is the manager's alone (``USE_PRIVATE_TOOLS``).
Invalid forms answer 422 with every answer kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, plan_view
from roadmap.toolkit import linked_task

from . import toolkit
from .toolkit_forms import DiagnosticForm, RiskCheckForm
from .toolkit_rules import DIAGNOSTIC_TASK, RATINGS, REPEAT_DAY, SIGNS

DIAGNOSTIC = "toolkit/diagnostic.html"
DIAGNOSTIC_FORM = "toolkit/diagnostic_form.html"
DIAGNOSTIC_DETAIL = "toolkit/diagnostic_detail.html"
RISK_CHECKS = "toolkit/risk_checks.html"


def _posted(request: HttpRequest) -> QueryDict | None:
    """The POST data, even when empty (an empty form is invalid, not unbound)."""
    return request.POST if request.method == "POST" else None


def _can_edit(request: PlanRequest) -> bool:
    return Right.EDIT_ROADMAP in request.membership.rights


# ---------------------------------------------------------------- The reboot diagnostic


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def diagnostic(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    context = {
        "plan": plan,
        "history": toolkit.diagnostic_history(plan),
        "task": linked_task(plan, DIAGNOSTIC_TASK),
        "can_edit": _can_edit(request),
        "signs": SIGNS,
        "repeat_day": REPEAT_DAY,
        "day": plan.day_number(plan.local_today()),
    }
    return render(request, DIAGNOSTIC, context)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def diagnostic_new(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    form = DiagnosticForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                run = toolkit.diagnostic_create(plan=plan, user=request.user, answers=form.answers)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Diagnostic saved: %(score)d out of 100. The task is done.")
                    % {"score": run.score},
                )
                return redirect("diagnostic_detail", plan_id=plan_id, diagnostic_id=run.pk)
    previous = toolkit.latest_answers(plan)
    context = {
        "plan": plan,
        "form": form,
        # Each sign's fields beside the answer it got last time, to compare while answering.
        "rows": [(group, previous.get(group.sign.key)) for group in form.signs],
        "day": plan.day_number(plan.local_today()),
    }
    return render(request, DIAGNOSTIC_FORM, context, status=status)


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def diagnostic_detail(request: PlanRequest, plan_id: int, diagnostic_id: int) -> HttpResponse:
    plan = request.plan
    context = {
        "plan": plan,
        "result": toolkit.diagnostic_result(plan, diagnostic_id),
        "can_edit": _can_edit(request),
        "repeat_day": REPEAT_DAY,
    }
    return render(request, DIAGNOSTIC_DETAIL, context)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def diagnostic_delete(request: PlanRequest, plan_id: int, diagnostic_id: int) -> HttpResponse:
    run = toolkit.diagnostic_for_update(request.plan, diagnostic_id)
    toolkit.diagnostic_delete(diagnostic=run)
    messages.success(request, _("The diagnostic was deleted."))
    return redirect("diagnostic", plan_id=plan_id)


# ---------------------------------------------------------------- The monthly risk check


@require_http_methods(["GET", "POST"])
@plan_view(Right.USE_PRIVATE_TOOLS)
def risk_checks(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    today = plan.local_today()
    page = toolkit.risk_page(plan, today)
    initial = {}
    for key, rating in page.current_ratings.items():
        initial[f"{key}-rating"] = str(rating.rating)
        initial[f"{key}-note"] = rating.note
    form = RiskCheckForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                toolkit.risk_check_save(
                    plan=plan, user=request.user, today=today, ratings=form.ratings
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("This month's risk check is saved."))
                return redirect("risk_checks", plan_id=plan_id)
    context = {"plan": plan, "page": page, "form": form, "ratings": RATINGS}
    return render(request, RISK_CHECKS, context, status=status)
