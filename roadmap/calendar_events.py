"""Events higher apps add to the plan's calendar feed, without roadmap importing them.

The feed (``roadmap.calendar.plan_calendar``) carries the plan's tasks; an app
above the roadmap (the reviews with the boss, in ``metrics``) registers a
source in its ``AppConfig.ready``. A source returns the plan's events as
:class:`CalendarEntry` rows in a fixed number of queries. The feed is a link
anyone holding it may open, so an entry carries nothing private.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from onboarding.models import Plan


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # unique within the plan's feed, e.g. "review-12"
    summary: str
    date: dt.date  # an all-day event
    description: str = ""
    sequence: int = 0


CalendarSource = Callable[[Plan], list[CalendarEntry]]

_SOURCES: dict[str, CalendarSource] = {}


def register_calendar_source(key: str, load: CalendarSource) -> None:
    _SOURCES[key] = load  # by key: registering twice keeps one


def calendar_entries(plan: Plan) -> list[CalendarEntry]:
    return [entry for load in _SOURCES.values() for entry in load(plan)]
