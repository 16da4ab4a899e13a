"""Writes to the habits check: one check per manager and plan-local week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from onboarding.core.calendar import week_start
from onboarding.models import Plan, User
from roadmap.toolkit.habits.rules import check_habit_answers
from roadmap.toolkit.models import HabitCheck


@transaction.atomic
def habit_check_save(
    *, plan: Plan, user: User, today: dt.date, answers: Mapping[str, str], note: str = ""
) -> HabitCheck:
    """Record this week's self-check (a second one in the same week replaces it)."""
    note = note.strip()
    check_habit_answers(dict(answers), note)
    check, _created = HabitCheck.objects.update_or_create(
        plan=plan,
        user=user,
        week_start=week_start(today),
        defaults={"answers": dict(answers), "note": note},
    )
    return check
