"""Small template helpers for days, dates and the timeline grid."""

from __future__ import annotations

import datetime as dt

from django import template

from onboarding.models import Plan

from ..rules import FIRST_DAY

register = template.Library()


@register.filter
def day_date(plan: Plan, day: int) -> dt.date:
    """The calendar date of a plan day: ``{{ plan|day_date:task.start_day }}``."""
    return plan.date_of_day(int(day))


@register.filter
def grid_start(day: int) -> int:
    """Timeline grid column where a day begins (one column per day)."""
    return int(day) - FIRST_DAY + 1


@register.filter
def grid_end(day: int) -> int:
    """Timeline grid line just after a day ends."""
    return int(day) - FIRST_DAY + 2


@register.filter
def pct_step(value: float) -> int:
    """Round a percentage to the 5% steps the stylesheet has widths for."""
    return max(0, min(100, 5 * round(float(value or 0) / 5)))
