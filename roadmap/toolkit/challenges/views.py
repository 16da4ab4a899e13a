"""The challenges and opportunities pages.

The executive reads the list; only the manager changes it (``EDIT_ROADMAP``:
completing the list completes a roadmap task). Reordering works with plain
forms ("Move up"/"Move down") and, with JavaScript, by dragging; htmx swaps
only the list. An edit over someone else's newer save answers 409 with the
user's input kept and the fresh values shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.forms import with_version
from onboarding.core.htmx import is_partial, malformed, posted, redirect_back, render_page
from onboarding.core.i18n import numbers
from onboarding.core.versioning import StaleVersion
from roadmap.toolkit.challenges import selectors, services
from roadmap.toolkit.challenges.forms import ChallengeForm, ChallengeMoveForm, CompleteForm
from roadmap.toolkit.challenges.rules import CHALLENGES_ADVISED
from roadmap.toolkit.models import Challenge, ChallengeOutcome

CHALLENGES = "toolkit/challenges.html"


CHALLENGE_FORM = "toolkit/challenge_form.html"


def _challenge_input(data: dict[str, Any]) -> services.ChallengeInput:
    return services.ChallengeInput(
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
    can_edit = can(request, Right.EDIT_ROADMAP)
    context = {
        "plan": plan,
        "page": selectors.challenges_page(plan),
        "can_edit": can_edit,
        "advised": CHALLENGES_ADVISED,
        "outcomes": ChallengeOutcome,
        "can_view_stakeholders": Right.VIEW_STAKEHOLDERS in request.membership.rights,
        **extra,
    }
    if can_edit and "form" not in context:
        context["form"] = ChallengeForm(plan=plan, new=True)
    return context


@require_GET
@plan_view(Right.VIEW_TOOLKIT_RESULTS)
def challenges(request: PlanRequest, plan_id: int) -> HttpResponse:
    return render_page(request, CHALLENGES, _challenges_context(request), partial="challenge-list")


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenge_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    form = ChallengeForm(request.POST, plan=plan, new=True)
    if form.is_valid():
        try:
            challenge = services.challenge_create(
                plan=plan, data=_challenge_input(form.cleaned_data)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” added as number %(rank)s.")
                % numbers({"title": challenge.title, "rank": challenge.position}),
            )
            return redirect("challenges", plan_id=plan_id)
    context = _challenges_context(request, form=form, form_open=True)
    return render(request, CHALLENGES, context, status=422)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def challenge_edit(request: PlanRequest, plan_id: int, challenge_id: int) -> HttpResponse:
    plan = request.plan
    challenge = selectors.challenge_for_update(plan, challenge_id)
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
    form = ChallengeForm(posted(request), plan=plan, initial=initial)
    status, current = 200, None
    if request.method == "POST":
        status = 422
        if form.is_malformed:
            return malformed(form)
        if form.is_valid():
            try:
                services.challenge_update(
                    challenge=challenge,
                    data=_challenge_input(form.cleaned_data),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as error:
                status, current = 409, error.current
                form = with_version(ChallengeForm, request.POST, error.current.version, plan=plan)
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
    challenge = selectors.challenge_for_update(request.plan, challenge_id)
    form = ChallengeMoveForm(request.POST)
    if not form.is_valid():
        return malformed(form)
    rank = services.challenge_move(
        challenge=challenge,
        direction=form.cleaned_data["direction"] or None,
        position=form.cleaned_data["position"],
    )
    count = Challenge.objects.filter(plan=request.plan).count()
    message = _("“%(title)s” is now number %(rank)s of %(count)s.") % numbers(
        {
            "title": challenge.title,
            "rank": rank,
            "count": count,
        }
    )
    if is_partial(request):
        context = _challenges_context(request, moved=challenge.pk, announce=message)
        return render(request, CHALLENGES + "#challenge-list", context)
    messages.success(request, message)
    return redirect_back(request, reverse("challenges", args=[request.plan.pk]))


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenge_delete(request: PlanRequest, plan_id: int, challenge_id: int) -> HttpResponse:
    challenge = selectors.challenge_for_update(request.plan, challenge_id)
    services.challenge_delete(challenge=challenge)
    messages.success(request, _("“%(title)s” removed.") % {"title": challenge.title})
    return redirect("challenges", plan_id=plan_id)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def challenges_complete(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return malformed(form)
    complete = form.cleaned_data["complete"]
    try:
        task = services.challenges_set_complete(plan=request.plan, complete=complete)
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
