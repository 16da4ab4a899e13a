"""The reviews' fixed content: default days, the range of days, the reminder window."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onboarding.core.i18n import format_number

DEFAULT_DAYS = (30, 60, 90)
FIRST_DAY = 1
LAST_DAY = 365
REMINDER_DAYS = 7  # a review this many days ahead or fewer is on Today and in the digest


def day_in_range(day: int) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def review_heading(title: str, day: int) -> str:
    """The review's own title, else "Day N review" in the reader's language (and digits)."""
    return title or _("Day %(day)s review") % {"day": format_number(day)}


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a free-text field (asks, decisions needed), for the report."""
    return [line.strip(" -•*\t") for line in text.splitlines() if line.strip(" -•*\t")]


# The plan beyond day 100: four quarters, at most two key themes.
QUARTERS = (1, 2, 3, 4)
MAX_THEMES = 2
BEYOND_FROM_DAY = 60  # the reviews from this day on show the plan beyond day 100


def themes_after_adding(themes: list[str], theme: str) -> list[str]:
    """The key themes once ``theme`` is added: refused beyond ``MAX_THEMES``."""
    known = [t for t in themes if t]
    if not theme or theme.casefold() in {t.casefold() for t in known}:
        return known
    if len(known) >= MAX_THEMES:
        raise ValidationError(
            _("Keep to two key themes: use %(themes)s, or remove the priorities of one.")
            % {"themes": " / ".join(known)},
            code="too_many_themes",
        )
    return [*known, theme]
