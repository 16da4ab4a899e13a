"""Turn a CSV of raw survey answers or ticket rows into weekly values.

Every row is checked first; a file with any bad row imports nothing, and
each bad row is reported with its line number and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from onboarding.core.calendar import week_start
from onboarding.core.forms import is_sane_year
from onboarding.core.i18n import numbers

from . import formulas
from .catalogue import KPI, Source

MAX_BYTES = 2 * 1024 * 1024
# Per row: far above any real support budget or volume.
MAX_COST = 1e12
MAX_CONTACTS = 10**9
MAX_ROWS = 50_000

REQUIRED_COLUMNS = {
    Source.SCORES: ["date", "score"],
    Source.TICKETS: ["created_at"],
    Source.COSTS: ["date", "cost", "contacts"],
}
TICKET_COLUMNS = {
    "frt_median": ["first_response_at"],
    "frt_p90": ["first_response_at"],
    "resolution_median": ["resolved_at"],
    "resolution_p90": ["resolved_at"],
    "sla": ["sla_met"],
    "repeat_contact": ["customer"],
}
SCORE_RANGES = {"nps": (0, 10), "enps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
TRUE = {"yes", "y", "true", "1", "met", "да", "بله"}
FALSE = {"no", "n", "false", "0", "missed", "нет", "خیر"}


class ImportRefused(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class WeeklyValues:
    values: dict[dt.date, tuple[float, int]] = field(default_factory=dict)

    @property
    def weeks(self) -> int:
        return len(self.values)


def read_rows(raw: bytes) -> list[dict[str, str]]:
    if len(raw) > MAX_BYTES:
        raise ImportRefused(
            [_("The file is larger than 2 MB. Split it by month and import each part.")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]
        ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = _parse(text, dialect)
    except csv.Error as error:
        raise ImportRefused(
            [_("The file could not be read as CSV (%(reason)s).") % {"reason": error}]
        ) from error
    if not rows:
        raise ImportRefused([_("The file has a header but no rows.")])
    return rows


def _parse(text: str, dialect: Any) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        raise ImportRefused([_("The file is empty.")])
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    rows: list[dict[str, str]] = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise ImportRefused(
                [_("The file has more than 50,000 rows. Split it and import each part.")]
            )
        rows.append({k: (v or "").strip() for k, v in row.items() if isinstance(k, str)})
    return rows


def _parse_moment(value: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    _check_year(moment.year)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def _check_year(year: int) -> None:
    """A year decades away is refused as not a date (``is_sane_year``)."""
    if not is_sane_year(year):
        raise ValueError(year)


def _hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 3600


def weekly_values(kpi: KPI, raw: bytes, *, timezone: str) -> WeeklyValues:
    """Parse and compute; raises ImportRefused listing every bad line."""
    if kpi.source not in REQUIRED_COLUMNS:
        raise ImportRefused([_("This metric comes from a helpdesk export or is entered by hand.")])
    rows = read_rows(raw)
    zone = zoneinfo.ZoneInfo(timezone)
    required = REQUIRED_COLUMNS.get(kpi.source, []) + TICKET_COLUMNS.get(kpi.key, [])
    missing = [column for column in required if column not in rows[0]]
    if missing:
        raise ImportRefused(
            [
                _("Missing column(s): %(columns)s. The first line must name the columns.")
                % {"columns": ", ".join(missing)}
            ]
        )
    parse = {Source.SCORES: _score_row, Source.TICKETS: _ticket_row, Source.COSTS: _cost_row}[
        kpi.source
    ]
    buckets: dict[dt.date, list] = defaultdict(list)
    errors: list[str] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            week, item = parse(kpi, row, zone)
        except (ValueError, KeyError) as error:
            errors.append(_("Line %(line)s: %(reason)s") % numbers({"line": line, "reason": error}))
            continue
        if item is not None:
            buckets[week].append(item)
    if errors:
        raise ImportRefused(errors[:50] + ([_("…and more.")] if len(errors) > 50 else []))
    compute = COMPUTE[kpi.key]
    result = WeeklyValues()
    for week, items in sorted(buckets.items()):
        value = compute(items)
        if value is not None:
            result.values[week] = (round(value, 2), len(items))
    if not result.values:
        raise ImportRefused([_("No row gave a value for this metric.")])
    return result


def _score_row(
    kpi: KPI, row: dict[str, str], zone: zoneinfo.ZoneInfo
) -> tuple[dt.date, int | None]:
    day = _parse_day(row["date"], zone)
    text = row["score"]
    if text == "" and kpi.key == "csat":
        return week_start(day), None  # unrated: excluded
    try:
        score = int(text)
    except ValueError:
        raise ValueError(_("score “%(value)s” is not a whole number") % {"value": text}) from None
    low, high = SCORE_RANGES[kpi.key]
    if not low <= score <= high:
        raise ValueError(
            _("score %(value)s is outside %(low)s-%(high)s")
            % numbers({"value": score, "low": low, "high": high})
        )
    return week_start(day), score


def _ticket_row(
    kpi: KPI, row: dict[str, str], zone: zoneinfo.ZoneInfo
) -> tuple[dt.date, bool | str | float | None]:
    try:
        created = _parse_moment(row["created_at"], zone)
    except ValueError:
        raise ValueError(
            _("created_at “%(value)s” is not a date and time") % {"value": row["created_at"]}
        ) from None
    week = week_start(created.astimezone(zone).date())
    if kpi.key == "sla":
        flag = row["sla_met"].lower()
        if flag not in TRUE | FALSE:
            raise ValueError(
                _("sla_met must be yes or no, not “%(value)s”") % {"value": row["sla_met"]}
            )
        return week, flag in TRUE
    if kpi.key == "repeat_contact":
        return week, row["customer"] or None
    column = TICKET_COLUMNS[kpi.key][0]
    if not row[column]:
        return week, None  # not answered / not resolved yet: excluded
    try:
        end = _parse_moment(row[column], zone)
    except ValueError:
        raise ValueError(
            _("%(column)s “%(value)s” is not a date and time")
            % {"column": column, "value": row[column]}
        ) from None
    if end < created:
        raise ValueError(_("%(column)s is before created_at") % {"column": column})
    return week, _hours(created, end)


def _cost_row(
    kpi: KPI, row: dict[str, str], zone: zoneinfo.ZoneInfo
) -> tuple[dt.date, tuple[float, int]]:
    day = _parse_day(row["date"], zone)
    try:
        cost, contacts = float(row["cost"]), int(row["contacts"])
    except ValueError:
        raise ValueError(_("cost must be a number and contacts a whole number")) from None
    if not math.isfinite(cost) or cost > MAX_COST or contacts > MAX_CONTACTS:
        # "nan", "inf" or 1e308 would make the week's value one no chart or JSON can hold.
        raise ValueError(_("cost or contacts is not a usable amount"))
    if cost < 0 or contacts < 0:
        raise ValueError(_("cost and contacts cannot be negative"))
    return week_start(day), (cost, contacts)


def _parse_day(value: str, zone: zoneinfo.ZoneInfo) -> dt.date:
    try:
        if len(value) > 10:
            return _parse_moment(value, zone).astimezone(zone).date()
        day = dt.date.fromisoformat(value)
        _check_year(day.year)
        return day
    except ValueError:
        raise ValueError(
            _("date “%(value)s” is not a date like 2026-03-14") % {"value": value}
        ) from None


def _costs(items: list[tuple[float, int]]) -> float | None:
    return formulas.cost_per_contact(sum(c for c, _n in items), sum(n for _c, n in items))


COMPUTE: dict[str, Callable[[list], float | None]] = {
    "nps": formulas.nps,
    "enps": formulas.nps,
    "csat": formulas.csat,
    "ces": formulas.ces,
    "frt_median": formulas.median,
    "resolution_median": formulas.median,
    "frt_p90": lambda hours: formulas.percentile(hours, 90),
    "resolution_p90": lambda hours: formulas.percentile(hours, 90),
    "sla": formulas.sla_attainment,
    "repeat_contact": formulas.repeat_contact_rate,
    "cost_per_contact": _costs,
}
