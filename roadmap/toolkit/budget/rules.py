"""The budget's rules: money and ROI arithmetic (this module imports no models).

Plan, days 30 to 45: the operating budget for the rest of the fiscal year by
line, with next year's assumptions, and for each request for extra money an
ROI case: its cost, the benefit expected per month, and the payback in
months (computed, so it needs a benefit above zero).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BUDGET_TASK = "plan-operating-budget"


# Money: up to 12 digits before the point, cents after it (the model's field).
MONEY_MAX = Decimal("999999999999.99")


CENT = Decimal("0.01")


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
