"""The reboot diagnostic's signs and scoring (this module imports no models).

Assess, days 5 to 20: five signs that a service operation needs a reboot,
each answered yes, partly or no. A yes or partly needs evidence (what you
saw), so the result can be trusted and repeated. The score runs from 0 to
100, 20 points per sign that is absent and 10 per sign that is partly
present; the signs to address first are those present, then those partly
present, in the order below. Repeat it around day 90 and compare.
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

# The playbook task the diagnostic fulfils (``Task.key``).
DIAGNOSTIC_TASK = "assess-reboot-diagnostic"


REPEAT_DAY = 90

# The sign the team pulse speaks to (``roadmap/pulse_slot.py``): its eNPS and
# its averages are shown beside it.
PULSE_SIGN = "unhappy-agents"


@dataclass(frozen=True)
class Sign:
    key: str
    title: StrPromise
    question: StrPromise
    evidence_hint: StrPromise
    first_step: StrPromise


SIGNS = [
    Sign(
        "no-executive-voice",
        gettext_lazy("No voice at the top"),
        gettext_lazy(
            "Is customer operations missing a representative among the senior executives?"
        ),
        gettext_lazy("Who speaks for customers and the service team when the leadership meets?"),
        gettext_lazy(
            "Find a sponsor on the leadership team and agree a regular slot to report on customers."
        ),
    ),
    Sign(
        "underinvested",
        gettext_lazy("Too little investment"),
        gettext_lazy(
            "Does the service function lack investment: outdated tools or CRM, no soft-skills "
            "training, seen only as a cost centre?"
        ),
        gettext_lazy(
            "The age of the tools, the training budget per agent, how budget meetings describe "
            "service."
        ),
        gettext_lazy("Build an ROI case for the most urgent gap in tools or training."),
    ),
    Sign(
        "several-crms",
        gettext_lazy("Several CRMs"),
        gettext_lazy(
            "Are there several CRMs, so customers must deal with a separate unit for each product?"
        ),
        gettext_lazy(
            "How many systems an agent opens for one customer; how often customers repeat "
            "themselves."
        ),
        gettext_lazy(
            "Map one customer journey across the systems and choose where to unify first."
        ),
    ),
    Sign(
        "rigid-scripts",
        gettext_lazy("Rigid scripts"),
        gettext_lazy(
            "Must agents follow scripts, with no room to leave the handbook when a case needs it?"
        ),
        gettext_lazy(
            "Listen to calls or read tickets; ask agents when they last made an exception."
        ),
        gettext_lazy(
            "Agree with the team when agents may use their own judgement, and write it down."
        ),
    ),
    Sign(
        "unhappy-agents",
        gettext_lazy("Unhappy agents"),
        gettext_lazy(
            "Do agents seem unhappy? How they feel predicts how customers feel, and the "
            "financial results."
        ),
        gettext_lazy("Attrition, sick days, engagement surveys, what you hear in one-to-ones."),
        gettext_lazy("Ask each agent for their biggest frustration and fix one the team shares."),
    ),
]


SIGN_KEYS = [sign.key for sign in SIGNS]


SIGNS_BY_KEY = {sign.key: sign for sign in SIGNS}


# Points per answer: a sign that is absent is healthy.
POINTS = {"no": 20, "partly": 10, "yes": 0}


ADDRESS_FIRST_LIMIT = 3


EVIDENCE_NEEDED = ("yes", "partly")


TEXT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class SignInput:
    sign: str
    answer: str
    evidence: str = ""
    note: str = ""


def check_answers(answers: list[SignInput]) -> None:
    """All five signs answered; a yes or partly says what shows it.

    Errors are keyed ``<sign>-answer`` / ``<sign>-evidence`` (the form's fields).
    """
    given = {item.sign: item for item in answers if item.answer}
    if not given:
        raise ValidationError(
            _("Answer the five signs before saving: none of them is answered yet.")
        )
    errors: dict[str, str] = {}
    if any(item.sign not in SIGNS_BY_KEY for item in answers):
        errors["__all__"] = _("Unknown sign.")
    for key in SIGN_KEYS:
        item = given.get(key)
        if item is None or item.answer not in POINTS:
            errors[f"{key}-answer"] = _("Answer yes, partly or no.")
        elif item.answer in EVIDENCE_NEEDED and not item.evidence.strip():
            errors[f"{key}-evidence"] = _(
                "Say what shows it: evidence makes the result worth comparing later."
            )
        if item is not None:
            for field, value in (("evidence", item.evidence), ("note", item.note)):
                if len(value) > TEXT_MAX_LENGTH:
                    errors[f"{key}-{field}"] = _("Keep it under %(max)s characters.") % numbers(
                        {"max": TEXT_MAX_LENGTH}
                    )
    if errors:
        raise ValidationError(errors)


def score(answers: Mapping[str, str]) -> int:
    """0 (all five signs present) to 100 (none of them)."""
    return sum(POINTS[answers[key]] for key in SIGN_KEYS)


def address_first(answers: Mapping[str, str]) -> list[Sign]:
    """The signs to work on first: present ones, then partly present, in order; at most three."""
    present = [sign for sign in SIGNS if answers.get(sign.key) == "yes"]
    partly = [sign for sign in SIGNS if answers.get(sign.key) == "partly"]
    return (present + partly)[:ADDRESS_FIRST_LIMIT]


def compare(before: str | None, after: str) -> str:
    """ "better", "worse" or "same" for one sign between two runs ("new" without a before)."""
    if before not in POINTS:
        return "new"
    if POINTS[after] > POINTS[before]:
        return "better"
    if POINTS[after] < POINTS[before]:
        return "worse"
    return "same"
