"""The challenges list's rules (this module imports no models).

Assess, days 15 to 30: the top few challenges and opportunities for the next
three to six months, ranked, each with the evidence it rests on and where
that came from; once decided, each becomes a quick win or a roadmap task, or
is parked with a reason. The list is complete when the manager says so, and
that marks the playbook task done.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onboarding.core.i18n import numbers

# The playbook tasks these tools fulfil (``Task.key``).
CHALLENGES_TASK = "assess-challenges-list"


# "The most important challenges and opportunities": a short list.
CHALLENGES_ADVISED = 7


CHALLENGES_MAX = 30


def check_challenge_count(existing: int) -> None:
    """A new challenge must fit under the hard limit."""
    if existing >= CHALLENGES_MAX:
        raise ValidationError(
            _(
                "The list already holds %(max)s items. Park or remove some: "
                "it is meant for the few that matter most."
            )
            % numbers({"max": CHALLENGES_MAX})
        )


def check_outcome(outcome: str, note: str) -> None:
    """A parked item says why, so it can be picked up again later."""
    if outcome == "parked" and not note.strip():
        raise ValidationError({"outcome_note": _("Say why it is parked, so you can return to it.")})


def check_can_complete(count: int) -> None:
    if count == 0:
        raise ValidationError(
            _("Add at least one challenge or opportunity before you mark the list complete.")
        )


def new_position(position: int, direction: str | None, count: int) -> int:
    """Where an item at 1-based ``position`` goes: one up, one down, or a given rank."""
    if direction == "up":
        target = position - 1
    elif direction == "down":
        target = position + 1
    else:
        target = position
    return max(1, min(count, target))
