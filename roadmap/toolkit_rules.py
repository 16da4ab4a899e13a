"""The rules of the plan's tools, in one place, shared by forms and services.

Challenges and opportunities (Assess, days 15 to 30): the top few for the
next three to six months, ranked, each with the evidence it rests on and where
that came from; once decided, each becomes a quick win or a roadmap task, or
is parked with a reason. The list is complete when the manager says so, and
that marks the playbook task done.

Budget and ROI (Plan, days 30 to 45): the operating budget for the rest of
the fiscal year by line, with next year's assumptions, and for each request
for extra money an ROI case: its cost, the benefit expected per month, and the
payback in months (computed, so it needs a benefit above zero).

This module imports no models: it is plain arithmetic and messages.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The playbook tasks these tools fulfil (``Task.key``).
CHALLENGES_TASK = "assess-challenges-list"
BUDGET_TASK = "plan-operating-budget"

# "The most important challenges and opportunities": a short list.
CHALLENGES_ADVISED = 7
CHALLENGES_MAX = 30

# Money: up to 12 digits before the point, cents after it (the model's field).
MONEY_MAX = Decimal("999999999999.99")
CENT = Decimal("0.01")


# ---------------------------------------------------------------- Challenges


def check_challenge_count(existing: int) -> None:
    """A new challenge must fit under the hard limit."""
    if existing >= CHALLENGES_MAX:
        raise ValidationError(
            _(
                "The list already holds %(max)d items. Park or remove some: "
                "it is meant for the few that matter most."
            )
            % {"max": CHALLENGES_MAX}
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


# ---------------------------------------------------------------- Money


def check_amount(value: Decimal | None, field: str, *, required: bool = True) -> None:
    """An amount of money: not negative, and within the field's size."""
    if value is None:
        if required:
            raise ValidationError({field: _("Enter an amount (0 if there is none).")})
        return
    if not value.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if value < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    if value > MONEY_MAX:
        raise ValidationError({field: _("That amount is too large.")})


def check_request(cost: Decimal | None, monthly_benefit: Decimal | None) -> None:
    """An ROI case needs a cost above zero and a benefit above zero (else no payback)."""
    errors: dict[str, str] = {}
    if cost is None or not cost.is_finite():
        errors["cost"] = _("Enter what the request costs.")
    elif cost < 0:
        errors["cost"] = _("A cost cannot be negative.")
    elif cost == 0:
        errors["cost"] = _("A request that costs nothing needs no budget: enter its cost.")
    elif cost > MONEY_MAX:
        errors["cost"] = _("That amount is too large.")
    if monthly_benefit is None or not monthly_benefit.is_finite():
        errors["monthly_benefit"] = _("Enter the benefit you expect per month.")
    elif monthly_benefit <= 0:
        errors["monthly_benefit"] = _(
            "A payback needs a benefit: enter the benefit per month, above zero."
        )
    elif monthly_benefit > MONEY_MAX:
        errors["monthly_benefit"] = _("That amount is too large.")
    if errors:
        raise ValidationError(errors)


def payback_months(cost: Decimal, monthly_benefit: Decimal) -> Decimal:
    """Months of the expected benefit it takes to repay the cost, to one decimal.

    The benefit must be above zero (``check_request``); there is no payback otherwise.
    """
    if monthly_benefit <= 0:
        raise ValueError("no payback without a benefit")
    return (cost / monthly_benefit).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def first_year_return(cost: Decimal, monthly_benefit: Decimal) -> Decimal:
    """Twelve months of benefit minus the cost, as a whole percentage of the cost."""
    if cost <= 0:
        raise ValueError("no return on a cost of zero")
    gain = monthly_benefit * 12 - cost
    return (gain * 100 / cost).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- CSV

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """Text for a CSV cell that a spreadsheet will show, never run."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
