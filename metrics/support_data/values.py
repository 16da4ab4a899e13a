"""Parse one cell: timestamps, durations, satisfaction and scores, as each tool writes them.

Every parser returns ``None`` for an empty cell and raises ``ValueProblem`` (with a message
for the user) for a cell it cannot read. Durations come back in hours; timestamps as aware
datetimes in UTC.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import re
import unicodedata
import zoneinfo
from enum import StrEnum
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import SANE_YEARS, is_sane_figure, is_sane_year

from .errors import ValueProblem
from .reading import Cell

UTC = dt.UTC


class Unit(StrEnum):
    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    HMS = "hh:mm:ss"  # Freshdesk: "HH:MM:SS" (hours may pass 24); a plain number is hours
    JIRA = "jira"  # "-1h 30m", "2d 4h", "45m"; a plain number is seconds


class Naive(StrEnum):
    """How to read a timestamp without an offset."""

    LOCAL = "local"  # in the caller's (the plan's) time zone
    UTC = "utc"  # the tool writes UTC
    HEADER = "header"  # the column's header names the zone
    UNIX = "unix"  # seconds since 1970 (Delighted)


def text_of(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- timestamps -------------------------------------------------------------------------------

_MONTHS = {
    # English, Spanish, German, French: full names and the abbreviations Jira writes.
    **dict.fromkeys(["jan", "january", "ene", "enero", "januar", "janv", "janvier", "jän"], 1),
    **dict.fromkeys(["feb", "february", "febrero", "februar", "févr", "fevr", "février"], 2),
    **dict.fromkeys(["mar", "march", "marzo", "mär", "märz", "mars"], 3),
    **dict.fromkeys(["apr", "april", "abr", "abril", "avr", "avril"], 4),
    **dict.fromkeys(["may", "mayo", "mai"], 5),
    **dict.fromkeys(["jun", "june", "junio", "juni", "juin"], 6),
    **dict.fromkeys(["jul", "july", "julio", "juli", "juil", "juillet"], 7),
    **dict.fromkeys(["aug", "august", "ago", "agosto", "août", "aout"], 8),
    **dict.fromkeys(["sep", "sept", "september", "septiembre", "septembre", "set"], 9),
    **dict.fromkeys(["oct", "october", "octubre", "okt", "oktober", "octobre"], 10),
    **dict.fromkeys(["nov", "november", "noviembre", "novembre"], 11),
    **dict.fromkeys(
        ["dec", "december", "dic", "diciembre", "dez", "dezember", "déc", "décembre"], 12
    ),
}
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?)?"
_NAMED_MONTH = re.compile(r"^(\d{1,2})[/\-. ]([^\W\d_]+)\.?[/\-. ](\d{2,4})" + _TIME + "$", re.I)
_NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})" + _TIME + "$", re.I)
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT|Z)$", re.I)


@lru_cache(maxsize=64)
def zone_named(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueProblem(_("“%(zone)s” is not a known time zone."), zone=name) from error


def header_zone(header: str) -> tuple[str, str | None]:
    """``"Conversation started at (America/New_York)"`` -> ``("Conversation started at", zone)``."""
    match = re.match(r"^(.*?)\s*\(([^()\s]+)\)\s*$", header)
    if not match:
        return header, None
    base, candidate = match.group(1), match.group(2)
    if "/" not in candidate and candidate.upper() not in {"UTC", "GMT"}:
        return header, None
    try:
        zone_named(candidate)
    except ValueProblem:
        return header, None
    return base, candidate


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _clock(hour: str | None, minute: str | None, second: str | None, half: str | None) -> dt.time:
    if hour is None:
        return dt.time()
    h, m, s = int(hour), int(minute or 0), int(second or 0)
    if half:
        pm = half.lower().startswith("p")
        if not 1 <= h <= 12:
            raise ValueError("hour out of range for AM/PM")
        h = (h % 12) + (12 if pm else 0)
    return dt.time(h, m, s)


def _naive_from_text(text: str, day_first: bool) -> tuple[dt.datetime, bool]:
    """The wall-clock time written, and whether the text itself said UTC/an offset."""
    explicit_utc = bool(_UTC_SUFFIX.search(text))
    cleaned = _UTC_SUFFIX.sub("", text) if explicit_utc else text
    try:
        parsed = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        pass
    else:
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC).replace(tzinfo=None), True
        return parsed, explicit_utc
    match = _NAMED_MONTH.match(cleaned)
    if match:
        day, month_name, year, *clock = match.groups()
        key = unicodedata.normalize("NFC", month_name.lower().rstrip("."))
        if key not in _MONTHS:
            raise ValueError(f"unknown month {month_name}")
        moment = dt.datetime.combine(dt.date(_year(year), _MONTHS[key], int(day)), _clock(*clock))
        return moment, explicit_utc
    match = _NUMERIC.match(cleaned)
    if match:
        first, separator, second, third, *clock = match.groups()
        if len(first) == 4:  # 2026/11/30
            year, month, day = int(first), int(second), int(third)
        else:
            a, b = int(first), int(second)
            dayfirst = day_first or separator == "." or a > 12
            if b > 12:
                dayfirst = False
            day, month = (a, b) if dayfirst else (b, a)
            year = _year(third)
        moment = dt.datetime.combine(dt.date(year, month, day), _clock(*clock))
        return moment, explicit_utc
    raise ValueError("no known date format")


def parse_datetime(
    value: Cell,
    *,
    zone: zoneinfo.ZoneInfo,
    naive: Naive = Naive.LOCAL,
    day_first: bool = False,
) -> dt.datetime | None:
    """An aware UTC datetime. ``zone`` applies to naive values unless ``naive`` says UTC/unix.

    (For ``Naive.HEADER`` the caller passes the header's zone as ``zone``.)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = text_of(value)
    try:
        if isinstance(value, dt.datetime):
            moment, is_utc = (
                (value.astimezone(UTC).replace(tzinfo=None), True)
                if value.tzinfo
                else (value, False)
            )
        elif isinstance(value, dt.date):
            moment, is_utc = dt.datetime.combine(value, dt.time()), False
        elif naive is Naive.UNIX:
            seconds = float(text)
            if not math.isfinite(seconds):
                raise ValueError("not finite")
            moment, is_utc = dt.datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None), True
        else:
            moment, is_utc = _naive_from_text(text, day_first)
    except (ValueError, OverflowError, OSError) as error:
        raise ValueProblem(
            _("“%(value)s” in “%(column)s” is not a date and time we can read.")
        ) from error
    if not is_sane_year(moment.year):
        raise ValueProblem(
            _("“%(value)s” in “%(column)s” is more than %(years)s years from today."),
            years=SANE_YEARS,
        )
    if is_utc or naive is Naive.UTC:
        return moment.replace(tzinfo=UTC)
    return moment.replace(tzinfo=zone).astimezone(UTC)


# --- durations -------------------------------------------------------------------------------

_JIRA_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(w|d|h|m|s)\b", re.I)
_JIRA_FACTORS = {"w": 7 * 24.0, "d": 24.0, "h": 1.0, "m": 1 / 60, "s": 1 / 3600}


def _number(text: str) -> float:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


_TOO_LARGE = _("“%(value)s” in “%(column)s” is too large to be a real figure.")


def parse_number(value: Cell) -> float | None:
    """A signed number ("12", "-3.5", "1,5"), or None for an empty cell."""
    text = text_of(value)
    if not text:
        return None
    if isinstance(value, bool):
        raise ValueProblem(_("“%(value)s” in “%(column)s” is not a number."))
    try:
        number = _number(text)
    except ValueError as error:
        raise ValueProblem(_("“%(value)s” in “%(column)s” is not a number.")) from error
    if not is_sane_figure(number):
        raise ValueProblem(_TOO_LARGE)
    return number


_UNREADABLE_DURATION = _("“%(value)s” in “%(column)s” is not a duration we can read.")
_HOURS_PER = {Unit.SECONDS: 1 / 3600, Unit.MINUTES: 1 / 60}  # a plain number's unit, in hours


def parse_signed_duration(value: Cell, unit: Unit) -> float | None:
    """Hours, keeping the sign (Jira writes overdue SLA time as "-1h 30m")."""
    hours = _signed_hours(value, unit)
    if hours is not None and not is_sane_figure(hours):
        raise ValueProblem(_TOO_LARGE)  # "6e301" minutes: no week's median can hold it
    return hours


def _signed_hours(value: Cell, unit: Unit) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 3600
    if isinstance(value, dt.time):  # an Excel cell formatted as a time of day
        return value.hour + value.minute / 60 + value.second / 3600
    text = text_of(value)
    if not text:
        return None
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-").strip()
    try:
        if unit is Unit.JIRA:
            parts = _JIRA_PART.findall(body)
            if parts and _JIRA_PART.sub("", body).strip() == "":
                return sign * sum(_number(n) * _JIRA_FACTORS[u.lower()] for n, u in parts)
            return sign * _number(body) / 3600
        if ":" in body:
            pieces = body.split(":")
            if len(pieces) not in (2, 3) or not all(p.strip().isdigit() for p in pieces):
                raise ValueError("not HH:MM[:SS]")
            hours, minutes, seconds = (int(p) for p in [*pieces, "0"][:3])
            if minutes >= 60 or seconds >= 60:
                raise ValueError("minutes or seconds over 59")
            return sign * (hours + minutes / 60 + seconds / 3600)
        number = _number(body)
    except ValueError as error:
        raise ValueProblem(_UNREADABLE_DURATION) from error
    return sign * number * _HOURS_PER.get(unit, 1.0)


def parse_duration(value: Cell, unit: Unit) -> float | None:
    """Hours, never negative (a negative elapsed time is an error in the row)."""
    hours = parse_signed_duration(value, unit)
    if hours is not None and hours < 0:
        raise ValueProblem(_("“%(value)s” in “%(column)s” is a negative duration."))
    return hours


# --- SLA, counts, flags ----------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "1", "met", "within sla", "achieved", "sí", "si", "ja", "oui"}
_FALSE = {"no", "n", "false", "0", "missed", "breached", "sla violated", "violated", "nein", "non"}


def parse_flag(value: Cell) -> bool | None:
    if isinstance(value, bool):
        return value
    text = text_of(value).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(_("“%(value)s” in “%(column)s” is neither yes nor no."))


def parse_count(value: Cell) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number < 0 or not number.is_integer():
        raise ValueProblem(_("“%(value)s” in “%(column)s” is not a count."))
    return int(number)


def jira_sla_met(value: Cell) -> bool | None:
    """Jira SLA cells hold the time left against the goal; a leading "-" means breached."""
    hours = parse_signed_duration(value, Unit.JIRA)
    if hours is None:
        return None
    return not text_of(value).startswith("-")


# --- satisfaction and survey scores ----------------------------------------------------------

_GOOD = {
    "good", "good with comment", "awesome", "happy", "satisfied", "very satisfied",
    "extremely satisfied", "great", "positive",
}  # fmt: skip
_BAD = {
    "bad", "bad with comment", "not good", "unhappy", "dissatisfied", "very dissatisfied",
    "extremely dissatisfied", "poor", "negative", "neutral", "ok", "okay",
}  # fmt: skip
_UNRATED = {"offered", "not offered", "unoffered", "none", "n/a", "-", "not rated", "unrated"}
_LEADING_INT = re.compile(r"^\s*(-?\d+)(?:\.0+)?(?:\s*[-–:/)]|\s|$)")


def parse_satisfaction(value: Cell) -> bool | None:
    """True for a good rating, False for a rated but not good one, None when unrated.

    Zendesk's Good/Bad (Offered / Not Offered are unrated); 1-5 ratings where 4-5 are good;
    the words Freshdesk's surveys use (neutral counts as rated, not good).
    """
    text = text_of(value)
    if not text:
        return None
    lowered = text.lower()
    if lowered in _GOOD:
        return True
    if lowered in _BAD:
        return False
    if lowered in _UNRATED:
        return None
    score = _leading_int(text)
    if score is not None and 1 <= score <= 5:
        return score >= 4
    raise ValueProblem(_("“%(value)s” in “%(column)s” is not a satisfaction rating we know."))


def _leading_int(text: str) -> int | None:
    match = _LEADING_INT.match(text)
    return int(match.group(1)) if match else None


def parse_score(value: Cell, low: int, high: int) -> int | None:
    """A survey answer on a ``low``-``high`` scale: "9", "9.0", "10 - Extremely likely"."""
    text = text_of(value)
    if not text:
        return None
    score = _leading_int(text)
    if score is None or not low <= score <= high:
        raise ValueProblem(
            _("“%(value)s” in “%(column)s” is not a score from %(low)s to %(high)s."),
            low=low,
            high=high,
        )
    return score


# --- requester key ---------------------------------------------------------------------------


def requester_key(value: Cell, secret: bytes) -> str | None:
    """A stable, keyed hash of the requester (e-mail, id or name): never the value itself.

    Pass the same ``secret`` for every upload of a plan, so re-uploads line up.
    """
    text = text_of(value).casefold()
    if not text:
        return None
    return hmac.digest(secret, text.encode(), "sha256").hex()[:20]  # one call, no HMAC object
