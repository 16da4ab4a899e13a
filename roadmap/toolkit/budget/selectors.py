"""Reads of the budget: lines grouped by category with totals, requests with their ROI, the CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from onboarding.core.spreadsheets import inert_cell
from onboarding.models import Plan
from roadmap.models import Task
from roadmap.toolkit.budget.rules import BUDGET_TASK
from roadmap.toolkit.models import BudgetCategory, BudgetLine, BudgetRequest
from roadmap.toolkit.playbook_tasks import linked_task


@dataclass
class BudgetGroup:
    category: str
    label: str
    lines: list[BudgetLine]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def next_year_total(self) -> Decimal:
        return sum((line.next_year_amount or Decimal(0) for line in self.lines), Decimal(0))


@dataclass
class BudgetPage:
    groups: list[BudgetGroup]
    requests: list[BudgetRequest]
    task: Task | None
    lines_count: int = 0
    total: Decimal = Decimal(0)
    next_year_total: Decimal = Decimal(0)
    requested_total: Decimal = Decimal(0)
    requested_monthly_benefit: Decimal = Decimal(0)
    missing_next_year: list[BudgetLine] = field(default_factory=list)


def budget_page(plan: Plan) -> BudgetPage:
    """Lines by category (in the categories' order), requests, the task: three queries."""
    lines = list(BudgetLine.objects.filter(plan=plan).order_by("pk"))
    requests = list(BudgetRequest.objects.filter(plan=plan).order_by("pk"))
    groups = [
        BudgetGroup(
            category=value,
            label=str(label),
            lines=[line for line in lines if line.category == value],
        )
        for value, label in BudgetCategory.choices
    ]
    return BudgetPage(
        groups=[group for group in groups if group.lines],
        requests=requests,
        task=linked_task(plan, BUDGET_TASK),
        lines_count=len(lines),
        total=sum((group.total for group in groups), Decimal(0)),
        next_year_total=sum((group.next_year_total for group in groups), Decimal(0)),
        requested_total=sum((request.cost for request in requests), Decimal(0)),
        requested_monthly_benefit=sum(
            (request.monthly_benefit for request in requests), Decimal(0)
        ),
        missing_next_year=[line for line in lines if line.next_year_amount is None],
    )


def budget_line_for_update(plan: Plan, line_id: int) -> BudgetLine:
    line = BudgetLine.objects.filter(plan=plan, pk=line_id).first()
    if line is None:
        raise Http404(_("No such budget line."))
    return line


def budget_request_for_update(plan: Plan, request_id: int) -> BudgetRequest:
    budget_request = BudgetRequest.objects.filter(plan=plan, pk=request_id).first()
    if budget_request is None:
        raise Http404(_("No such budget request."))
    return budget_request


def _money(value: Decimal | None) -> Decimal | None:
    """An amount in cents, written as a number (a spreadsheet sums it); none is an empty cell."""
    return None if value is None else value.quantize(Decimal("0.01"))


def budget_csv(page: BudgetPage, currency: str) -> Iterator[str]:
    """The budget and the ROI cases as CSV lines: headers in the reader's language
    (amount columns name the plan's currency); figures are written as numbers, and
    every text cell so that a spreadsheet never runs it as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(*cells: object) -> str:
        writer.writerow([inert_cell(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(
        _("Section"),
        _("Category"),
        _("Line or request"),
        _("Rest of this fiscal year (%(currency)s)") % {"currency": currency},
        _("Next fiscal year (%(currency)s)") % {"currency": currency},
        _("Assumption for next year"),
        _("Cost (%(currency)s)") % {"currency": currency},
        _("Expected benefit per month (%(currency)s)") % {"currency": currency},
        _("Payback (months)"),
        _("Return after 12 months (%)"),
        _("How the benefit is estimated"),
    )
    for group in page.groups:
        for budget_line in group.lines:
            yield line(
                _("Operating budget"),
                group.label,
                budget_line.label,
                _money(budget_line.amount),
                _money(budget_line.next_year_amount),
                budget_line.assumption,
                "",
                "",
                "",
                "",
                "",
            )
    yield line(
        _("Operating budget"),
        _("Total"),
        "",
        _money(page.total),
        _money(page.next_year_total),
        "",
        "",
        "",
        "",
        "",
        "",
    )
    labels = dict(BudgetCategory.choices)
    for request in page.requests:
        yield line(
            _("Extra budget request"),
            labels.get(request.category, request.category),
            request.title,
            "",
            "",
            "",
            _money(request.cost),
            _money(request.monthly_benefit),
            request.payback_months,
            request.first_year_return,
            request.benefit_basis,
        )
