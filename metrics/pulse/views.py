"""The team pulse's pages.

The manager opens, words and closes pulses (``MANAGE_PULSE``); the manager
and the executive read the results above the threshold
(``VIEW_PULSE_RESULTS``); team members answer (``ANSWER_PULSE``). Invalid
answers get 422 with the error summary; a second answer, or one to a closed
pulse, 409 with a message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from metrics.pulse import rules, selectors, services
from metrics.pulse.forms import PulseAnswerForm, PulseOpenForm, PulseQuestionsForm
from metrics.pulse.models import Pulse
from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.forms import with_version
from onboarding.core.htmx import malformed, posted
from onboarding.core.i18n import format_measure
from onboarding.core.versioning import StaleVersion

PULSES = "metrics/pulse/pulses.html"
PULSE_DETAIL = "metrics/pulse/detail.html"
PULSE_ANSWER = "metrics/pulse/answer.html"
PULSE_QUESTIONS = "metrics/pulse/questions.html"


def _pulses_page(request: PlanRequest, form: PulseOpenForm, status: int = 200) -> HttpResponse:
    plan = request.plan
    today = plan.local_today()
    context = {
        "plan": plan,
        "page": selectors.pulse_page(plan, request.membership.rights, today),
        "form": form,
        "can_manage": can(request, Right.MANAGE_PULSE),
        "min_answers": rules.min_answers(),
    }
    return render(request, PULSES, context, status=status)


@require_GET
@plan_view(Right.VIEW_PULSE_RESULTS)
def pulse_list(request: PlanRequest, plan_id: int) -> HttpResponse:
    today = request.plan.local_today()
    closes = today + dt.timedelta(days=rules.DEFAULT_DAYS_OPEN)
    return _pulses_page(request, PulseOpenForm(initial={"opens_on": today, "closes_on": closes}))


@require_POST
@plan_view(Right.MANAGE_PULSE)
def pulse_open(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = PulseOpenForm(request.POST)
    if form.is_valid():
        try:
            services.pulse_open(
                plan=request.plan,
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                today=request.plan.local_today(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The pulse is open. Your team sees it on their start page.")
            )
            return redirect("pulse_list", plan_id=plan_id)
    return _pulses_page(request, form, status=422)


@require_GET
@plan_view(Right.VIEW_PULSE_RESULTS)
def pulse_detail(request: PlanRequest, plan_id: int, pulse_id: int) -> HttpResponse:
    pulse = selectors.pulse_for_results(request.plan, pulse_id)
    context = {
        "plan": request.plan,
        "pulse": pulse,
        "results": selectors.pulse_results(pulse, request.membership.rights, with_comments=True),
        "wording": rules.wording(pulse.questions),
        "can_manage": can(request, Right.MANAGE_PULSE),
    }
    return render(request, PULSE_DETAIL, context)


@require_POST
@plan_view(Right.MANAGE_PULSE)
def pulse_close(request: PlanRequest, plan_id: int, pulse_id: int) -> HttpResponse:
    pulse = get_object_or_404(Pulse.objects.filter(plan=request.plan), pk=pulse_id)
    try:
        result = services.pulse_close(
            pulse=pulse, today=request.plan.local_today(), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pulse_detail", plan_id=plan_id, pulse_id=pulse_id)
    if result.kept is not None:
        messages.warning(
            request,
            _(
                "The pulse is closed; its eNPS is %(enps)s. This week's eNPS you typed by hand "
                "(%(typed)s) stays on the metric's trend: to use the pulse's, enter it on the "
                "metric's page."
            )
            % {"enps": format_measure(result.enps), "typed": format_measure(result.kept.value)},
        )
    elif result.measurement is None:
        messages.success(
            request,
            _("The pulse is closed. Too few people answered for results or an eNPS value."),
        )
    else:
        messages.success(request, _("The pulse is closed and its eNPS is on the metric's trend."))
    return redirect("pulse_detail", plan_id=plan_id, pulse_id=pulse_id)


@require_http_methods(["GET", "POST"])
@plan_view(Right.MANAGE_PULSE)
def pulse_questions(request: PlanRequest, plan_id: int, pulse_id: int) -> HttpResponse:
    pulse = get_object_or_404(Pulse.objects.filter(plan=request.plan), pk=pulse_id)
    wording = rules.wording(pulse.questions)
    form = PulseQuestionsForm(posted(request), wording=wording, initial={"version": pulse.version})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_malformed:
            return malformed(form)
        if form.is_valid():
            try:
                services.pulse_set_questions(
                    pulse=pulse,
                    questions=form.questions,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as error:
                # Someone saved other wording meanwhile: theirs is shown, the typed text kept.
                status = 409
                form = with_version(
                    PulseQuestionsForm,
                    request.POST,
                    error.current.version,
                    wording=rules.wording(error.current.questions),
                )
                messages.error(
                    request, _("Someone changed these questions meanwhile. Check and save again.")
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                messages.success(request, _("The pulse's questions are saved."))
                return redirect("pulse_detail", plan_id=plan_id, pulse_id=pulse_id)
    context = {"plan": request.plan, "pulse": pulse, "form": form}
    return render(request, PULSE_QUESTIONS, context, status=status)


@require_http_methods(["GET", "POST"])
@plan_view(Right.ANSWER_PULSE)
def pulse_answer(request: PlanRequest, plan_id: int, pulse_id: int) -> HttpResponse:
    plan = request.plan
    pulse = get_object_or_404(Pulse.objects.filter(plan=plan), pk=pulse_id)
    today = plan.local_today()
    form = PulseAnswerForm(posted(request), wording=rules.wording(pulse.questions))
    refusal = ""
    status = 200
    if not rules.is_answerable(pulse.status, pulse.opens_on, pulse.closes_on, today):
        refusal = _("This pulse is closed: it no longer takes answers.")
        if pulse.opens_on > today:
            refusal = _("This pulse has not opened yet.")
    elif selectors.has_answered(pulse, request.user):
        refusal = _("You have already answered this pulse. Thank you!")
    if request.method == "POST":
        status = 409 if refusal else 422
        if not refusal and form.is_valid():
            try:
                services.pulse_answer(
                    pulse=pulse,
                    user=request.user,
                    today=today,
                    scores=form.scores,
                    comment=form.cleaned_data[rules.COMMENT_KEY],
                )
            except services.PulseClosed:
                refusal, status = _("This pulse is closed: it no longer takes answers."), 409
            except services.AlreadyAnswered:
                refusal, status = _("You have already answered this pulse. Thank you!"), 409
            else:
                messages.success(request, _("Thank you! Your answer is anonymous."))
                return redirect("my_quick_wins", plan_id=plan_id)
    context = {
        "plan": plan,
        "pulse": pulse,
        "form": form,
        "refusal": refusal,
        "min_answers": rules.min_answers(),
    }
    return render(request, PULSE_ANSWER, context, status=status)
