"""The reboot diagnostic's pages.

The executive reads the results (``VIEW_TOOLKIT_RESULTS``); only the manager
runs or deletes one (``EDIT_ROADMAP``: a run completes a roadmap task).
Invalid forms answer 422 with every answer kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.htmx import posted
from onboarding.core.i18n import numbers
from roadmap.pulse_slot import pulse_signal
from roadmap.toolkit.diagnostic import selectors, services
from roadmap.toolkit.diagnostic.forms import DiagnosticForm
from roadmap.toolkit.diagnostic.rules import DIAGNOSTIC_TASK, PULSE_SIGN, REPEAT_DAY, SIGNS
from roadmap.toolkit.playbook_tasks import linked_task

DIAGNOSTIC = "toolkit/diagnostic.html"


DIAGNOSTIC_FORM = "toolkit/diagnostic_form.html"


DIAGNOSTIC_DETAIL = "toolkit/diagnostic_detail.html"


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def diagnostic(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    context = {
        "plan": plan,
        "history": selectors.diagnostic_history(plan),
        "task": linked_task(plan, DIAGNOSTIC_TASK),
        "can_edit": can(request, Right.EDIT_ROADMAP),
        "signs": SIGNS,
        "repeat_day": REPEAT_DAY,
        "day": plan.day_number(plan.local_today()),
        "pulse": pulse_signal(plan, request.membership.rights),
        "pulse_sign": PULSE_SIGN,
    }
    return render(request, DIAGNOSTIC, context)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def diagnostic_new(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    form = DiagnosticForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                run = services.diagnostic_create(plan=plan, user=request.user, answers=form.answers)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Diagnostic saved: %(score)s out of 100. The task is done.")
                    % numbers({"score": run.score}),
                )
                return redirect("diagnostic_detail", plan_id=plan_id, diagnostic_id=run.pk)
    previous = selectors.latest_answers(plan)
    context = {
        "plan": plan,
        "form": form,
        # Each sign's fields beside the answer it got last time, to compare while answering.
        "rows": [(group, previous.get(group.sign.key)) for group in form.signs],
        "day": plan.day_number(plan.local_today()),
        "pulse": pulse_signal(plan, request.membership.rights),
        "pulse_sign": PULSE_SIGN,
    }
    return render(request, DIAGNOSTIC_FORM, context, status=status)


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def diagnostic_detail(request: PlanRequest, plan_id: int, diagnostic_id: int) -> HttpResponse:
    plan = request.plan
    context = {
        "plan": plan,
        "result": selectors.diagnostic_result(plan, diagnostic_id),
        "can_edit": can(request, Right.EDIT_ROADMAP),
        "repeat_day": REPEAT_DAY,
    }
    return render(request, DIAGNOSTIC_DETAIL, context)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def diagnostic_delete(request: PlanRequest, plan_id: int, diagnostic_id: int) -> HttpResponse:
    run = selectors.diagnostic_for_update(request.plan, diagnostic_id)
    services.diagnostic_delete(diagnostic=run)
    messages.success(request, _("The diagnostic was deleted."))
    return redirect("diagnostic", plan_id=plan_id)
