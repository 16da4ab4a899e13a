"""The rules and content of the manager's own tools: the introduction and the habits.

The self-introduction (Prepare, days -5 to -1): about a hundred words, short,
factual and neutral, on the manager's background, their priorities in work
and life, their values and ideals, and why they are joining. Longer texts are
allowed but flagged; an empty one cannot be saved. Publishing a version makes
it readable at the shared address and completes the playbook task.

The five habits (every week): a one-minute self-check, each habit answered
yes, partly or "not this week". A streak counts the weeks in a row with a
check; the current week does not break it until it is over.

This module imports no models.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The playbook tasks these tools fulfil (``Task.key``).
INTRODUCTION_TASK = "prepare-self-introduction"
SHARE_INTRODUCTION_TASK = "communicate-share-introduction"

# ---------------------------------------------------------------- The introduction

WORDS_TARGET = 100
WORDS_SHORT = 50  # fewer reads as a greeting, not an introduction
WORDS_LONG = 150  # more is allowed, but flagged: people skim long ones
WORDS_MAX = 2000  # a hard stop: this is not a place for a document
CHARACTERS_MAX = 15000

# A word: letters or digits (with their combining marks, such as Persian
# vowel signs), joined by inner apostrophes, hyphens or Persian's zero-width
# non-joiner ("می‌خواهم" is one word). static/js/toolkit.js counts the same
# way, so the live count matches the saved one.
WORD = re.compile(r"[^\W_]+(?:['’\-\u200c][^\W_]+)*")


def word_count(text: str) -> int:
    letters = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    return len(WORD.findall(letters))


@dataclass(frozen=True)
class LengthFlag:
    level: str  # "short" or "long"
    message: str


def length_flag(count: int) -> LengthFlag | None:
    """A warning for an introduction that is far from about a hundred words."""
    if 0 < count < WORDS_SHORT:
        return LengthFlag(
            "short",
            _(
                "%(count)d words is short for an introduction. About %(target)d words gives "
                "people enough to know you."
            )
            % {"count": count, "target": WORDS_TARGET},
        )
    if count > WORDS_LONG:
        return LengthFlag(
            "long",
            _(
                "%(count)d words is long. About %(target)d reads best: most people will not "
                "read past the first screen. You can still save and share it."
            )
            % {"count": count, "target": WORDS_TARGET},
        )
    return None


def check_introduction(text: str) -> None:
    if not text.strip():
        raise ValidationError({"text": _("Write your introduction first: it is empty.")})
    if len(text) > CHARACTERS_MAX or word_count(text) > WORDS_MAX:
        raise ValidationError(
            {
                "text": _("Keep it under %(max)d words: an introduction is read in a minute.")
                % {"max": WORDS_MAX}
            }
        )


@dataclass(frozen=True)
class Guidance:
    key: str
    title: Promise
    prompt: Promise


GUIDANCE = [
    Guidance(
        "background",
        gettext_lazy("Your background"),
        gettext_lazy(
            "Where you have worked and what it taught you about serving customers. "
            "Two or three facts, not a CV."
        ),
    ),
    Guidance(
        "priorities",
        gettext_lazy("Your priorities"),
        gettext_lazy("What matters most to you at work and in life right now."),
    ),
    Guidance(
        "values",
        gettext_lazy("Your values"),
        gettext_lazy("The ideals you work by, and what people can count on you for."),
    ),
    Guidance(
        "why",
        gettext_lazy("Why this role"),
        gettext_lazy("What drew you here, and your main thoughts as you join the team."),
    ),
]

STYLE_TIPS = [
    gettext_lazy("Short: about a hundred words, read in under a minute."),
    gettext_lazy("Factual and neutral: describe, do not sell."),
    gettext_lazy("No promises of change yet: you have not listened to anyone so far."),
]


# ---------------------------------------------------------------- The five habits


@dataclass(frozen=True)
class Habit:
    key: str
    title: Promise
    question: Promise


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


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week (as metrics count weeks)."""
    return day - dt.timedelta(days=day.weekday())


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
        errors["note"] = _("Keep it under %(max)d characters.") % {"max": NOTE_MAX_LENGTH}
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
