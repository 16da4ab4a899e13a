"""The five habits and their weekly self-check (this module imports no models).

Every week: a one-minute self-check, each habit answered yes, partly or "not
this week". A streak counts the weeks in a row with a check; the current week
does not break it until it is over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.core.i18n import numbers

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Habit:
    key: str
    title: StrPromise
    question: StrPromise


HABITS = [
    Habit(
        "customer-focus",
        gettext_lazy("The customer at the centre"),
        gettext_lazy(
            "Did customer feedback shape at least one of your decisions this week, and did "
            "everyone on the team hear the latest feedback?"
        ),
    ),
    Habit(
        "communication",
        gettext_lazy("Listening and clarity"),
        gettext_lazy(
            "Did you listen fully before answering, make sure the team knows what customers "
            "expect, and step in on what they could not resolve?"
        ),
    ),
    Habit(
        "collaboration",
        gettext_lazy("Collaboration and empathy"),
        gettext_lazy(
            "Did you show the team, by your own example, the collaboration and empathy you "
            "expect from them?"
        ),
    ),
    Habit(
        "prioritising",
        gettext_lazy("Priorities first"),
        gettext_lazy(
            "Did you rank your work and give your time and the team's to the most important "
            "things first?"
        ),
    ),
    Habit(
        "purpose",
        gettext_lazy("The bigger purpose"),
        gettext_lazy(
            "Did you remind the team that the point is the customer's experience, not only "
            "their own short-term targets?"
        ),
    ),
]


HABIT_KEYS = [habit.key for habit in HABITS]


HABITS_BY_KEY = {habit.key: habit for habit in HABITS}


HABIT_ANSWERS = [
    ("yes", gettext_lazy("Yes")),
    ("partly", gettext_lazy("Partly")),
    ("no", gettext_lazy("Not this week")),
]


HABIT_ANSWER_LABELS = dict(HABIT_ANSWERS)


NOTE_MAX_LENGTH = 500


def check_habit_answers(answers: dict[str, str], note: str = "") -> None:
    """Every habit answered with a known answer; the note kept short."""
    errors: dict[str, str] = {}
    if not any(answers.get(key) for key in HABIT_KEYS):
        raise ValidationError(_("Answer the five questions: none is answered yet."))
    for key in HABIT_KEYS:
        if answers.get(key) not in HABIT_ANSWER_LABELS:
            errors[key] = _("Answer yes, partly or not this week.")
    unknown = set(answers) - set(HABIT_KEYS)
    if unknown:
        errors["__all__"] = _("Unknown habit.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Keep it under %(max)s characters.") % numbers({"max": NOTE_MAX_LENGTH})
    if errors:
        raise ValidationError(errors)


def streak(weeks: list[dt.date], this_week: dt.date) -> int:
    """Weeks in a row with a check, counting back from this week.

    ``weeks`` are the Mondays with a check, newest first. A week not yet checked
    does not break the streak until it is over, so the count runs back from
    last week in that case.
    """
    checked = set(weeks)
    cursor = this_week if this_week in checked else this_week - dt.timedelta(weeks=1)
    count = 0
    while cursor in checked:
        count += 1
        cursor -= dt.timedelta(weeks=1)
    return count
