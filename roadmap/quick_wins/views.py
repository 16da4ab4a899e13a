"""The quick-win tracker: the board, "my quick wins", one quick win, the chart.

Updates come from three places and answer each with what it swaps:

- a card on the board (``#quick-win-item-<id>``): the card alone, deleted
  from its place and inserted out of band where it now belongs (another
  column after a move), with the column counts and the commitment warning;
- "my quick wins" (``#my-quick-win-<id>``): that one card;
- the quick win's page (``#quick-win-body``): its updates, milestones,
  announcement and history.

Without JavaScript the same forms post plainly and return to the page
(``next``); a plain post with invalid input gets the quick win's page with
the form and its errors (422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.forms import VersionedForm, with_version
from onboarding.core.htmx import (
    current_page,
    forbidden,
    is_partial,
    malformed,
    posted,
    redirect_back,
    render_page,
)
from onboarding.core.i18n import numbers
from onboarding.core.versioning import StaleVersion
from roadmap.pulse_slot import pulse_invite
from roadmap.quick_wins.models import Milestone, QuickWin, QuickWinStatus

from . import selectors, services
from .forms import (
    AnnouncementForm,
    MilestoneDoneForm,
    MilestoneForm,
    QuickWinForm,
    QuickWinProgressForm,
    QuickWinStatusForm,
)
from .rules import COMMITMENT_TARGET, COMMITMENT_WARNING_DAY, REASON_REQUIRED

BOARD = "roadmap/quick_wins/board.html"
MINE = "roadmap/quick_wins/mine.html"
DETAIL = "roadmap/quick_wins/detail.html"
BOARD_CARD = "quick-win-item-"  # + the quick win's id: one card on the board
DETAIL_TARGET = "quick-win-body"


def _context(request: PlanRequest, **extra: Any) -> dict[str, Any]:
    plan = request.plan
    return {
        "plan": plan,
        "day": selectors.today_in(plan),
        "can_manage": can(request, Right.EDIT_QUICK_WINS),
        "statuses": QuickWinStatus.choices,
        "reason_statuses": [str(status) for status in REASON_REQUIRED],
        "commitment_target": COMMITMENT_TARGET,
        "warning_day": COMMITMENT_WARNING_DAY,
        **extra,
    }


def _back(request: PlanRequest, quick_win: QuickWin) -> HttpResponse:
    """After a plain (non-htmx) form post, return to where the user was."""
    return redirect_back(request, reverse("quick_win_detail", args=[request.plan.pk, quick_win.pk]))


# ---------------------------------------------------------------- Pages


@require_GET
@plan_view(Right.VIEW_QUICK_WINS)
def quick_win_board(request: PlanRequest, plan_id: int) -> HttpResponse:
    board = selectors.quick_win_board(request.plan, request.user)
    context = _context(request, board=board, day=board.day)
    return render_page(request, BOARD, context, partial="board-body")


@require_GET
@plan_view(Right.VIEW_QUICK_WINS)
def my_quick_wins(request: PlanRequest, plan_id: int) -> HttpResponse:
    mine = selectors.my_quick_wins(request.plan, request.user)
    invite = pulse_invite(request.plan, request.user, request.membership.rights)
    return render(request, MINE, _context(request, mine=mine, day=mine.day, pulse_invite=invite))


@require_GET
@plan_view(Right.VIEW_QUICK_WINS)
def quick_win_chart(request: PlanRequest, plan_id: int) -> HttpResponse:
    chart = selectors.quick_win_chart(request.plan)
    return render(request, "roadmap/quick_wins/chart.html", _context(request, chart=chart))


@require_GET
@plan_view(Right.VIEW_QUICK_WINS)
def quick_win_detail(request: PlanRequest, plan_id: int, quick_win_id: int) -> HttpResponse:
    quick_win = selectors.quick_win_card(request.plan, quick_win_id, request.user)
    page = selectors.quick_win_page(request.plan, quick_win)
    context = _context(request, page=page, quick_win=quick_win)
    return render_page(request, DETAIL, context, partial="detail-body")


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_QUICK_WINS)
def quick_win_new(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    form = QuickWinForm(posted(request), plan=plan, initial={"target_day": 45}, new=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quick_win = services.quick_win_create(
                plan=plan,
                user=request.user,
                title=data["title"],
                problem=data["problem"],
                expected_impact=data["expected_impact"],
                impact=data["impact"],
                effort=data["effort"],
                theme=data["theme"],
                owner=data["owner"],
                team=list(data["team"]),
                target_day=data["target_day"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Quick win proposed. Add its milestones next."))
            return redirect("quick_win_detail", plan_id=plan_id, quick_win_id=quick_win.pk)
    return render(
        request,
        "roadmap/quick_wins/form.html",
        _context(request, form=form, quick_win=None),
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_QUICK_WINS)
def quick_win_edit(request: PlanRequest, plan_id: int, quick_win_id: int) -> HttpResponse:
    plan = request.plan
    quick_win = selectors.quick_win_for_update(plan, quick_win_id, request.user)
    initial = {
        "title": quick_win.title,
        "problem": quick_win.problem,
        "expected_impact": quick_win.expected_impact,
        "impact": quick_win.impact,
        "effort": quick_win.effort,
        "theme": quick_win.theme,
        "owner": quick_win.owner,
        "team": list(quick_win.team.all()),
        "target_day": quick_win.target_day,
        "version": quick_win.version,
    }
    form = QuickWinForm(posted(request), plan=plan, initial=initial)
    status, current = 200, None
    if request.method == "POST":
        status = 422
        if form.is_malformed:
            return malformed(form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.quick_win_update(
                    quick_win=quick_win,
                    user=request.user,
                    title=data["title"],
                    problem=data["problem"],
                    expected_impact=data["expected_impact"],
                    impact=data["impact"],
                    effort=data["effort"],
                    theme=data["theme"],
                    owner=data["owner"],
                    team=list(data["team"]),
                    target_day=data["target_day"],
                    expected_version=data["version"],
                )
            except StaleVersion as error:
                # Your input stays, now carrying their version: saving again replaces theirs.
                status, current = 409, error.current
                form = with_version(QuickWinForm, request.POST, current.version, plan=plan)
                form.add_error(
                    None,
                    _(
                        "Someone saved this quick win after you opened it; their version is "
                        "shown above the form. Your changes are still in the form: save again "
                        "to replace theirs."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Quick win saved."))
                return redirect("quick_win_detail", plan_id=plan_id, quick_win_id=quick_win.pk)
    return render(
        request,
        "roadmap/quick_wins/form.html",
        _context(request, form=form, quick_win=quick_win, current=current),
        status=status,
    )


# ---------------------------------------------------------------- Updates in place


def _fragment(
    request: PlanRequest,
    quick_win: QuickWin,
    *,
    status: int = 200,
    message: str = "",
    forms: dict[str, Form] | None = None,
    announce: str = "",
    saved: bool = False,
    focus_on: dict[str, Any] | None = None,
) -> HttpResponse:
    """What the htmx request that changed ``quick_win`` swaps (see the module docstring).

    ``forms`` (by the name the templates know them by) are shown with the
    user's own input: after errors, or after a 409 so nothing typed is lost.
    ``saved``: this request has just saved ``quick_win``, so the row in hand is
    current and is shown as it is; otherwise (errors, 409) it is read again.
    ``focus_on``: the control inside the quick win that takes focus instead of the whole
    of it (``{"milestone": pk}``: the milestone just ticked; ``{"new_milestone": True}``:
    the box to add the next one).
    """
    # "take": move focus to the changed element; after errors the invalid field takes it.
    has_errors = any(form.errors for form in (forms or {}).values())
    focus = {
        "id": quick_win.pk,
        "message": message,
        "take": not has_errors and not focus_on,
        **(focus_on or {}),
        **(forms or {}),
    }
    context = _context(
        request,
        focus=focus,
        announce=announce,
        # Plain posts from the swapped fragment return to the page it sits on.
        return_to=current_page(request)
        or reverse("quick_win_detail", args=[request.plan.pk, quick_win.pk]),
    )
    if saved:
        card = selectors.saved_card(quick_win)
    else:
        card = selectors.quick_win_card(request.plan, quick_win.pk, request.user)
    target = request.htmx.target or ""
    if target == f"{BOARD_CARD}{quick_win.pk}":
        # The card leaves its place (the answer's main swap deletes it) and
        # comes back, out of band, where it now belongs, with the column counts.
        context["placement"] = selectors.card_placement(request.plan, card)
        response = render(request, f"{BOARD}#card-placed", context, status=status)
        response["HX-Reswap"] = "delete"
        return response
    if target == DETAIL_TARGET:
        context.update(page=selectors.quick_win_page(request.plan, card), quick_win=card)
        return render(request, f"{DETAIL}#detail-body", context, status=status)
    context["quick_win"] = card
    return render(request, f"{MINE}#mine-card", context, status=status)


def _updated(
    request: PlanRequest,
    quick_win: QuickWin,
    message: str,
    focus_on: dict[str, Any] | None = None,
) -> HttpResponse:
    if is_partial(request):
        return _fragment(request, quick_win, announce=message, saved=True, focus_on=focus_on)
    messages.success(request, message)
    return _back(request, quick_win)


def _invalid(
    request: PlanRequest,
    quick_win: QuickWin,
    forms: dict[str, Form],
    *,
    status: int = 422,
    message: str = "",
) -> HttpResponse:
    """The forms again, with the user's input (and errors), where the user is."""
    if is_partial(request):
        return _fragment(request, quick_win, status=status, message=message, forms=forms)
    card = selectors.quick_win_card(request.plan, quick_win.pk, request.user)
    page = selectors.quick_win_page(request.plan, card)
    focus = {"id": quick_win.pk, "message": message, **forms}
    context = _context(request, page=page, quick_win=page.quick_win, focus=focus)
    return render(request, DETAIL, context, status=status)


def _stale(request: PlanRequest, error: StaleVersion, forms: dict[str, Form]) -> HttpResponse:
    """409: the quick win as it is now, and what the user typed, kept in the forms."""
    message = _(
        "Someone changed this quick win while you were looking at it. Here is the latest "
        "version, with what you entered still in the form: check it, then save again."
    )
    if not forms and not is_partial(request):
        messages.warning(request, message)
        return _back(request, error.current)
    return _invalid(request, error.current, forms, status=409, message=message)


def _forbidden(request: PlanRequest) -> HttpResponse:
    return forbidden(request, _("Only the manager and the people on this quick win can update it."))


def _quick_win_to_update(request: PlanRequest, quick_win_id: int) -> QuickWin | None:
    """The plan's quick win (404 for another plan's), or None if the user is not on it."""
    quick_win = selectors.quick_win_for_update(request.plan, quick_win_id, request.user)
    return quick_win if quick_win.can_update else None


def _change(
    request: PlanRequest,
    quick_win: QuickWin,
    change: Callable[[], object],
    **forms: Form,
) -> HttpResponse | None:
    """Run a service change; the answer when it failed, None when it was saved.

    ``forms`` (one, by the name the templates know it by) gets a validation error.
    """
    try:
        change()
    except StaleVersion as error:
        return _stale(request, error, forms)
    except PermissionDenied:
        return _forbidden(request)
    except ValidationError as error:
        if not forms:
            raise
        for form in forms.values():
            form.add_error(None, error)
        return _invalid(request, quick_win, forms)
    return None


@require_POST
@plan_view(Right.UPDATE_OWN_QUICK_WINS)
def quick_win_status(request: PlanRequest, plan_id: int, quick_win_id: int) -> HttpResponse:
    quick_win = _quick_win_to_update(request, quick_win_id)
    if quick_win is None:
        return _forbidden(request)
    form = QuickWinStatusForm(request.POST)
    if not form.is_valid():
        if form.is_malformed:
            return malformed(form)
        return _invalid(request, quick_win, {"status_form": form})
    data = form.cleaned_data
    before = quick_win.status
    failed = _change(
        request,
        quick_win,
        lambda: services.quick_win_set_status(
            quick_win=quick_win,
            user=request.user,
            status=data["status"],
            note=data["note"],
            expected_version=data["version"],
        ),
        status_form=form,
    )
    if failed:
        return failed
    if quick_win.status == before:
        message = _("“%(title)s” stays %(status)s.")
    else:
        message = _("“%(title)s” moved to %(status)s.")
    label = QuickWinStatus(quick_win.status).label
    return _updated(request, quick_win, message % {"title": quick_win.title, "status": label})


@require_POST
@plan_view(Right.UPDATE_OWN_QUICK_WINS)
def quick_win_progress(request: PlanRequest, plan_id: int, quick_win_id: int) -> HttpResponse:
    quick_win = _quick_win_to_update(request, quick_win_id)
    if quick_win is None:
        return _forbidden(request)
    form = QuickWinProgressForm(request.POST)
    if not form.is_valid():
        if form.is_malformed:
            return malformed(form)
        return _invalid(request, quick_win, {"progress_form": form})
    data = form.cleaned_data
    failed = _change(
        request,
        quick_win,
        lambda: services.quick_win_set_progress(
            quick_win=quick_win,
            user=request.user,
            progress=data["progress"],
            note=data["note"],
            expected_version=data["version"],
        ),
        progress_form=form,
    )
    if failed:
        return failed
    message = _("Progress of “%(title)s” saved: %(progress)s%%.")
    return _updated(
        request,
        quick_win,
        message % numbers({"title": quick_win.title, "progress": quick_win.progress}),
    )


def _milestone(quick_win: QuickWin, milestone_id: int) -> Milestone:
    """A milestone of this quick win, or 404."""
    milestone = get_object_or_404(Milestone.objects.filter(quick_win=quick_win), pk=milestone_id)
    milestone.quick_win = quick_win  # the one already loaded, with its version
    return milestone


@require_POST
@plan_view(Right.UPDATE_OWN_QUICK_WINS)
def quick_win_milestone_done(
    request: PlanRequest, plan_id: int, quick_win_id: int, milestone_id: int
) -> HttpResponse:
    quick_win = _quick_win_to_update(request, quick_win_id)
    if quick_win is None:
        return _forbidden(request)
    milestone = _milestone(quick_win, milestone_id)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        return malformed(form)
    failed = _change(
        request,
        quick_win,
        lambda: services.milestone_set_done(
            milestone=milestone,
            user=request.user,
            done=form.cleaned_data["done"],
            expected_version=form.cleaned_data["version"],
        ),
    )
    if failed:
        return failed
    if milestone.is_done:
        message = _("Milestone “%(title)s” done.")
    else:
        message = _("Milestone “%(title)s” reopened.")
    return _updated(
        request, quick_win, message % {"title": milestone.title}, {"milestone": milestone.pk}
    )


@require_POST
@plan_view(Right.EDIT_QUICK_WINS)
def quick_win_milestone_add(request: PlanRequest, plan_id: int, quick_win_id: int) -> HttpResponse:
    quick_win = selectors.quick_win_for_update(request.plan, quick_win_id, request.user)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        if form.is_malformed:
            return malformed(form)
        return _invalid(request, quick_win, {"milestone_form": form})
    data = form.cleaned_data
    failed = _change(
        request,
        quick_win,
        lambda: services.milestone_add(
            quick_win=quick_win,
            user=request.user,
            title=data["title"],
            target_day=data["target_day"],
            expected_version=data["version"],
        ),
        milestone_form=form,
    )
    if failed:
        return failed
    return _updated(
        request,
        quick_win,
        _("Milestone “%(title)s” added.") % {"title": data["title"]},
        {"new_milestone": True},
    )


@require_POST
@plan_view(Right.EDIT_QUICK_WINS)
def quick_win_milestone_delete(
    request: PlanRequest, plan_id: int, quick_win_id: int, milestone_id: int
) -> HttpResponse:
    quick_win = selectors.quick_win_for_update(request.plan, quick_win_id, request.user)
    milestone = _milestone(quick_win, milestone_id)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return malformed(form)
    failed = _change(
        request,
        quick_win,
        lambda: services.milestone_remove(
            milestone=milestone, user=request.user, expected_version=form.cleaned_data["version"]
        ),
    )
    if failed:
        return failed
    return _updated(
        request, quick_win, _("Milestone “%(title)s” removed.") % {"title": milestone.title}
    )


@require_POST
@plan_view(Right.EDIT_QUICK_WINS)
def quick_win_announcement(request: PlanRequest, plan_id: int, quick_win_id: int) -> HttpResponse:
    quick_win = selectors.quick_win_for_update(request.plan, quick_win_id, request.user)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        if form.is_malformed:
            return malformed(form)
        return _invalid(request, quick_win, {"announcement_form": form})
    data = form.cleaned_data
    if request.POST.get("action") == "redraft":
        failed = _change(
            request,
            quick_win,
            lambda: services.quick_win_redraft_announcement(
                quick_win=quick_win, user=request.user, expected_version=data["version"]
            ),
            announcement_form=form,
        )
        message = _("The announcement was drafted again; the old text is in the history.")
    else:
        failed = _change(
            request,
            quick_win,
            lambda: services.quick_win_save_announcement(
                quick_win=quick_win,
                user=request.user,
                text=data["text"],
                sent=data["sent"],
                expected_version=data["version"],
            ),
            announcement_form=form,
        )
        message = _("Announcement saved.")
    return failed or _updated(request, quick_win, message)
