"""The monthly risk check's items and ratings (this module imports no models).

Every month: the difficulties and blind spots of a support leader's role,
each rated from 1 (no sign of it) to 5 (hurting us now). A rating higher
than the previous month's is a worsening trend, and shows on the dashboard's
risk list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.core.i18n import numbers

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class RiskItem:
    key: str
    title: StrPromise
    question: StrPromise


RISK_ITEMS = [
    RiskItem(
        "low-systematisation",
        gettext_lazy("Low systematisation"),
        gettext_lazy(
            "Is the team reinventing the wheel on routine work instead of following a process?"
        ),
    ),
    RiskItem(
        "strategy-drift",
        gettext_lazy("Drift from strategy"),
        gettext_lazy(
            "Is service losing its link to the company's strategy and goals, or drifting into "
            "conflict or isolation from other departments?"
        ),
    ),
    RiskItem(
        "burnout",
        gettext_lazy("Burnout"),
        gettext_lazy(
            "Are you or the team running on heroics, showing emotional exhaustion, or taking "
            "criticism hard?"
        ),
    ),
    RiskItem(
        "key-person",
        gettext_lazy("Key-person dependence"),
        gettext_lazy(
            "Would work stall if one particular person were away? That calls for a process, "
            "not a hero."
        ),
    ),
    RiskItem(
        "profitability",
        gettext_lazy("Profitability"),
        gettext_lazy(
            "Are service decisions made without weighing cost and return? 98-99% satisfied "
            "customers is reachable; 100% at volume is not."
        ),
    ),
    RiskItem(
        "cross-functional",
        gettext_lazy("Cross-functional relationships"),
        gettext_lazy(
            "Are relationships with the other teams along the value chain weak or strained?"
        ),
    ),
]


RISK_KEYS = [item.key for item in RISK_ITEMS]

# The team pulse's statements (``metrics/pulse/rules.py``) shown beside a risk
# while rating it: what the team itself says about it.
PULSE_ITEMS_BY_RISK = {
    "burnout": ["workload", "support"],
    "key-person": ["workload", "trust"],
}


RISKS_BY_KEY = {item.key: item for item in RISK_ITEMS}


RATING_MIN, RATING_MAX = 1, 5


RATINGS = [
    (1, gettext_lazy("No sign of it")),
    (2, gettext_lazy("Minor")),
    (3, gettext_lazy("Watch it")),
    (4, gettext_lazy("Serious")),
    (5, gettext_lazy("Hurting us now")),
]


RATING_LABELS = dict(RATINGS)


RISK_NOTE_MAX_LENGTH = 500


def check_ratings(ratings: Mapping[str, tuple[int | None, str]]) -> None:
    """Every risk rated 1 to 5; notes kept short. Errors keyed ``<item>-rating``/``-note``."""
    if not any(rating for rating, _note in ratings.values()):
        raise ValidationError(_("Rate the risks before saving: none of them is rated yet."))
    errors: dict[str, str] = {}
    if set(ratings) - set(RISK_KEYS):
        errors["__all__"] = _("Unknown risk.")
    for key in RISK_KEYS:
        rating, note = ratings.get(key, (None, ""))
        if rating is None or not RATING_MIN <= rating <= RATING_MAX:
            errors[f"{key}-rating"] = _("Rate it from %(min)s to %(max)s.") % numbers(
                {
                    "min": RATING_MIN,
                    "max": RATING_MAX,
                }
            )
        if len(note) > RISK_NOTE_MAX_LENGTH:
            errors[f"{key}-note"] = _("Keep it under %(max)s characters.") % numbers(
                {"max": RISK_NOTE_MAX_LENGTH}
            )
    if errors:
        raise ValidationError(errors)


def is_worse(previous: int | None, latest: int | None) -> bool:
    return previous is not None and latest is not None and latest > previous
