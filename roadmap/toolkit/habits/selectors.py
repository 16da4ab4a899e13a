"""Reads of the habits check: the streak (for Today, the hub and the digest) and the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.functional import Promise

from onboarding.core.calendar import week_start
from onboarding.models import Plan, User
from roadmap.toolkit.habits.rules import HABIT_ANSWER_LABELS, HABITS, streak
from roadmap.toolkit.models import HabitCheck


@dataclass(frozen=True)
class HabitAnswer:
    """One habit's answer; ``title`` and ``answer_label`` translate when rendered."""

    key: str
    title: str | Promise
    answer: str  # "yes", "partly" or "no"
    answer_label: str | Promise


@dataclass(frozen=True)
class HabitSummary:
    """For Today and the manager's digest: the streak and the latest answers."""

    streak_weeks: int
    last_answers: list[HabitAnswer]
    done_this_week: bool
    last_week_start: dt.date | None = None
    last_note: str = ""

    @property
    def has_checks(self) -> bool:
        return self.last_week_start is not None


def _answers(check: HabitCheck | None) -> list[HabitAnswer]:
    if check is None:
        return []
    return [
        HabitAnswer(
            key=habit.key,
            title=habit.title,
            answer=check.answers.get(habit.key, ""),
            answer_label=HABIT_ANSWER_LABELS.get(check.answers.get(habit.key, ""), ""),
        )
        for habit in HABITS
    ]


# A streak longer than this many weeks is shown as this many (the plan runs 15 weeks).
STREAK_HORIZON_WEEKS = 104


def _summary(checks: list[HabitCheck], this_week: dt.date) -> HabitSummary:
    latest = checks[0] if checks else None
    return HabitSummary(
        streak_weeks=streak([check.week_start for check in checks], this_week),
        last_answers=_answers(latest),
        done_this_week=latest is not None and latest.week_start == this_week,
        last_week_start=latest.week_start if latest else None,
        last_note=latest.note if latest else "",
    )


def _recent_checks(plan: Plan, user: User) -> list[HabitCheck]:
    return list(
        HabitCheck.objects.filter(plan=plan, user=user).order_by("-week_start")[
            :STREAK_HORIZON_WEEKS
        ]
    )


def habit_streak(plan: Plan, user: User, today: dt.date) -> HabitSummary:
    """The user's weekly habits streak in this plan and their latest answers: one query.

    ``today`` is the plan-local date (``plan.local_today()``). The current week
    does not break the streak until it is over.
    """
    return _summary(_recent_checks(plan, user), week_start(today))


@dataclass(frozen=True)
class HabitWeek:
    week_start: dt.date
    answers: list[HabitAnswer]  # in the habits' order
    note: str


@dataclass(frozen=True)
class HabitsPage:
    summary: HabitSummary
    this_week: dt.date
    current: HabitCheck | None  # this week's check, to edit
    history: list[HabitWeek] = field(default_factory=list)  # newest first


HISTORY_WEEKS = 16


def habits_page(plan: Plan, user: User, today: dt.date) -> HabitsPage:
    """This week's form, the streak and the recent weeks: one query."""
    checks = _recent_checks(plan, user)
    this_week = week_start(today)
    summary = _summary(checks, this_week)
    return HabitsPage(
        summary=summary,
        this_week=this_week,
        current=checks[0] if summary.done_this_week else None,
        history=[
            HabitWeek(week_start=check.week_start, answers=_answers(check), note=check.note)
            for check in checks[:HISTORY_WEEKS]
        ],
    )
