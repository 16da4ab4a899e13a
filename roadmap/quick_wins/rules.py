"""The rules about quick wins, in one place, shared by forms and services.

What the playbook asks: identify at least two potential quick wins while
assessing (days 0 to 30), choose them as the plan's two key themes (days 15
to 45), deliver them during Act (days 30 to 80) with the milestones hit on or
before their dates, then celebrate and announce the success.

"Committed" means the manager has chosen to deliver it: the statuses
committed, in progress, blocked and done all count towards the two quick
wins (a blocked one is still a commitment; a done one was kept). Proposed and
dropped ones do not.

Any status may follow any other (the board lets people drag a card to any
column), but:

- blocked and dropped need a reason, kept on the quick win and in its history;
- done sets progress to 100%, and a done quick win stays at 100% until it is
  reopened;
- scores run from 1 (low) to 5 (high);
- target days and milestones lie within the plan's days (``rules.FIRST_DAY``
  to ``rules.LAST_DAY``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.core.i18n import numbers

from ..rules import FIRST_DAY, LAST_DAY


class QuickWinStatus(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Proposed")
    COMMITTED = "committed", gettext_lazy("Committed")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    BLOCKED = "blocked", gettext_lazy("Blocked")
    DONE = "done", gettext_lazy("Done")
    DROPPED = "dropped", gettext_lazy("Dropped")


COMMITTED_STATUSES = (
    QuickWinStatus.COMMITTED,
    QuickWinStatus.IN_PROGRESS,
    QuickWinStatus.BLOCKED,
    QuickWinStatus.DONE,
)
# Committed and not yet delivered: their milestones can be overdue.
ACTIVE_STATUSES = (QuickWinStatus.COMMITTED, QuickWinStatus.IN_PROGRESS, QuickWinStatus.BLOCKED)
REASON_REQUIRED = (QuickWinStatus.BLOCKED, QuickWinStatus.DROPPED)
REASON_MISSING = {
    QuickWinStatus.BLOCKED: gettext_lazy("Say what blocks it, so someone can help."),
    QuickWinStatus.DROPPED: gettext_lazy("Say why it is dropped."),
}

COMMITMENT_TARGET = 2  # "at least two quick wins"
COMMITMENT_WARNING_DAY = 25  # the Plan phase is well under way by then
SCORE_MIN, SCORE_MAX = 1, 5
NOTE_MAX_LENGTH = 500
ANNOUNCEMENT_MAX_LENGTH = 5000


def commitment_warning(day: int, committed_count: int) -> bool:
    """From day 25 on, fewer than two committed quick wins deserve a warning."""
    return day >= COMMITMENT_WARNING_DAY and committed_count < COMMITMENT_TARGET


def is_committed(status: str) -> bool:
    return status in COMMITTED_STATUSES


def check_status(status: str, reason: str) -> None:
    """Raise a ValidationError keyed by field for a status change that cannot be made."""
    if status not in QuickWinStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"note": str(REASON_MISSING[QuickWinStatus(status)])})
    if len(reason) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep it under %(max)s characters.") % numbers({"max": NOTE_MAX_LENGTH})}
        )


def progress_for_status(status: str, progress: int) -> int:
    """Done means all of it."""
    return 100 if status == QuickWinStatus.DONE else progress


def check_progress(progress: int, status: str) -> None:
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress runs from 0 to 100%.")})
    if status == QuickWinStatus.DONE and progress != 100:
        raise ValidationError(
            {"progress": _("A done quick win is at 100%. Move it back to in progress first.")}
        )


def check_note(note: str) -> None:
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep it under %(max)s characters.") % numbers({"max": NOTE_MAX_LENGTH})}
        )


def check_score(value: int | None, field: str) -> None:
    if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError(
            {
                field: _("Score from %(min)s to %(max)s.")
                % numbers({"min": SCORE_MIN, "max": SCORE_MAX})
            }
        )


def check_day(day: int, field: str = "target_day") -> None:
    """A target day, for a quick win or a milestone, within the plan's days."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            {
                field: _("Days run from %(first)s to %(last)s.")
                % numbers({"first": FIRST_DAY, "last": LAST_DAY})
            }
        )
