"""The reviews with the boss: the list, a review's page, its report, comparing two."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metrics.models import BeyondPriority, Review, ReviewNoteKind
from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.forms import with_version
from onboarding.core.htmx import malformed, render_page
from onboarding.core.versioning import StaleVersion

from . import selectors, services
from .forms import BeyondPriorityForm, ReviewAgendaForm, ReviewNoteForm, ReviewScheduleForm
from .report import build_report, report_pdf
from .rules import review_heading

TEMPLATE = "metrics/reviews/detail.html"


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def review_list(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    if can(request, Right.EDIT_REVIEWS):
        services.reviews_ensure_defaults(plan=plan)
    return _list_page(request)


def _list_page(
    request: PlanRequest, form: ReviewScheduleForm | None = None, status: int = 200
) -> HttpResponse:
    plan = request.plan
    reviews = selectors.review_list(plan, request.membership.rights)
    for review in reviews:
        review.heading = review_heading(review.title, review.day)  # type: ignore[attr-defined]
        review.date = plan.date_of_day(review.day)  # type: ignore[attr-defined]
    context = {
        "plan": plan,
        "reviews": reviews,
        "sent": [review for review in reviews if review.is_sent],
        "form": form or ReviewScheduleForm(new=True),
        "can_edit": can(request, Right.EDIT_REVIEWS),
    }
    return render_page(request, "metrics/reviews/list.html", context, status=status)


@require_POST
@plan_view(Right.EDIT_REVIEWS)
def review_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = ReviewScheduleForm(request.POST, new=True)
    if form.is_valid():
        try:
            review = services.review_add(
                plan=request.plan, day=form.cleaned_data["day"], title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error("day", error)
        else:
            return redirect("review_detail", plan_id=plan_id, review_id=review.pk)
    return _list_page(request, form=form, status=422)


def _detail_page(
    request: PlanRequest,
    review: Review,
    *,
    agenda_form: ReviewAgendaForm | None = None,
    schedule_form: ReviewScheduleForm | None = None,
    note_form: ReviewNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = request.plan
    comments = selectors.review_comments(review)
    user_id = request.user.pk
    context: dict[str, Any] = {
        "plan": plan,
        "review": review,
        "heading": review_heading(review.title, review.day),
        "date": plan.date_of_day(review.day),
        "data": selectors.review_figures(review, plan),
        "comments": [c for c in comments if c.kind == ReviewNoteKind.COMMENT],
        "acks": [c for c in comments if c.kind == ReviewNoteKind.ACK],
        "acked_by_me": any(
            c.kind == ReviewNoteKind.ACK and c.author_id == user_id for c in comments
        ),
        "can_edit": can(request, Right.EDIT_REVIEWS) and not review.is_sent,
        "can_comment": can(request, Right.COMMENT_ON_REVIEWS) and review.is_sent,
        "agenda_form": agenda_form
        or ReviewAgendaForm(
            initial={
                "summary": review.summary,
                "asks": review.asks,
                "decisions": review.decisions,
                "version": review.version,
            }
        ),
        "schedule_form": schedule_form
        or ReviewScheduleForm(
            initial={"day": review.day, "title": review.title, "version": review.version}
        ),
        "note_form": note_form or ReviewNoteForm(),
    }
    return render_page(request, TEMPLATE, context, partial="discussion", status=status)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def review_detail(request: PlanRequest, plan_id: int, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.plan, review_id, request.membership.rights)
    return _detail_page(request, review)


@require_POST
@plan_view(Right.EDIT_REVIEWS)
def review_edit(request: PlanRequest, plan_id: int, review_id: int) -> HttpResponse:
    """Save the agenda's text; the "send" button also sends it and freezes its figures."""
    review = selectors.review_for(request.plan, review_id, request.membership.rights)
    send = "send" in request.POST
    form = ReviewAgendaForm(request.POST, sending=send)
    if form.is_malformed:
        return malformed(form)
    if not form.is_valid():
        return _detail_page(request, review, agenda_form=form, status=422)
    try:
        services.review_edit(
            review=review,
            summary=form.cleaned_data["summary"],
            asks=form.cleaned_data["asks"],
            decisions=form.cleaned_data["decisions"],
            expected_version=form.cleaned_data["version"],
            send_by=request.user if send else None,
        )
    except StaleVersion as error:
        current = error.current
        form = with_version(ReviewAgendaForm, request.POST, current.version)
        messages.error(request, _("Someone changed this review meanwhile; your text is kept."))
        return _detail_page(request, current, agenda_form=form, status=409)
    heading = review_heading(review.title, review.day)
    if send:
        messages.success(
            request, _("“%(title)s” sent; its figures are frozen.") % {"title": heading}
        )
    else:
        messages.success(request, _("“%(title)s” saved.") % {"title": heading})
    return redirect("review_detail", plan_id=plan_id, review_id=review.pk)


@require_POST
@plan_view(Right.EDIT_REVIEWS)
def review_schedule(request: PlanRequest, plan_id: int, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.plan, review_id, request.membership.rights)
    form = ReviewScheduleForm(request.POST)
    if form.is_malformed:
        return malformed(form)
    if form.is_valid():
        try:
            services.review_schedule(
                review=review,
                day=form.cleaned_data["day"],
                title=form.cleaned_data["title"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as error:
            form = with_version(ReviewScheduleForm, request.POST, error.current.version)
            return _detail_page(request, error.current, schedule_form=form, status=409)
        except ValidationError as error:
            form.add_error("day", error)
        else:
            messages.success(request, _("Review moved."))
            return redirect("review_detail", plan_id=plan_id, review_id=review.pk)
    return _detail_page(request, review, schedule_form=form, status=422)


@require_POST
@plan_view(Right.COMMENT_ON_REVIEWS)
def review_note(request: PlanRequest, plan_id: int, review_id: int) -> HttpResponse:
    """A comment, or "Agreed" with a note (the ``ack`` button)."""
    review = selectors.review_for(request.plan, review_id, request.membership.rights)
    if not review.is_sent:
        raise Http404(_("No such review."))
    form = ReviewNoteForm(request.POST)
    kind = ReviewNoteKind.ACK if "ack" in request.POST else ReviewNoteKind.COMMENT
    if form.is_valid():
        try:
            services.review_note_add(
                review=review, author=request.user, kind=kind, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if request.htmx:
                return _detail_page(request, review)
            return redirect("review_detail", plan_id=plan_id, review_id=review.pk)
    return _detail_page(request, review, note_form=form, status=422)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def review_compare(request: PlanRequest, plan_id: int) -> HttpResponse:
    """Two sent reviews side by side (``?a=&b=``); by default the first and the last."""
    plan = request.plan
    sent = [r for r in selectors.review_list(plan, request.membership.rights) if r.is_sent]
    by_id = {str(r.pk): r for r in sent}
    first = by_id.get(request.GET.get("a", "")) or (sent[0] if sent else None)
    second = by_id.get(request.GET.get("b", "")) or (sent[-1] if sent else None)
    columns = []
    for review in (first, second):
        if review is not None:
            columns.append(
                {
                    "review": review,
                    "heading": review_heading(review.title, review.day),
                    "data": selectors.review_figures(review, plan),
                }
            )
    rows = _compare_rows(columns)
    context = {
        "plan": plan,
        "sent": [{"review": r, "heading": review_heading(r.title, r.day)} for r in sent],
        "columns": columns,
        "rows": rows,
        "first": first,
        "second": second,
    }
    return render_page(request, "metrics/reviews/compare.html", context)


def _compare_rows(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per phase and per KPI, with each column's figure (None where it had none)."""
    rows: list[dict[str, Any]] = []
    phase_keys: dict[str, str] = {}
    metric_keys: dict[int, str] = {}
    for column in columns:
        for phase in column["data"].get("phases", []):
            phase_keys.setdefault(phase["key"], phase["name"])
        for tile in column["data"].get("metrics", []):
            metric_keys.setdefault(tile["id"], tile["name"])
    for key, name in phase_keys.items():
        values = []
        for column in columns:
            found = [p for p in column["data"].get("phases", []) if p["key"] == key]
            values.append({"percent": found[0]["percent"]} if found else None)
        rows.append({"kind": "phase", "name": name, "values": values})
    for metric_id, name in metric_keys.items():
        values = []
        for column in columns:
            tiles = [t for t in column["data"].get("metrics", []) if t["id"] == metric_id]
            values.append({"latest": tiles[0]["latest"]} if tiles else None)
        rows.append({"kind": "metric", "name": name, "values": values})
    return rows


# ---------------------------------------------------------------- The one-page report


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


def _review_report_parts(request: PlanRequest, review_id: int | None) -> dict[str, Any]:
    plan = request.plan
    if review_id is None:
        return {
            "review": None,
            "heading": _("Where we stand today"),
            "data": selectors.standing_figures(plan),
        }
    review = selectors.review_for(plan, review_id, request.membership.rights)
    return {
        "review": review,
        "heading": review_heading(review.title, review.day),
        "data": selectors.review_figures(review, plan),
    }


def _print(request: PlanRequest, review_id: int | None) -> HttpResponse:
    parts = _review_report_parts(request, review_id)
    context = {"plan": request.plan, **parts}
    return _private(render_page(request, "metrics/reviews/print.html", context))


def _pdf(request: PlanRequest, review_id: int | None) -> HttpResponse:
    parts = _review_report_parts(request, review_id)
    review = parts["review"]
    report = build_report(
        request.plan,
        parts["data"],
        subtitle=parts["heading"],
        asks=review.asks if review else "",
        decisions=review.decisions if review else "",
        summary=review.summary if review else "",
    )
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    name = f"review-day-{review.day}" if review else "where-we-stand"
    filename = f"{slugify(request.plan.title) or 'plan'}-{name}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def review_print(request: PlanRequest, plan_id: int, review_id: int) -> HttpResponse:
    return _print(request, review_id)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def review_pdf(request: PlanRequest, plan_id: int, review_id: int) -> HttpResponse:
    return _pdf(request, review_id)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def standing_print(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _print(request, None)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def standing_pdf(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _pdf(request, None)


# ---------------------------------------------------------------- The plan beyond day 100


def _beyond_page(
    request: PlanRequest, form: BeyondPriorityForm | None = None, status: int = 200
) -> HttpResponse:
    plan = request.plan
    context = {
        "plan": plan,
        "page": selectors.beyond_page(plan),
        "form": form or BeyondPriorityForm(plan=plan),
        "can_edit": can(request, Right.EDIT_REVIEWS),
    }
    return render_page(request, "metrics/reviews/beyond.html", context, status=status)


@require_GET
@plan_view(Right.VIEW_REVIEWS)
def beyond(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _beyond_page(request)


@require_POST
@plan_view(Right.EDIT_REVIEWS)
def beyond_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = BeyondPriorityForm(request.POST, plan=request.plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.beyond_priority_add(
                plan=request.plan,
                title=data["title"],
                quarter=data["quarter"],
                milestone=data["milestone"],
                owner=data["owner"],
                theme=data["theme"],
                challenge=data["challenge"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Priority added to the plan beyond day 100."))
            return redirect("beyond", plan_id=plan_id)
    return _beyond_page(request, form=form, status=422)


@require_POST
@plan_view(Right.EDIT_REVIEWS)
def beyond_delete(request: PlanRequest, plan_id: int, priority_id: int) -> HttpResponse:
    priority = get_object_or_404(BeyondPriority.objects.filter(plan=request.plan), pk=priority_id)
    services.beyond_priority_delete(priority=priority)
    messages.success(request, _("Priority removed."))
    return redirect("beyond", plan_id=plan_id)
