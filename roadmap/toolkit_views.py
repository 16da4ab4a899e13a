"""The toolkit hub, and the plan's tools: challenges and opportunities, budget and ROI.

Everyone in the plan opens the hub, which lists only the tools their role may
open (team members: none). The executive reads the challenges and the budget;
only the manager changes them (``EDIT_ROADMAP``: completing a tool changes the
roadmap). Invalid forms answer 422 with the form again; an edit over someone
else's newer save answers 409 with the user's input kept and the fresh values
shown. Reordering the challenges works with plain forms ("Move up"/"Move
down") and, with JavaScript, by dragging; htmx swaps only the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.htmx import is_partial, posted_next, vary_on_htmx
from onboarding.core.versioning import StaleVersion

from . import toolkit
from .models import BudgetCategory, BudgetLine, BudgetRequest, Challenge, ChallengeOutcome
from .toolkit_forms import (
    BudgetLineForm,
    BudgetRequestForm,
    ChallengeForm,
    ChallengeMoveForm,
    CompleteForm,
)
from .toolkit_hub import toolkit_overview
from .toolkit_rules import CHALLENGES_ADVISED

HUB = "toolkit/hub.html"
CHALLENGES = "toolkit/challenges.html"
CHALLENGE_FORM = "toolkit/challenge_form.html"
BUDGET = "toolkit/budget.html"
BUDGET_FORM = "toolkit/budget_form.html"


def _posted(request: HttpRequest) -> QueryDict | None:
    """The POST data, even when empty (an empty form is invalid, not unbound)."""
    return request.POST if request.method == "POST" else None


def _can_edit(request: PlanRequest) -> bool:
    return Right.EDIT_ROADMAP in request.membership.rights


def _back(request: PlanRequest, default: str) -> HttpResponse:
    """After a plain form post, return to where the user was (``next``), else ``default``."""
    target = posted_next(request)
    if target:
        return HttpResponseRedirect(target)
    return redirect(default, plan_id=request.plan.pk)


def _malformed(form: Form) -> HttpResponse:
    """Input the page never sends: a 400 with the reason, not a form to correct."""
    text = " ".join(message for errors in form.errors.values() for message in errors)
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def _with_fresh_version(form_class: type[Form], request: PlanRequest, version: int, **kwargs: Any):
    """The user's input again, carrying the version now saved, so a second save is deliberate."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


# ---------------------------------------------------------------- The hub


@require_GET
@plan_view(Right.VIEW_PLAN)
def toolkit_hub(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    today = plan.local_today()
    cards = toolkit_overview(plan, request.membership.rights, request.user, today)
    context = {"plan": plan, "cards": cards, "day": plan.day_number(today)}
    return render(request, HUB, context)


# ---------------------------------------------------------------- Challenges and opportunities


def _challenge_input(data: dict[str, Any]) -> toolkit.ChallengeInput:
    return toolkit.ChallengeInput(
        kind=data["kind"],
        title=data["title"],
        evidence=data["evidence"],
        source=data["source"],
        source_detail=data["source_detail"],
        stakeholder_id=data["stakeholder"],
        metric_id=data["metric"],
        outcome=data["outcome"],
        quick_win=data["quick_win"],
        task=data["task"],
        outcome_note=data["outcome_note"],
    )


def _challenges_context(request: PlanRequest, **extra: Any) -> dict[str, Any]:
    plan = request.plan
    can_edit = _can_edit(request)
    context = {
        "plan": plan,
        "page": toolkit.challenges_page(plan),
        "can_edit": can_edit,
        "advised": CHALLENGES_ADVISED,
        "outcomes": ChallengeOutcome,
        "can_view_stakeholders": Right.VIEW_STAKEHOLDERS in request.membership.rights,
        **extra,
    }
    if can_edit and "form" not in context:
        context["form"] = ChallengeForm(plan=plan)
    return context


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def challenges(request: PlanRequest, plan_id: int) -> HttpResponse:
    template = CHALLENGES + ("#challenge-list" if is_partial(request) else "")
    return vary_on_htmx(render(request, template, _challenges_context(request)))


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenge_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    form = ChallengeForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            challenge = toolkit.challenge_create(
                plan=plan, data=_challenge_input(form.cleaned_data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” added as number %(rank)d.")
                % {"title": challenge.title, "rank": challenge.position},
            )
            return redirect("challenges", plan_id=plan_id)
    context = _challenges_context(request, form=form, form_open=True)
    return render(request, CHALLENGES, context, status=422)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def challenge_edit(request: PlanRequest, plan_id: int, challenge_id: int) -> HttpResponse:
    plan = request.plan
    challenge = toolkit.challenge_for_update(plan, challenge_id)
    initial = {
        "kind": challenge.kind,
        "title": challenge.title,
        "evidence": challenge.evidence,
        "source": challenge.source,
        "source_detail": challenge.source_detail,
        "stakeholder": challenge.stakeholder_ref,
        "metric": challenge.metric_id,
        "outcome": challenge.outcome,
        "quick_win": challenge.quick_win_id,
        "task": challenge.task_id,
        "outcome_note": challenge.outcome_note,
        "version": challenge.version,
    }
    form = ChallengeForm(_posted(request), plan=plan, initial=initial)
    status, current = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                toolkit.challenge_update(
                    challenge=challenge,
                    data=_challenge_input(form.cleaned_data),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as error:
                status, current = 409, error.current
                form = _with_fresh_version(ChallengeForm, request, error.current.version, plan=plan)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("“%(title)s” saved.") % {"title": challenge.title})
                return redirect("challenges", plan_id=plan_id)
    context = {"plan": plan, "form": form, "challenge": challenge, "current": current}
    return render(request, CHALLENGE_FORM, context, status=status)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenge_move(request: PlanRequest, plan_id: int, challenge_id: int) -> HttpResponse:
    challenge = toolkit.challenge_for_update(request.plan, challenge_id)
    form = ChallengeMoveForm(request.POST)
    if not form.is_valid():
        return _malformed(form)
    rank = toolkit.challenge_move(
        challenge=challenge,
        direction=form.cleaned_data["direction"] or None,
        position=form.cleaned_data["position"],
    )
    count = Challenge.objects.filter(plan=request.plan).count()
    message = _("“%(title)s” is now number %(rank)d of %(count)d.") % {
        "title": challenge.title,
        "rank": rank,
        "count": count,
    }
    if is_partial(request):
        context = _challenges_context(request, moved=challenge.pk, announce=message)
        return render(request, CHALLENGES + "#challenge-list", context)
    messages.success(request, message)
    return _back(request, "challenges")


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenge_delete(request: PlanRequest, plan_id: int, challenge_id: int) -> HttpResponse:
    challenge = toolkit.challenge_for_update(request.plan, challenge_id)
    toolkit.challenge_delete(challenge=challenge)
    messages.success(request, _("“%(title)s” removed.") % {"title": challenge.title})
    return redirect("challenges", plan_id=plan_id)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenges_complete(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _malformed(form)
    complete = form.cleaned_data["complete"]
    try:
        task = toolkit.challenges_set_complete(plan=request.plan, complete=complete)
    except ValidationError as error:
        context = _challenges_context(request, complete_errors=error.messages)
        return render(request, CHALLENGES, context, status=422)
    if task is None:
        messages.warning(request, _("This plan has no playbook task for the list to complete."))
    elif complete:
        messages.success(
            request,
            _("The list is complete, and “%(task)s” is done.") % {"task": task.title},
        )
    else:
        messages.success(
            request, _("The list is open again, and so is “%(task)s”.") % {"task": task.title}
        )
    return redirect("challenges", plan_id=plan_id)


# ---------------------------------------------------------------- Budget and ROI


def _line_input(data: dict[str, Any]) -> toolkit.BudgetLineInput:
    return toolkit.BudgetLineInput(
        category=data["category"],
        label=data["label"],
        amount=data["amount"],
        next_year_amount=data["next_year_amount"],
        assumption=data["assumption"],
    )


def _request_input(data: dict[str, Any]) -> toolkit.BudgetRequestInput:
    return toolkit.BudgetRequestInput(
        title=data["title"],
        category=data["category"],
        cost=data["cost"],
        monthly_benefit=data["monthly_benefit"],
        benefit_basis=data["benefit_basis"],
    )


def _budget_page(
    request: PlanRequest,
    *,
    line_form: BudgetLineForm | None = None,
    request_form: BudgetRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = _can_edit(request)
    context = {
        "plan": request.plan,
        "page": toolkit.budget_page(request.plan),
        "can_edit": can_edit,
        "categories": BudgetCategory,
        "line_form": line_form or (BudgetLineForm() if can_edit else None),
        "request_form": request_form or (BudgetRequestForm() if can_edit else None),
        "line_form_open": line_form is not None,
        "request_form_open": request_form is not None,
    }
    return render(request, BUDGET, context, status=status)


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def budget(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _budget_page(request)


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def budget_export(request: PlanRequest, plan_id: int) -> HttpResponse:
    """The budget and ROI cases as CSV, for a spreadsheet (text never runs as a formula)."""
    page = toolkit.budget_page(request.plan)
    # The byte-order mark lets spreadsheets read the UTF-8 (Persian, Russian) correctly.
    body = "\ufeff" + "".join(toolkit.budget_csv(page, request.plan.currency))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"budget-{request.plan.pk}-{request.plan.local_today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_line_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            line = toolkit.budget_line_create(
                plan=request.plan, data=_line_input(form.cleaned_data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Budget line “%(label)s” added.") % {"label": line.label})
            return redirect("budget", plan_id=plan_id)
    return _budget_page(request, line_form=form, status=422)


def _edit_page(
    request: PlanRequest,
    *,
    form: Form,
    record: BudgetLine | BudgetRequest,
    kind: str,
    current: BudgetLine | BudgetRequest | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"plan": request.plan, "form": form, "record": record, "kind": kind}
    context["current"] = current
    return render(request, BUDGET_FORM, context, status=status)


def _edit_record(
    request: PlanRequest,
    *,
    record: BudgetLine | BudgetRequest,
    kind: str,
    form_class: type[Form],
    initial: dict[str, object],
    save: Callable[[dict[str, object]], object],
    saved_message: Callable[[], str],
) -> HttpResponse:
    """Edit a budget line or request: its page, then a save checked against its version."""
    form = form_class(_posted(request), initial=initial)
    if request.method == "GET":
        return _edit_page(request, form=form, record=record, kind=kind)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleVersion as error:
            form = _with_fresh_version(form_class, request, error.current.version)
            return _edit_page(
                request, form=form, record=record, kind=kind, current=error.current, status=409
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved_message())
            return redirect("budget", plan_id=request.plan.pk)
    return _edit_page(request, form=form, record=record, kind=kind, status=422)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def budget_line_edit(request: PlanRequest, plan_id: int, line_id: int) -> HttpResponse:
    line = toolkit.budget_line_for_update(request.plan, line_id)
    initial = {
        "category": line.category,
        "label": line.label,
        "amount": line.amount,
        "next_year_amount": line.next_year_amount,
        "assumption": line.assumption,
        "version": line.version,
    }
    return _edit_record(
        request,
        record=line,
        kind="line",
        form_class=BudgetLineForm,
        initial=initial,
        save=lambda data: toolkit.budget_line_update(
            line=line, data=_line_input(data), expected_version=data["version"]
        ),
        saved_message=lambda: _("Budget line “%(label)s” saved.") % {"label": line.label},
    )


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_line_delete(request: PlanRequest, plan_id: int, line_id: int) -> HttpResponse:
    line = toolkit.budget_line_for_update(request.plan, line_id)
    toolkit.budget_line_delete(line=line)
    messages.success(request, _("Budget line “%(label)s” removed.") % {"label": line.label})
    return redirect("budget", plan_id=plan_id)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_request_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = BudgetRequestForm(request.POST)
    if form.is_valid():
        try:
            budget_request = toolkit.budget_request_create(
                plan=request.plan, data=_request_input(form.cleaned_data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Request “%(title)s” added: it pays back in %(months)s months.")
                % {"title": budget_request.title, "months": budget_request.payback_months},
            )
            return redirect("budget", plan_id=plan_id)
    return _budget_page(request, request_form=form, status=422)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def budget_request_edit(request: PlanRequest, plan_id: int, request_id: int) -> HttpResponse:
    budget_request = toolkit.budget_request_for_update(request.plan, request_id)
    initial = {
        "title": budget_request.title,
        "category": budget_request.category,
        "cost": budget_request.cost,
        "monthly_benefit": budget_request.monthly_benefit,
        "benefit_basis": budget_request.benefit_basis,
        "version": budget_request.version,
    }
    return _edit_record(
        request,
        record=budget_request,
        kind="request",
        form_class=BudgetRequestForm,
        initial=initial,
        save=lambda data: toolkit.budget_request_update(
            budget_request=budget_request,
            data=_request_input(data),
            expected_version=data["version"],
        ),
        saved_message=lambda: _("Request “%(title)s” saved.") % {"title": budget_request.title},
    )


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_request_delete(request: PlanRequest, plan_id: int, request_id: int) -> HttpResponse:
    budget_request = toolkit.budget_request_for_update(request.plan, request_id)
    toolkit.budget_request_delete(budget_request=budget_request)
    messages.success(request, _("Request “%(title)s” removed.") % {"title": budget_request.title})
    return redirect("budget", plan_id=plan_id)
