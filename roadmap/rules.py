"""The roadmap's rules about days, in one place.

Day 0 is the plan's first working day. The playbook runs from ten days of
preparation before it to day 100; every phase, and so every task, lies in
that window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onboarding.core.i18n import numbers

if TYPE_CHECKING:
    from .models import Phase

FIRST_DAY = -10
LAST_DAY = 100
PLAN_LENGTH = LAST_DAY  # "day N of 100"


def check_day_range(start_day: int, end_day: int) -> None:
    """Raise a ValidationError keyed by field for a range no plan can hold."""
    errors: dict[str, list[str]] = {}
    for field, value in (("start_day", start_day), ("end_day", end_day)):
        if not FIRST_DAY <= value <= LAST_DAY:
            errors.setdefault(field, []).append(
                _("Days run from %(first)s to %(last)s.")
                % numbers({"first": FIRST_DAY, "last": LAST_DAY})
            )
    if not errors and start_day > end_day:
        errors["end_day"] = [_("The last day cannot come before the first day.")]
    if errors:
        raise ValidationError(errors)


def check_task_in_phase(start_day: int, end_day: int, phase: Phase, name: str) -> None:
    """``name``: the phase's name as the reader reads it (``roadmap.playbook.phase_name``)."""
    check_day_range(start_day, end_day)
    if start_day < phase.start_day or end_day > phase.end_day:
        raise ValidationError(
            _("A task of the phase “%(phase)s” must lie within its days %(first)s to %(last)s.")
            % numbers({"phase": name, "first": phase.start_day, "last": phase.end_day})
        )
