"""Small template helpers for days, dates and the timeline grid."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import translation

from onboarding.models import Plan

from ..models import Phase
from ..playbook import phase_text as playbook_phase_text
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


@register.simple_tag(takes_context=True)
def phase_text(context: template.Context, phase: Phase, field: str = "name") -> str:
    """``{% phase_text phase "tip" %}``: the playbook's words in the reader's language.

    A phase the manager left as the playbook wrote it reads in the reader's
    language; words the manager changed stay as written (``roadmap.playbook.phase_text``).
    """
    text = str(getattr(phase, field))
    plan = context.get("plan")
    if not isinstance(plan, Plan) or plan.pk != phase.plan_id:
        return text
    language = (translation.get_language() or "en")[:2]
    return playbook_phase_text(phase.key, field, text, plan.language, language)
