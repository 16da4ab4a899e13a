"""The self-introduction's rules and guidance (this module imports no models).

Prepare, days -5 to -1: about a hundred words, short, factual and neutral, on
the manager's background, their priorities in work and life, their values
and ideals, and why they are joining. Longer texts are allowed but flagged;
an empty one cannot be saved. Publishing a version makes it readable at the
shared address and completes the playbook task.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.core.i18n import numbers

# The playbook tasks these tools fulfil (``Task.key``).
INTRODUCTION_TASK = "prepare-self-introduction"


SHARE_INTRODUCTION_TASK = "communicate-share-introduction"


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
                "%(count)s words is short for an introduction. About %(target)s words gives "
                "people enough to know you."
            )
            % numbers({"count": count, "target": WORDS_TARGET}),
        )
    if count > WORDS_LONG:
        return LengthFlag(
            "long",
            _(
                "%(count)s words is long. About %(target)s reads best: most people will not "
                "read past the first screen. You can still save and share it."
            )
            % numbers({"count": count, "target": WORDS_TARGET}),
        )
    return None


def check_introduction(text: str) -> None:
    if not text.strip():
        raise ValidationError({"text": _("Write your introduction first: it is empty.")})
    if len(text) > CHARACTERS_MAX or word_count(text) > WORDS_MAX:
        raise ValidationError(
            {
                "text": _("Keep it under %(max)s words: an introduction is read in a minute.")
                % numbers({"max": WORDS_MAX})
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
