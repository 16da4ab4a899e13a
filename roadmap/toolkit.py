"""The plan's tools: challenges and opportunities, the budget with its ROI cases,
and the one rule every tool shares: completing a tool completes its playbook task.

Writes are keyword-only functions named ``<entity>_<action>``; they check the
rules (``toolkit_rules.py``) even when a form already did. Edits carry the
version the user saw and are refused with ``StaleVersion`` (``onboarding.core.versioning``) when someone
saved in between. Reads for the pages are the selectors at the end, each a
fixed number of queries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from onboarding.core.versioning import save_versioned
from onboarding.models import Plan

from .models import (
    BudgetCategory,
    BudgetLine,
    BudgetRequest,
    Challenge,
    ChallengeKind,
    ChallengeOutcome,
    ChallengeSource,
    QuickWin,
    Task,
    TaskStatus,
)
from .services import task_set_status
from .toolkit_rules import (
    BUDGET_TASK,
    CHALLENGES_TASK,
    check_amount,
    check_can_complete,
    check_challenge_count,
    check_outcome,
    check_request,
    neutralise,
    new_position,
)

# ---------------------------------------------------------------- Tools complete their tasks


def task_complete_for_tool(*, plan: Plan, key: str, done: bool) -> Task | None:
    """Mark the playbook task ``key`` done because its tool is complete, or reopen it.

    The one place for "completing a tool completes its task". Completing sets
    any status to done; reopening only touches a done task (one the manager
    skipped or is still working on keeps its status) and sets it to do.
    Returns the task, or None when the plan has no task with that key.
    """
    task = Task.objects.filter(plan=plan, key=key).first()
    if task is None:
        return None
    if done and task.status != TaskStatus.DONE:
        return task_set_status(task=task, status=TaskStatus.DONE)
    if not done and task.status == TaskStatus.DONE:
        return task_set_status(task=task, status=TaskStatus.TODO)
    return task


def task_advance_for_tool(*, plan: Plan, key: str) -> Task | None:
    """A tool was started: its task, if still to do, is now in progress."""
    task = Task.objects.filter(plan=plan, key=key, status=TaskStatus.TODO).first()
    if task is None:
        return None
    return task_set_status(task=task, status=TaskStatus.DOING)


def linked_tasks(plan: Plan, keys: Iterable[str]) -> dict[str, Task]:
    """The plan's playbook tasks with these keys, by key (one query)."""
    return {task.key: task for task in Task.objects.filter(plan=plan, key__in=list(keys))}


def linked_task(plan: Plan, key: str) -> Task | None:
    return Task.objects.filter(plan=plan, key=key).select_related("phase").first()


# ---------------------------------------------------------------- Versioned writes

M = TypeVar("M", bound=models.Model)


def _save_versioned(record: M, expected_version: int | None, **changes: object) -> M:
    """Write ``changes`` only if nobody saved ``record`` since ``expected_version``."""
    return save_versioned(
        type(record)._default_manager.all(), record, expected_version=expected_version, **changes
    )


# ---------------------------------------------------------------- Challenges and opportunities


def _check_links(
    plan: Plan,
    *,
    stakeholder_id: int | None,
    metric_id: int | None,
    quick_win: QuickWin | None,
    task: Task | None,
) -> None:
    """Every link points into the same plan."""
    from metrics.models import PlanMetric
    from stakeholders.models import Stakeholder

    errors: dict[str, str] = {}
    if stakeholder_id and not Stakeholder.objects.filter(plan=plan, pk=stakeholder_id).exists():
        errors["stakeholder"] = _("Choose a stakeholder of this plan.")
    if metric_id and not PlanMetric.objects.filter(plan=plan, pk=metric_id).exists():
        errors["metric"] = _("Choose a metric of this plan.")
    if quick_win is not None and quick_win.plan_id != plan.pk:
        errors["quick_win"] = _("Choose a quick win of this plan.")
    if task is not None and task.plan_id != plan.pk:
        errors["task"] = _("Choose a task of this plan.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class ChallengeInput:
    kind: str
    title: str
    evidence: str
    source: str
    source_detail: str = ""
    stakeholder_id: int | None = None
    metric_id: int | None = None
    outcome: str = ChallengeOutcome.OPEN
    quick_win: QuickWin | None = None
    task: Task | None = None
    outcome_note: str = ""


def _challenge_values(plan: Plan, data: ChallengeInput) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    if data.kind not in ChallengeKind.values:
        errors["kind"] = [_("Choose challenge or opportunity.")]
    if not data.title.strip():
        errors["title"] = [_("Name the challenge or opportunity.")]
    if not data.evidence.strip():
        errors["evidence"] = [_("Say what shows it: a fact, a quote, a figure.")]
    if data.source not in ChallengeSource.values:
        errors["source"] = [_("Choose where it came from.")]
    if data.outcome not in ChallengeOutcome.values:
        errors["outcome"] = [_("Choose what became of it.")]
    try:
        check_outcome(data.outcome, data.outcome_note)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    quick_win = data.quick_win if data.outcome == ChallengeOutcome.QUICK_WIN else None
    task = data.task if data.outcome == ChallengeOutcome.TASK else None
    _check_links(
        plan,
        stakeholder_id=data.stakeholder_id,
        metric_id=data.metric_id,
        quick_win=quick_win,
        task=task,
    )
    return {
        "kind": data.kind,
        "title": data.title.strip(),
        "evidence": data.evidence.strip(),
        "source": data.source,
        "source_detail": data.source_detail.strip(),
        "stakeholder_ref": data.stakeholder_id or None,
        "metric_id": data.metric_id or None,
        "outcome": data.outcome,
        "quick_win": quick_win,
        "task": task,
        "outcome_note": data.outcome_note.strip() if data.outcome == "parked" else "",
    }


def _lock_ranking(plan_id: int) -> None:
    """Additions, moves and removals of a plan's challenges take turns.

    One lock on the plan's row (NO KEY UPDATE: rows that merely reference the
    plan are not held up) rather than locks on every challenge, which two
    movers would take in different orders (a deadlock) once a rank changed.
    """
    list(Plan.objects.select_for_update(no_key=True).filter(pk=plan_id).values_list("pk"))


@transaction.atomic
def challenge_create(*, plan: Plan, data: ChallengeInput) -> Challenge:
    """Add a challenge or opportunity at the bottom of the ranking."""
    values = _challenge_values(plan, data)
    _lock_ranking(plan.pk)
    existing = Challenge.objects.filter(plan=plan)
    check_challenge_count(existing.count())
    last = existing.aggregate(last=Max("position"))["last"] or 0
    challenge = Challenge.objects.create(plan=plan, position=last + 1, **values)
    task_advance_for_tool(plan=plan, key=CHALLENGES_TASK)
    return challenge


@transaction.atomic
def challenge_update(
    *, challenge: Challenge, data: ChallengeInput, expected_version: int | None = None
) -> Challenge:
    values = _challenge_values(challenge.plan, data)
    return _save_versioned(challenge, expected_version, **values)


@transaction.atomic
def challenge_move(
    *,
    challenge: Challenge,
    direction: str | None = None,
    position: int | None = None,
) -> int:
    """Move one place up or down, or to a 1-based rank; returns its new rank.

    The plan's ranking is locked and renumbered 1..n, so ranks stay unique and
    gap-free whatever else moved concurrently.
    """
    _lock_ranking(challenge.plan_id)
    ranked = list(Challenge.objects.filter(plan_id=challenge.plan_id).order_by("position", "pk"))
    current = next(rank for rank, item in enumerate(ranked, start=1) if item.pk == challenge.pk)
    if position is not None:
        target = new_position(position, None, len(ranked))
    else:
        target = new_position(current, direction, len(ranked))
    moving = ranked.pop(current - 1)
    ranked.insert(target - 1, moving)
    _renumber(ranked)
    challenge.position = target
    return target


def _renumber(challenges: Sequence[Challenge]) -> None:
    """Ranks 1..n in the given order; only rows whose rank changes are written."""
    changed = []
    for rank, item in enumerate(challenges, start=1):
        if item.position != rank:
            item.position = rank
            changed.append(item)
    Challenge.objects.bulk_update(changed, ["position"])


@transaction.atomic
def challenge_delete(*, challenge: Challenge) -> None:
    """Remove it; an emptied list is no longer complete, so its task reopens."""
    plan = challenge.plan
    _lock_ranking(plan.pk)
    challenge.delete()
    remaining = list(Challenge.objects.filter(plan=plan).order_by("position", "pk"))
    _renumber(remaining)
    if not remaining:
        task_complete_for_tool(plan=plan, key=CHALLENGES_TASK, done=False)


@transaction.atomic
def challenges_set_complete(*, plan: Plan, complete: bool) -> Task | None:
    """The manager says the list is complete (its task is done) or reopens it."""
    if complete:
        check_can_complete(Challenge.objects.filter(plan=plan).count())
    return task_complete_for_tool(plan=plan, key=CHALLENGES_TASK, done=complete)


# ---------------------------------------------------------------- Budget


@dataclass(frozen=True)
class BudgetLineInput:
    category: str
    label: str
    amount: Decimal | None
    next_year_amount: Decimal | None = None
    assumption: str = ""


def _line_values(data: BudgetLineInput) -> dict[str, object]:
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
        errors["assumption"] = [_("Keep it under %(max)d characters.") % {"max": 1000}]
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
    return _save_versioned(line, expected_version, **_line_values(data))


def budget_line_delete(*, line: BudgetLine) -> None:
    line.delete()


@dataclass(frozen=True)
class BudgetRequestInput:
    title: str
    category: str
    cost: Decimal | None
    monthly_benefit: Decimal | None
    benefit_basis: str


def _request_values(data: BudgetRequestInput) -> dict[str, object]:
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
    return _save_versioned(budget_request, expected_version, **_request_values(data))


def budget_request_delete(*, budget_request: BudgetRequest) -> None:
    budget_request.delete()


# ---------------------------------------------------------------- Selectors: challenges


@dataclass
class ChallengesPage:
    challenges: list[Challenge]  # ranked; each has ``stakeholder`` (or None)
    task: Task | None

    @property
    def is_complete(self) -> bool:
        return self.task is not None and self.task.status == TaskStatus.DONE

    @property
    def count(self) -> int:
        return len(self.challenges)

    @property
    def outcome_counts(self) -> list[tuple[str, str, int]]:
        """(outcome, label, how many) for each outcome, in the outcomes' order."""
        return [
            (value, str(label), sum(1 for c in self.challenges if c.outcome == value))
            for value, label in ChallengeOutcome.choices
        ]


def _attach_stakeholders(plan: Plan, challenges: Sequence[Challenge]) -> None:
    """Resolve the soft stakeholder links in one query (none when nothing links)."""
    from stakeholders.models import Stakeholder

    ids = {challenge.stakeholder_ref for challenge in challenges if challenge.stakeholder_ref}
    people = {person.pk: person for person in Stakeholder.objects.filter(plan=plan, pk__in=ids)}
    for challenge in challenges:
        challenge.stakeholder = people.get(challenge.stakeholder_ref)  # type: ignore[attr-defined]


def challenges_page(plan: Plan) -> ChallengesPage:
    """The ranked list with its links, and the task it fulfils: three queries."""
    challenges = list(
        Challenge.objects.filter(plan=plan)
        .select_related("metric", "quick_win", "task")
        .order_by("position", "pk")
    )
    _attach_stakeholders(plan, challenges)
    return ChallengesPage(challenges=challenges, task=linked_task(plan, CHALLENGES_TASK))


def challenge_for_update(plan: Plan, challenge_id: int) -> Challenge:
    """A challenge of this plan, or 404: another plan's id is never found."""
    challenge = (
        Challenge.objects.filter(plan=plan).select_related("plan").filter(pk=challenge_id).first()
    )
    if challenge is None:
        raise Http404(_("No such challenge."))
    return challenge


# ---------------------------------------------------------------- Selectors: budget


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


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def budget_csv(page: BudgetPage, currency: str) -> Iterator[str]:
    """The budget and the ROI cases as CSV lines: headers in the reader's language
    (amount columns name the plan's currency), every text cell neutralised so a
    spreadsheet never runs it as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(*cells: object) -> str:
        writer.writerow([neutralise(cell) for cell in cells])
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


# ---------------------------------------------------------------- For the hub


@dataclass(frozen=True)
class PlanToolsState:
    challenges: int
    challenges_decided: int
    budget_lines: int
    budget_total: Decimal
    budget_requests: int


def plan_tools_state(plan: Plan) -> PlanToolsState:
    """Counts and totals for the toolkit hub: three queries."""
    challenges = Challenge.objects.filter(plan=plan).aggregate(
        total=Count("pk"), decided=Count("pk", filter=~Q(outcome=ChallengeOutcome.OPEN))
    )
    lines = BudgetLine.objects.filter(plan=plan).aggregate(count=Count("pk"), total=Sum("amount"))
    return PlanToolsState(
        challenges=challenges["total"],
        challenges_decided=challenges["decided"],
        budget_lines=lines["count"],
        budget_total=lines["total"] or Decimal(0),
        budget_requests=BudgetRequest.objects.filter(plan=plan).count(),
    )
