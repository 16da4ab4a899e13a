"""Reads for the roadmap pages, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from onboarding.models import Plan, User
from onboarding.rights import Right

from .models import Phase, Task, TaskQuerySet, TaskStatus
from .rules import FIRST_DAY, LAST_DAY

UPCOMING_LIMIT = 6


def sees_task_notes(rights: frozenset[str]) -> bool:
    """The visibility rule for task notes: the manager's working notes, theirs alone."""
    return Right.VIEW_PRIVATE_NOTES in rights


@dataclass(frozen=True)
class TodayOverview:
    plan: Plan
    date: dt.date
    day: int
    active_phases: list[Phase]
    today_tasks: list[Task]
    overdue_tasks: list[Task]
    upcoming_tasks: list[Task]

    @property
    def days_until_start(self) -> int:
        return max(0, -self.day)

    @property
    def has_started(self) -> bool:
        return self.day >= 0

    @property
    def is_over(self) -> bool:
        return self.day > LAST_DAY

    @property
    def tips(self) -> list[Phase]:
        return [phase for phase in self.active_phases if phase.tip]


def _tasks(plan: Plan) -> TaskQuerySet:
    return Task.objects.filter(plan=plan).select_related("phase", "owner")


def today_overview(
    plan: Plan, on: dt.date | None = None, *, owner: User | None = None
) -> TodayOverview:
    """What to look at on a given day (default: today, plan time).

    With ``owner``, only the tasks they own: a team member's plate is theirs,
    not the manager's.
    """
    date = on or plan.local_today()
    day = plan.day_number(date)
    phases = list(
        Phase.objects.filter(plan=plan, start_day__lte=day, end_day__gte=day).with_progress()
    )
    tasks = _tasks(plan) if owner is None else _tasks(plan).filter(owner=owner)
    today_tasks = tasks.filter(
        Q(start_day__lte=day, end_day__gte=day) | Q(status=TaskStatus.DOING, start_day__gt=day)
    )
    return TodayOverview(
        plan=plan,
        date=date,
        day=day,
        active_phases=phases,
        today_tasks=list(today_tasks),
        overdue_tasks=list(tasks.overdue_on(day)),
        upcoming_tasks=list(
            tasks.upcoming_after(day).filter(status=TaskStatus.TODO)[:UPCOMING_LIMIT]
        ),
    )


@dataclass(frozen=True)
class Timeline:
    plan: Plan
    day: int
    phases: list[Phase]
    tasks: list[Task]
    selected_phase: Phase | None

    @property
    def ticks(self) -> range:
        return range(FIRST_DAY, LAST_DAY + 1, 10)

    @property
    def today_in_window(self) -> bool:
        return FIRST_DAY <= self.day <= LAST_DAY


def timeline(plan: Plan, phase_key: str | None = None) -> Timeline:
    phases = list(Phase.objects.filter(plan=plan).with_progress())
    selected = next((p for p in phases if p.key == phase_key), None)
    tasks = _tasks(plan)
    if selected is not None:
        tasks = tasks.filter(phase=selected)
    return Timeline(
        plan=plan,
        day=plan.day_number(plan.local_today()),
        phases=phases,
        tasks=list(tasks),
        selected_phase=selected,
    )


def task_for_update(plan: Plan, task_id: int) -> Task:
    """A task of this plan, or 404: another plan's task id is never found."""

    return get_object_or_404(_tasks(plan), pk=task_id)
