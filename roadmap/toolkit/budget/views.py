"""The budget and ROI pages, and the CSV export.

The executive reads the budget; only the manager changes it. An edit over
someone else's newer save answers 409 with the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.forms import VersionedForm, with_version
from onboarding.core.htmx import malformed, posted
from onboarding.core.versioning import StaleVersion
from roadmap.toolkit.budget import selectors, services
from roadmap.toolkit.budget.forms import BudgetLineForm, BudgetRequestForm
from roadmap.toolkit.models import BudgetCategory, BudgetLine, BudgetRequest

BUDGET = "toolkit/budget.html"


BUDGET_FORM = "toolkit/budget_form.html"
# The budget page shows the line and the request forms together: the request
# form's fields carry this prefix, so no two fields share an id (id_category).
REQUEST_PREFIX = "request"


def _line_input(data: dict[str, Any]) -> services.BudgetLineInput:
    return services.BudgetLineInput(
        category=data["category"],
        label=data["label"],
        amount=data["amount"],
        next_year_amount=data["next_year_amount"],
        assumption=data["assumption"],
    )


def _request_input(data: dict[str, Any]) -> services.BudgetRequestInput:
    return services.BudgetRequestInput(
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
    can_edit = can(request, Right.EDIT_ROADMAP)
    context = {
        "plan": request.plan,
        "page": selectors.budget_page(request.plan),
        "can_edit": can_edit,
        "categories": BudgetCategory,
        "line_form": line_form or (BudgetLineForm(new=True) if can_edit else None),
        "request_form": request_form
        or (BudgetRequestForm(new=True, prefix=REQUEST_PREFIX) if can_edit else None),
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
    page = selectors.budget_page(request.plan)
    # The byte-order mark lets spreadsheets read the UTF-8 (Persian, Russian) correctly.
    body = "\ufeff" + "".join(selectors.budget_csv(page, request.plan.currency))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"budget-{request.plan.pk}-{request.plan.local_today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_line_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = BudgetLineForm(request.POST, new=True)
    if form.is_valid():
        try:
            line = services.budget_line_create(
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
    form_class: type[VersionedForm],
    initial: dict[str, object],
    save: Callable[[dict[str, Any]], object],  # gets the form's cleaned_data
    saved_message: Callable[[], str],
) -> HttpResponse:
    """Edit a budget line or request: its page, then a save checked against its version."""
    form = form_class(posted(request), initial=initial)
    if request.method == "GET":
        return _edit_page(request, form=form, record=record, kind=kind)
    if form.is_malformed:
        return malformed(form)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleVersion as error:
            form = with_version(form_class, request.POST, error.current.version)
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
    line = selectors.budget_line_for_update(request.plan, line_id)
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
        save=lambda data: services.budget_line_update(
            line=line, data=_line_input(data), expected_version=data["version"]
        ),
        saved_message=lambda: _("Budget line “%(label)s” saved.") % {"label": line.label},
    )


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_line_delete(request: PlanRequest, plan_id: int, line_id: int) -> HttpResponse:
    line = selectors.budget_line_for_update(request.plan, line_id)
    services.budget_line_delete(line=line)
    messages.success(request, _("Budget line “%(label)s” removed.") % {"label": line.label})
    return redirect("budget", plan_id=plan_id)


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_request_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = BudgetRequestForm(request.POST, new=True, prefix=REQUEST_PREFIX)
    if form.is_valid():
        try:
            budget_request = services.budget_request_create(
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
    budget_request = selectors.budget_request_for_update(request.plan, request_id)
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
        save=lambda data: services.budget_request_update(
            budget_request=budget_request,
            data=_request_input(data),
            expected_version=data["version"],
        ),
        saved_message=lambda: _("Request “%(title)s” saved.") % {"title": budget_request.title},
    )


@require_POST
@plan_view(Right.EDIT_ROADMAP)
def budget_request_delete(request: PlanRequest, plan_id: int, request_id: int) -> HttpResponse:
    budget_request = selectors.budget_request_for_update(request.plan, request_id)
    services.budget_request_delete(budget_request=budget_request)
    messages.success(request, _("Request “%(title)s” removed.") % {"title": budget_request.title})
    return redirect("budget", plan_id=plan_id)
