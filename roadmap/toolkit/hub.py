"""The toolkit hub: which tools there are, who sees each, and where each stands.

Each tool lives in its own folder here (``introduction/``, ``habits/``,
``diagnostic/``, ``challenges/``, ``budget/``, ``risk_checks/``); this module
only lists them and reads their state for the hub, in a fixed number of
queries (one per visible tool, plus their tasks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onboarding.access import Right
from onboarding.core.calendar import week_start
from onboarding.models import Plan, User
from roadmap.models import Task, TaskStatus
from roadmap.toolkit.budget.rules import BUDGET_TASK
from roadmap.toolkit.challenges.rules import CHALLENGES_TASK
from roadmap.toolkit.diagnostic.rules import DIAGNOSTIC_TASK
from roadmap.toolkit.diagnostic.selectors import diagnostic_state
from roadmap.toolkit.habits.selectors import habit_streak
from roadmap.toolkit.introduction.rules import INTRODUCTION_TASK
from roadmap.toolkit.introduction.selectors import introduction_state
from roadmap.toolkit.models import BudgetLine, BudgetRequest, Challenge, ChallengeOutcome
from roadmap.toolkit.playbook_tasks import linked_tasks
from roadmap.toolkit.risk_checks.selectors import risk_state


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


@dataclass(frozen=True)
class Tool:
    key: str  # also its URL name
    name: Promise
    phase: str  # a phase key, or "all"
    right: Right  # needed to open it
    task_key: str | None  # the playbook task it completes or advances
    summary: Promise

    @property
    def phase_label(self) -> Promise:
        return PHASE_LABELS[self.phase]


PHASE_LABELS = {
    "prepare": _("Prepare"),
    "assess": _("Assess"),
    "plan": _("Plan"),
    "all": _("All phases"),
}


TOOLS = [
    Tool(
        "introduction",
        _("Self-introduction"),
        "prepare",
        Right.USE_PRIVATE_TOOLS,
        INTRODUCTION_TASK,
        _("About a hundred words for your new team, with a page you can share with them."),
    ),
    Tool(
        "diagnostic",
        _("Reboot diagnostic"),
        "assess",
        Right.VIEW_TOOLKIT_RESULTS,
        DIAGNOSTIC_TASK,
        _("Five signs that service needs a reboot: a score and what to address first."),
    ),
    Tool(
        "challenges",
        _("Challenges and opportunities"),
        "assess",
        Right.VIEW_TOOLKIT_RESULTS,
        CHALLENGES_TASK,
        _("The few that matter for the next 3-6 months, ranked, with their evidence."),
    ),
    Tool(
        "budget",
        _("Budget and ROI"),
        "plan",
        Right.VIEW_TOOLKIT_RESULTS,
        BUDGET_TASK,
        _("The operating budget for the rest of the year, and an ROI case for each request."),
    ),
    Tool(
        "risk_checks",
        _("Risk check"),
        "all",
        Right.USE_PRIVATE_TOOLS,
        None,
        _("Once a month: the blind spots of this kind of role, rated, with their trend."),
    ),
    Tool(
        "habits",
        _("Five habits"),
        "all",
        Right.USE_PRIVATE_TOOLS,
        None,
        _("Once a week, a minute: how you did on the habits of a good support leader."),
    ),
]


TOOLS_BY_KEY = {tool.key: tool for tool in TOOLS}


@dataclass
class ToolCard:
    tool: Tool
    state: str  # "todo", "doing" or "done": the status badge it shows
    task: Task | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def is_private(self) -> bool:
        return self.tool.right == Right.USE_PRIVATE_TOOLS


def visible_tools(rights: frozenset[str]) -> list[Tool]:
    return [tool for tool in TOOLS if tool.right in rights]


def _state(task: Task | None, *, started: bool, done: bool = False) -> str:
    if done or (task is not None and task.status == TaskStatus.DONE):
        return "done"
    return "doing" if started else "todo"


def toolkit_overview(
    plan: Plan, rights: frozenset[str], user: User, today: dt.date
) -> list[ToolCard]:
    """A card per tool the role may open; one query per tool, plus one for their tasks.

    Team members see no tools (an empty list).
    """

    tools = visible_tools(rights)
    if not tools:
        return []
    keys = {tool.key for tool in tools}
    tasks = linked_tasks(plan, [tool.task_key for tool in tools if tool.task_key])
    cards: list[ToolCard] = []
    plan_state = plan_tools_state(plan) if {"challenges", "budget"} & keys else None
    for tool in tools:
        task = tasks.get(tool.task_key) if tool.task_key else None
        if tool.key == "introduction":
            introduction = introduction_state(plan)
            published = introduction.published if introduction else None
            written = bool(introduction and introduction.text)
            # The card follows the introduction itself: a task ticked done on the
            # roadmap without one written here says so, never "done" beside "not written".
            state = "done" if published else ("doing" if written else "todo")
            done_elsewhere = task is not None and task.status == TaskStatus.DONE and not published
            cards.append(
                ToolCard(
                    tool,
                    state,
                    task,
                    {
                        "introduction": introduction,
                        "published": published,
                        "done_elsewhere": done_elsewhere,
                    },
                )
            )
        elif tool.key == "diagnostic":
            latest, runs = diagnostic_state(plan)
            cards.append(
                ToolCard(
                    tool,
                    _state(task, started=runs > 0, done=runs > 0),
                    task,
                    {"latest": latest, "runs": runs},
                )
            )
        elif tool.key == "challenges" and plan_state is not None:
            cards.append(
                ToolCard(
                    tool,
                    _state(task, started=plan_state.challenges > 0),
                    task,
                    {"count": plan_state.challenges, "decided": plan_state.challenges_decided},
                )
            )
        elif tool.key == "budget" and plan_state is not None:
            cards.append(
                ToolCard(
                    tool,
                    _state(
                        task, started=bool(plan_state.budget_lines or plan_state.budget_requests)
                    ),
                    task,
                    {
                        "lines": plan_state.budget_lines,
                        "total": plan_state.budget_total,
                        "requests": plan_state.budget_requests,
                    },
                )
            )
        elif tool.key == "risk_checks":
            latest_check = risk_state(plan)
            this_month = today.replace(day=1)
            cards.append(
                ToolCard(
                    tool,
                    _state(
                        None,
                        started=latest_check is not None,
                        done=latest_check is not None and latest_check.month == this_month,
                    ),
                    None,
                    {"latest": latest_check},
                )
            )
        elif tool.key == "habits":
            summary = habit_streak(plan, user, today)
            cards.append(
                ToolCard(
                    tool,
                    _state(None, started=summary.has_checks, done=summary.done_this_week),
                    None,
                    {"summary": summary, "this_week": week_start(today)},
                )
            )
    return cards
