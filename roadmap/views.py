from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, SignedInRequest, can, plan_view, signed_in
from onboarding.core.forms import with_version
from onboarding.core.htmx import (
    current_page,
    is_partial,
    malformed,
    posted,
    posted_next,
    redirect_back,
    render_page,
)
from onboarding.core.versioning import StaleVersion
from onboarding.forms import PlanForm
from onboarding.models import Plan
from onboarding.services import calendar_token_rotate
from roadmap.toolkit.habits.selectors import habit_streak

from . import selectors, services
from .calendar import plan_calendar
from .calendar_events import calendar_entries
from .forms import PhaseRangeForm, TaskForm, TaskNoteForm, TaskStatusForm
from .models import Phase, Task
from .playbook import phase_name
from .pulse_slot import pulse_invite
from .quick_wins.selectors import quick_win_summary
from .today_panels import today_panels


def _back(request: PlanRequest, plan_id: int) -> HttpResponse:
    """After a plain (non-htmx) form post, return to where the user was, else Today."""
    return redirect_back(request, reverse("today", args=[plan_id]))


@require_GET
@plan_view(Right.VIEW_PLAN)
def today(request: PlanRequest, plan_id: int) -> HttpResponse:
    # The manager's plate is the plan; anyone else's is the tasks they own.
    mine_only = None if can(request, Right.EDIT_ROADMAP) else request.user
    overview = selectors.today_overview(request.plan, owner=mine_only)
    context = {
        "plan": request.plan,
        "overview": overview,
        "day": overview.day,
        "can_edit": can(request, Right.EDIT_ROADMAP),
        "show_task_notes": selectors.sees_task_notes(request.membership.rights),
        "quick_wins": quick_win_summary(request.plan, overview.day),
        # A member's open team pulse (no query for those who do not answer it).
        "pulse_invite": pulse_invite(request.plan, request.user, request.membership.rights),
        # What other apps add (key people to contact...), each for the roles it names.
        "panels": today_panels(request.plan, request.membership, overview.date),
        # The weekly self-check is the manager's own.
        "habit_summary": (
            habit_streak(request.plan, request.user, overview.date)
            if Right.USE_PRIVATE_TOOLS in request.membership.rights
            else None
        ),
    }
    return render(request, "roadmap/today.html", context)


@require_GET
@plan_view(Right.VIEW_PLAN)
def timeline(request: PlanRequest, plan_id: int) -> HttpResponse:
    view = selectors.timeline(request.plan, phase_key=request.GET.get("phase") or None)
    context = {
        "plan": request.plan,
        "timeline": view,
        "day": view.day,
        "can_edit": can(request, Right.EDIT_ROADMAP),
        # A phase link updated the page in place: say what it shows now (focus stays on the link).
        "announce": _phase_shown(view.selected_phase, request.plan) if is_partial(request) else "",
    }
    return render_page(request, "roadmap/timeline.html", context, partial="timeline-body")


def _task_response(
    request: PlanRequest,
    task: Task,
    *,
    status: int = 200,
    message: str = "",
    announce: str = "",
    note_draft: str | None = None,
) -> HttpResponse:
    """The task's row, plus its phase's progress (and ``announce``, for the live region)
    swapped out of band. ``note_draft``: the user's unsaved note, kept in the open editor."""
    phase = Phase.objects.with_progress().get(pk=task.phase_id)
    context = {
        "plan": request.plan,
        "task": task,
        "phase": phase,
        "day": request.plan.day_number(request.plan.local_today()),
        "can_edit": True,
        "show_task_notes": selectors.sees_task_notes(request.membership.rights),
        "message": message,
        "announce": announce,
        "note_draft": note_draft,
        "oob": True,
        # Plain form posts from the swapped row return to the page it sits on.
        "return_to": current_page(request) or "",
    }
    return render(request, "roadmap/task_update.html", context, status=status)


def _status_changed(task: Task) -> str:
    """What the live region says after a status change (app.js moves focus to the row).

    The quick-win board's words, so the two say a change of status the same way.
    """
    return _("“%(title)s” moved to %(status)s.") % {
        "title": task.title,
        "status": task.get_status_display(),
    }


def _phase_shown(phase: Phase | None, plan: Plan) -> str:
    if phase is None:
        return _("Showing the tasks of all phases.")
    return _("Showing the tasks in %(phase)s.") % {"phase": phase_name(phase, plan)}


def _note_saved(task: Task) -> str:
    """What the live region says after a note is saved (focus goes back to the row)."""
    if task.note:
        return _("Note saved on “%(title)s”.") % {"title": task.title}
    return _("Note removed from “%(title)s”.") % {"title": task.title}


def _stale(
    request: PlanRequest, plan_id: int, error: StaleVersion, note_draft: str | None = None
) -> HttpResponse:
    """409: the task as it is now; an unsaved note stays in the editor, not lost."""
    message = _(
        "Someone changed this task while you were looking at it. Here is the latest version."
    )
    if note_draft is not None:
        message = _(
            "Someone changed this task while you were writing. Your note is not saved yet: "
            "it is below, beside the latest version. Save it again to keep it."
        )
    if is_partial(request):
        return _task_response(
            request, error.current, status=409, message=message, note_draft=note_draft
        )
    if note_draft is None:
        messages.warning(request, message)
        return _back(request, plan_id)
    context = {
        "plan": request.plan,
        "task": error.current,
        "day": request.plan.day_number(request.plan.local_today()),
        "can_edit": True,
        "show_task_notes": selectors.sees_task_notes(request.membership.rights),
        "message": message,
        "note_draft": note_draft,
        "return_to": posted_next(request) or "",
    }
    return render(request, "roadmap/task_conflict.html", context, status=409)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def task_status(request: PlanRequest, plan_id: int, task_id: int) -> HttpResponse:
    task = selectors.task_for_update(request.plan, task_id)
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        return malformed(form)  # the buttons only send known statuses and the version
    try:
        task = services.task_set_status(
            task=task,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersion as error:
        return _stale(request, plan_id, error)
    if is_partial(request):
        return _task_response(request, task, announce=_status_changed(task))
    return _back(request, plan_id)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def task_note(request: PlanRequest, plan_id: int, task_id: int) -> HttpResponse:
    task = selectors.task_for_update(request.plan, task_id)
    form = TaskNoteForm(request.POST)
    if not form.is_valid():
        if form.is_malformed:
            return malformed(form)
        return HttpResponse(
            " ".join(str(message) for message in form.errors.get("note", []))
            or _("The note could not be saved."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        task = services.task_set_note(
            task=task, note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"]
        )
    except StaleVersion as error:
        return _stale(request, plan_id, error, note_draft=form.cleaned_data["note"])
    if is_partial(request):
        return _task_response(request, task, announce=_note_saved(task))
    return _back(request, plan_id)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def task_new(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    initial = {}
    phase_key = request.GET.get("phase")
    if phase_key:
        phase = Phase.objects.filter(plan=plan, key=phase_key).first()
        if phase:
            initial = {"phase": phase, "start_day": phase.start_day, "end_day": phase.end_day}
    form = TaskForm(posted(request), plan=plan, initial=initial, new=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_create(
                plan=plan,
                phase=data["phase"],
                title=data["title"],
                description=data["description"],
                start_day=data["start_day"],
                end_day=data["end_day"],
                owner=data["owner"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Task added."))
            return redirect("timeline", plan_id=plan_id)
    return render(
        request,
        "roadmap/task_form.html",
        {"plan": plan, "form": form, "task": None},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def task_edit(request: PlanRequest, plan_id: int, task_id: int) -> HttpResponse:
    plan = request.plan
    task = selectors.task_for_update(plan, task_id)
    initial = {
        "title": task.title,
        "description": task.description,
        "phase": task.phase,
        "start_day": task.start_day,
        "end_day": task.end_day,
        "owner": task.owner,
        "version": task.version,
    }
    form = TaskForm(posted(request), plan=plan, initial=initial)
    status, current = 200, None
    if request.method == "POST":
        status = 422
        if form.is_malformed:
            return malformed(form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_update(
                    task=task,
                    phase=data["phase"],
                    title=data["title"],
                    description=data["description"],
                    start_day=data["start_day"],
                    end_day=data["end_day"],
                    owner=data["owner"],
                    expected_version=data["version"],
                )
            except StaleVersion as error:
                # Your input stays in the form, now carrying their version: saving
                # again is a deliberate choice to replace what they saved.
                status, current = 409, error.current
                form = with_version(TaskForm, request.POST, current.version, plan=plan)
                form.add_error(
                    None,
                    _(
                        "Someone saved this task after you opened it; their version is shown "
                        "above the form. Your changes are still in the form: save again to "
                        "replace theirs."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Task saved."))
                return redirect("timeline", plan_id=plan_id)
    context = {"plan": plan, "form": form, "task": task, "current": current}
    return render(request, "roadmap/task_form.html", context, status=status)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def task_delete(request: PlanRequest, plan_id: int, task_id: int) -> HttpResponse:
    task = selectors.task_for_update(request.plan, task_id)
    try:
        services.task_delete(task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("task_edit", plan_id=plan_id, task_id=task_id)
    messages.success(request, _("Task deleted."))
    return redirect("timeline", plan_id=plan_id)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_ROADMAP)
def phase_edit(request: PlanRequest, plan_id: int, phase_id: int) -> HttpResponse:
    phase = get_object_or_404(Phase.objects.filter(plan=request.plan), pk=phase_id)
    form = PhaseRangeForm(
        request.POST or None,
        initial={"start_day": phase.start_day, "end_day": phase.end_day, "move_tasks": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_set_range(
                phase=phase,
                start_day=form.cleaned_data["start_day"],
                end_day=form.cleaned_data["end_day"],
                move_tasks=form.cleaned_data["move_tasks"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Phase days saved."))
            return redirect("timeline", plan_id=plan_id)
    return render(
        request,
        "roadmap/phase_form.html",
        {"plan": request.plan, "form": form, "phase": phase},
        status=422 if form.errors else 200,
    )


@require_GET
@plan_view(Right.MANAGE_CALENDAR)
def calendar(request: PlanRequest, plan_id: int) -> HttpResponse:
    return render(request, "roadmap/calendar.html", {"plan": request.plan})


@require_POST
@plan_view(Right.MANAGE_CALENDAR)
def calendar_rotate(request: PlanRequest, plan_id: int) -> HttpResponse:
    calendar_token_rotate(plan=request.plan)
    messages.success(request, _("A new calendar address was created; the old one no longer works."))
    return redirect("calendar", plan_id=plan_id)


@require_GET
def calendar_feed(request: PlanRequest, token: str) -> HttpResponse:
    """The private iCalendar feed; the unguessable token is the only key."""
    plan = Plan.objects.filter(calendar_token=token).first()
    if plan is None or len(token) < 32:
        raise Http404
    body = plan_calendar(
        plan, Task.objects.filter(plan=plan).select_related("phase"), calendar_entries(plan)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="first-100-days.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---------------------------------------------------------------- A new plan


@require_http_methods(["GET", "POST"])
@signed_in
def plan_new(request: SignedInRequest) -> HttpResponse:
    initial = {"language": request.LANGUAGE_CODE}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(
            user=request.user,
            organisation_name=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
            start_date=form.cleaned_data["start_date"],
            timezone_name=form.cleaned_data["timezone"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your plan is ready. Here is your first day."))
        return redirect("today", plan_id=plan.pk)
    status = 422 if form.errors else 200
    return render(request, "onboarding/plan_new.html", {"form": form}, status=status)
