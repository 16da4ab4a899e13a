"""Writes to the budget: lines and requests, each saved against the version the user saw."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.core.i18n import numbers
from onboarding.core.versioning import save_versioned
from onboarding.models import Plan
from roadmap.toolkit.budget.rules import BUDGET_TASK, check_amount, check_request
from roadmap.toolkit.models import BudgetCategory, BudgetLine, BudgetRequest
from roadmap.toolkit.playbook_tasks import task_advance_for_tool


@dataclass(frozen=True)
class BudgetLineInput:
    category: str
    label: str
    amount: Decimal | None
    next_year_amount: Decimal | None = None
    assumption: str = ""


class _LineValues(TypedDict):
    """A budget line's checked fields, as passed to ``create`` or ``save_versioned``."""

    category: str
    label: str
    amount: Decimal | None
    next_year_amount: Decimal | None
    assumption: str


def _line_values(data: BudgetLineInput) -> _LineValues:
    errors: dict[str, list[str]] = {}
    if data.category not in BudgetCategory.values:
        errors["category"] = [_("Choose people, tools, training or other.")]
    if not data.label.strip():
        errors["label"] = [_("Name the line, e.g. “Two agents for the night shift”.")]
    for name, value, required in (
        ("amount", data.amount, True),
        ("next_year_amount", data.next_year_amount, False),
    ):
        try:
            check_amount(value, name, required=required)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.message_dict[name])
    if len(data.assumption) > 1000:
        errors["assumption"] = [_("Keep it under %(max)s characters.") % numbers({"max": 1000})]
    if errors:
        raise ValidationError(errors)
    return {
        "category": data.category,
        "label": data.label.strip(),
        "amount": data.amount,
        "next_year_amount": data.next_year_amount,
        "assumption": data.assumption.strip(),
    }


@transaction.atomic
def budget_line_create(*, plan: Plan, data: BudgetLineInput) -> BudgetLine:
    line = BudgetLine.objects.create(plan=plan, **_line_values(data))
    task_advance_for_tool(plan=plan, key=BUDGET_TASK)
    return line


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, data: BudgetLineInput, expected_version: int | None = None
) -> BudgetLine:
    return save_versioned(type(line), line, expected_version=expected_version, **_line_values(data))


def budget_line_delete(*, line: BudgetLine) -> None:
    line.delete()


@dataclass(frozen=True)
class BudgetRequestInput:
    title: str
    category: str
    cost: Decimal | None
    monthly_benefit: Decimal | None
    benefit_basis: str


class _RequestValues(TypedDict):
    """A budget request's checked fields, as passed to ``create`` or ``save_versioned``."""

    title: str
    category: str
    cost: Decimal | None
    monthly_benefit: Decimal | None
    benefit_basis: str


def _request_values(data: BudgetRequestInput) -> _RequestValues:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Say what the money is for.")]
    if data.category not in BudgetCategory.values:
        errors["category"] = [_("Choose people, tools, training or other.")]
    if not data.benefit_basis.strip():
        errors["benefit_basis"] = [
            _("Say how you estimate the benefit: fewer contacts, less churn, hours saved…")
        ]
    try:
        check_request(data.cost, data.monthly_benefit)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return {
        "title": data.title.strip(),
        "category": data.category,
        "cost": data.cost,
        "monthly_benefit": data.monthly_benefit,
        "benefit_basis": data.benefit_basis.strip(),
    }


@transaction.atomic
def budget_request_create(*, plan: Plan, data: BudgetRequestInput) -> BudgetRequest:
    request = BudgetRequest.objects.create(plan=plan, **_request_values(data))
    task_advance_for_tool(plan=plan, key=BUDGET_TASK)
    return request


@transaction.atomic
def budget_request_update(
    *, budget_request: BudgetRequest, data: BudgetRequestInput, expected_version: int | None = None
) -> BudgetRequest:
    return save_versioned(
        type(budget_request),
        budget_request,
        expected_version=expected_version,
        **_request_values(data),
    )


def budget_request_delete(*, budget_request: BudgetRequest) -> None:
    budget_request.delete()
