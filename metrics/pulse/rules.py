"""The team pulse's questions, its threshold and its score (this module imports no models).

A short anonymous survey the manager opens to the team, monthly by default
or at moments they pick (day 10, day 90): the eNPS question (0-10), five
statements rated 1-5 from the playbook's sources on agent wellbeing, and one
optional free-text question. Results are shown only from
:func:`min_answers` answers, so no answer can be traced to one person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise

# Never fewer answers than this before results show, whatever the setting says.
FLOOR = 3
# A pulse runs this long unless the manager picks another closing day.
DEFAULT_DAYS_OPEN = 7
# The next pulse is suggested this long after the last one opened.
CADENCE_DAYS = 30
# No longer than that: a pulse open for a year would run into every later one.
MAX_DAYS_OPEN = CADENCE_DAYS
COMMENT_MAX = 1000


def min_answers() -> int:
    """``PULSE_MIN_ANSWERS`` (default 5), never below :data:`FLOOR`."""
    return max(FLOOR, int(getattr(settings, "PULSE_MIN_ANSWERS", 5)))


@dataclass(frozen=True)
class PulseItem:
    key: str
    title: StrPromise
    statement: StrPromise


ITEMS = [
    PulseItem(
        "workload",
        gettext_lazy("Workload and recovery"),
        gettext_lazy(
            "My workload is manageable, and I get time to recover after a hard shift or a busy "
            "period."
        ),
    ),
    PulseItem(
        "support",
        gettext_lazy("Feeling supported"),
        gettext_lazy("When a case or a day gets hard, I get the help I need."),
    ),
    PulseItem(
        "clarity",
        gettext_lazy("Clarity of priorities"),
        gettext_lazy("I know what matters most in my work right now."),
    ),
    PulseItem(
        "trust",
        gettext_lazy("Trust to raise problems"),
        gettext_lazy("I can raise a problem or own up to a mistake without fear."),
    ),
    PulseItem(
        "pride",
        gettext_lazy("Pride in the service"),
        gettext_lazy("I am proud of the service our team gives customers."),
    ),
]
ITEM_KEYS = [item.key for item in ITEMS]
ITEMS_BY_KEY = {item.key: item for item in ITEMS}

ENPS_KEY = "enps"
COMMENT_KEY = "comment"
ENPS_QUESTION = gettext_lazy("How likely are you to recommend working in this team to a friend?")
COMMENT_QUESTION = gettext_lazy("Anything else you want your manager to know? (optional)")
QUESTION_KEYS = [ENPS_KEY, *ITEM_KEYS, COMMENT_KEY]

AGREEMENT = {
    1: gettext_lazy("Strongly disagree"),
    2: gettext_lazy("Disagree"),
    3: gettext_lazy("Neither"),
    4: gettext_lazy("Agree"),
    5: gettext_lazy("Strongly agree"),
}
ENPS_LOW = gettext_lazy("Not at all likely")
ENPS_HIGH = gettext_lazy("Extremely likely")


def standard_wording() -> dict[str, StrOrPromise]:
    """Every question in the reader's language (lazy), by key, in the order they are asked
    (the free-text question last)."""
    by_key: dict[str, StrOrPromise] = {ENPS_KEY: ENPS_QUESTION, COMMENT_KEY: COMMENT_QUESTION}
    by_key.update({item.key: item.statement for item in ITEMS})
    return {key: by_key[key] for key in QUESTION_KEYS}


def wording(questions: Mapping[str, str]) -> dict[str, StrOrPromise]:
    """The questions a pulse asks: the plan's own copy where the manager edited one."""
    result = standard_wording()
    for key in QUESTION_KEYS:
        text = str(questions.get(key, "")).strip()
        if text:
            result[key] = text
    return result


def is_answerable(status: str, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> bool:
    return status == "open" and opens_on <= today <= closes_on
