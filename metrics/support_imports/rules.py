"""What the support-data import shows and decides, without models: the inputs a file can
feed, the KPIs each one feeds, and the baseline of the weeks before day 0."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from onboarding.core.calendar import week_start

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# A preview nobody confirmed is deleted after this long (its file with it).
PREVIEW_HOURS = 24
SURVEY_KPIS = ("nps", "csat", "ces", "enps")
ZONE_UTC = "UTC"

# The inputs a manager can map, in the order the mapping screen asks for them.
TICKET_INPUTS: tuple[tuple[str, StrPromise], ...] = (
    ("id", _("Ticket id")),
    ("created", _("Created at")),
    ("first_reply_at", _("First reply at (date and time)")),
    ("first_reply", _("First reply time (duration)")),
    ("first_reply_business", _("First reply time in business hours (duration)")),
    ("solved_at", _("Solved at (date and time)")),
    ("resolution", _("Resolution time (duration)")),
    ("resolution_business", _("Resolution time in business hours (duration)")),
    ("sla_first_reply", _("First reply SLA met or breached")),
    ("sla_resolution", _("Resolution SLA met or breached")),
    ("satisfaction", _("Satisfaction rating")),
    ("reopens", _("Reopen count")),
    ("requester", _("Requester")),
    ("channel", _("Channel")),
    ("group", _("Group or team")),
    ("priority", _("Priority")),
)
SURVEY_INPUTS: tuple[tuple[str, StrPromise], ...] = (
    ("submitted", _("Answered at")),
    ("score", _("Score")),
)
INPUT_LABELS: dict[str, StrPromise] = dict(TICKET_INPUTS + SURVEY_INPUTS) | {
    "sla_due": _("SLA due date"),
    "overdue": _("Overdue flag"),
    "survey_type": _("Survey type"),
}
DURATION_INPUTS = ("first_reply", "first_reply_business", "resolution", "resolution_business")
UNITS: tuple[tuple[str, StrPromise], ...] = (
    ("seconds", _("seconds")),
    ("minutes", _("minutes")),
    ("hours", _("hours")),
    ("hh:mm:ss", _("hours:minutes:seconds")),
)

# Which KPIs each input feeds (the preview's "which column feeds which KPI").
FEEDS: dict[str, tuple[str, ...]] = {
    "id": ("tickets",),
    "created": ("tickets",),
    "first_reply_at": ("frt_median", "frt_p90"),
    "first_reply": ("frt_median", "frt_p90"),
    "first_reply_business": ("frt_median", "frt_p90"),
    "solved_at": ("resolution_median", "resolution_p90"),
    "resolution": ("resolution_median", "resolution_p90"),
    "resolution_business": ("resolution_median", "resolution_p90"),
    "sla_first_reply": ("sla",),
    "sla_resolution": ("sla",),
    "sla_due": ("sla",),
    "overdue": ("sla",),
    "satisfaction": ("csat",),
    "reopens": ("reopen_rate",),
    "requester": ("repeat_contact",),
}


def baseline_of(weeks: Mapping[dt.date, float], start: dt.date) -> float | None:
    """The median of the weekly values of the whole weeks before the week of day 0."""
    first = week_start(start)
    before = [value for week, value in weeks.items() if week < first]
    return statistics.median(before) if before else None


def baseline_kept_by_hand(current: float | None, last_imported: float | None) -> bool:
    """A baseline that is not the one an import last set was entered by hand: it stays."""
    return current is not None and not same_value(current, last_imported)


def same_value(old: float | None, new: float | None) -> bool:
    if old is None or new is None:
        return old is new
    return abs(old - new) <= 1e-9 * max(1.0, abs(old), abs(new))


def missing_columns(overrides: Mapping[str, str | None], headers: Iterable[str]) -> list[str]:
    """The remembered columns this file does not have (then the mapping is not reused)."""
    present = set(headers)
    return [column for column in overrides.values() if column and column not in present]


TOOL_NAMES: dict[str, str | StrPromise] = {
    "zendesk": "Zendesk",
    "freshdesk": "Freshdesk",
    "intercom": "Intercom",
    "jira": "Jira Service Management",
    "zammad": "Zammad",
    "osticket": "osTicket",
    "surveymonkey": "SurveyMonkey",
    "typeform": "Typeform",
    "delighted": "Delighted",
    "custom": _("a file mapped by you"),
    "unknown": _("an unknown tool"),
    "": _("an unknown tool"),
}


# SLA targets the manager gives when the file says nothing about breaches (hours).
MAX_SLA_HOURS = 10_000
MAX_SLA_VALUES = 20  # the most frequent priorities (or channels) get a target each
SLA_OPTIONS = {"priority": "sla_by_priority", "channel": "sla_by_channel"}

# The splits by channel and group: the latest weeks, and the KPIs each table shows.
SPLIT_WEEKS = 4
SPLIT_ROWS = 20  # the busiest channels (or groups); the others are counted, not listed
SPLIT_KPIS: tuple[tuple[str, StrPromise], ...] = (
    ("tickets", _("Tickets")),
    ("frt_median", _("First reply, median (hours)")),
    ("resolution_median", _("Resolution, median (hours)")),
    ("csat", _("CSAT (%)")),
)


def sla_hours(value: object) -> float | None:
    """A stored target, or None when it is missing or out of range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    hours = float(value)
    return hours if 0 < hours <= MAX_SLA_HOURS else None


def sla_targets(raw: object) -> dict[str, dict[str, float | None]]:
    """Stored targets ({value: {"first_reply_hours": h, "resolution_hours": h}}), cleaned."""
    if not isinstance(raw, Mapping):
        return {}
    targets: dict[str, dict[str, float | None]] = {}
    for name, target in raw.items():
        if not isinstance(target, Mapping):
            continue
        first = sla_hours(target.get("first_reply_hours"))
        resolution = sla_hours(target.get("resolution_hours"))
        if first is not None or resolution is not None:
            targets[str(name)] = {"first_reply_hours": first, "resolution_hours": resolution}
    return targets
