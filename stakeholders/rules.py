"""The stakeholder register's rules, in one place.

Pure functions shared by forms, services, selectors and the CSV code:
the 1-5 scales, the power/interest quadrant (Mendelow's grid), who counts as
a key stakeholder, when contact is overdue, tags and reporting cycles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onboarding.core.i18n import format_date, numbers

# --- Scales ----------------------------------------------------------------

SCALE_MIN, SCALE_MAX = 1, 5  # power/influence and interest
SENTIMENT_MIN, SENTIMENT_MAX = -2, 2
CADENCE_MIN_DAYS, CADENCE_MAX_DAYS = 1, 365

# A value at or above HIGH is "high" on the grid. Key stakeholders are those
# with high power, so the grid's top two rows are exactly the key people.
HIGH = 4
KEY_POWER = HIGH

# Interactions in which the manager actually met the person (an e-mail is
# contact, but not a meeting). Values of ``models.InteractionKind``.
MET_KINDS = ("interview", "meeting", "call", "event")


def check_scale(value: int | None, field: str) -> None:
    """Power and interest run from 1 to 5; empty means "not assessed yet"."""
    if value is None:
        return
    if not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        raise ValidationError(
            {
                field: gettext("Choose a value from %(min)s (lowest) to %(max)s (highest).")
                % numbers({"min": SCALE_MIN, "max": SCALE_MAX})
            }
        )


def check_sentiment(value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or not SENTIMENT_MIN <= value <= SENTIMENT_MAX:
        raise ValidationError(
            {
                "sentiment": gettext("Sentiment runs from %(min)s to +%(max)s.")
                % numbers({"min": SENTIMENT_MIN, "max": SENTIMENT_MAX})
            }
        )


def check_cadence(value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or not CADENCE_MIN_DAYS <= value <= CADENCE_MAX_DAYS:
        raise ValidationError(
            {
                "cadence_days": gettext(
                    "Contact cadence is a number of days from %(min)s to %(max)s."
                )
                % numbers({"min": CADENCE_MIN_DAYS, "max": CADENCE_MAX_DAYS})
            }
        )


def check_interaction_date(date: dt.date, today: dt.date) -> None:
    """Interactions are logged after they happen, in the plan's own time."""
    if date > today:
        raise ValidationError(
            {
                "date": gettext(
                    "This date is in the future (today is %(today)s in the plan's time zone). "
                    "Log a conversation once it has happened."
                )
                % {"today": format_date(today)}
            }
        )


# --- Power/interest grid (Mendelow) ----------------------------------------


class Quadrant(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")


QUADRANT_ADVICE = {
    Quadrant.MANAGE_CLOSELY: _("High power, high interest: involve them early and meet often."),
    Quadrant.KEEP_SATISFIED: _(
        "High power, lower interest: keep them content without overloading them."
    ),
    Quadrant.KEEP_INFORMED: _(
        "Lower power, high interest: keep them up to date; they are often good allies."
    ),
    Quadrant.MONITOR: _("Lower power and interest: watch for changes; minimal effort."),
}


def is_high(value: int | None) -> bool:
    return value is not None and value >= HIGH


def is_key(power: int | None) -> bool:
    return is_high(power)


def quadrant(power: int | None, interest: int | None) -> Quadrant | None:
    """The grid quadrant of a power/interest pair; None until both are assessed."""
    if power is None or interest is None:
        return None
    if is_high(power):
        return Quadrant.MANAGE_CLOSELY if is_high(interest) else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if is_high(interest) else Quadrant.MONITOR


def is_assessed(power: int | None, interest: int | None, attitude: str) -> bool:
    """Placed on the grid and with a known attitude."""
    return power is not None and interest is not None and bool(attitude)


# --- Contact cadence ----------------------------------------------------------


class ContactState(models.TextChoices):
    NEVER = "never", _("Not contacted yet")
    OVERDUE = "overdue", _("Contact overdue")
    ON_TRACK = "on_track", _("On track")
    NO_CADENCE = "no_cadence", _("No cadence set")


@dataclass(frozen=True)
class ContactStatus:
    state: ContactState
    last_contact: dt.date | None
    due_on: dt.date | None
    is_overdue: bool
    days_overdue: int  # 0 unless overdue against a due date

    @property
    def label(self) -> str:
        return str(self.state.label)


def contact_due(last_contact: dt.date | None, cadence_days: int | None) -> dt.date | None:
    """The day by which the next contact should have happened."""
    if last_contact is None or cadence_days is None:
        return None
    return last_contact + dt.timedelta(days=cadence_days)


def contact_status(
    *,
    last_contact: dt.date | None,
    cadence_days: int | None,
    power: int | None,
    today: dt.date,
) -> ContactStatus:
    """Whether contact is overdue.

    - Contacted, with a cadence: overdue once ``today`` is past last contact + cadence.
    - Contacted, no cadence: never overdue.
    - Never contacted: overdue if a cadence is set or the person is key (power >= 4):
      key people should be met at least once, cadence or not.

    ``StakeholderQuerySet.contact_overdue`` is the same rule in SQL; a test keeps them equal.
    """
    due = contact_due(last_contact, cadence_days)
    if last_contact is None:
        overdue = cadence_days is not None or is_key(power)
        return ContactStatus(ContactState.NEVER, None, None, overdue, 0)
    if due is None:
        return ContactStatus(ContactState.NO_CADENCE, last_contact, None, False, 0)
    if today > due:
        return ContactStatus(ContactState.OVERDUE, last_contact, due, True, (today - due).days)
    return ContactStatus(ContactState.ON_TRACK, last_contact, due, False, 0)


# --- Tags --------------------------------------------------------------------

TAG_MAX_LENGTH = 40
TAGS_MAX = 12
# A Persian keyboard types «،» and «؛» for the comma and the semicolon.
_TAG_SPLIT = re.compile(r"[,;،؛]")


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """``"vip, EMEA;  vip"`` -> ``["vip", "EMEA"]``: trimmed, first spelling wins; Persian
    commas and semicolons separate too (``"بودجه، EMEA"`` is two tags)."""
    parts = _TAG_SPLIT.split(text) if isinstance(text, str) else list(text)
    tags: list[str] = []
    seen: set[str] = set()
    for part in parts:
        tag = " ".join(str(part).split())
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(
                {
                    "tags": gettext("A tag can be at most %(max)s characters long: “%(tag)s”.")
                    % numbers({"max": TAG_MAX_LENGTH, "tag": tag[:TAG_MAX_LENGTH] + "…"})
                }
            )
        seen.add(tag.casefold())
        tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValidationError(
            {"tags": gettext("Use at most %(max)s tags per person.") % numbers({"max": TAGS_MAX})}
        )
    return tags


# --- Informal influence --------------------------------------------------------


def creates_reporting_cycle(
    person_id: int | None, boss_id: int | None, reports_to: Mapping[int, int | None]
) -> bool:
    """Would "``person`` reports to ``boss``" make someone their own boss?

    ``reports_to`` maps each stakeholder id to the id they report to now.
    """
    if boss_id is None:
        return False
    if person_id is None:  # a new person cannot be anyone's boss yet
        return False
    seen: set[int] = set()
    current: int | None = boss_id
    while current is not None and current not in seen:
        if current == person_id:
            return True
        seen.add(current)
        current = reports_to.get(current)
    return False
