"""Dates and numbers the way each reader expects them.

Persian readers get the Jalali (Solar Hijri) calendar and Persian digits,
unless they chose Gregorian dates in their profile; Russian readers get
genitive month names ("22 ноября"); English readers "22 Nov 2026".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache

import jdatetime
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# Set per request by UserLanguageMiddleware from the user's profile.
prefers_gregorian: ContextVar[bool] = ContextVar("prefers_gregorian", default=False)


@contextmanager
def reading_as(
    language: str, *, gregorian: bool = False, zone: dt.tzinfo | None = None
) -> Iterator[None]:
    """Text written outside a request (an e-mail, a worker's message) as one reader's pages
    show it: their language and calendar, and times in ``zone`` (the plan's)."""
    token = prefers_gregorian.set(gregorian)
    try:
        with (
            translation.override(language),
            timezone.override(zone or timezone.get_current_timezone()),
        ):
            yield
    finally:
        prefers_gregorian.reset(token)


# style → Django date format, for languages on the Gregorian calendar.
GREGORIAN_FORMATS = {
    "en": {"short": "j M", "medium": "j M Y", "long": "l, j F Y", "numeric": "Y-m-d"},
    "ru": {"short": "j E", "medium": "j E Y", "long": "l, j E Y", "numeric": "d.m.Y"},
    "fa": {"short": "j F", "medium": "j F Y", "long": "l j F Y", "numeric": "Y/m/d"},
}
JALALI_FORMATS = {
    "short": "%-d %B",
    "medium": "%-d %B %Y",
    "long": "%A %-d %B %Y",
    "numeric": "%Y/%m/%d",
}


def persian_digits(text: str) -> str:
    return text.translate(PERSIAN_DIGITS)


def uses_jalali(language: str | None = None) -> bool:
    language = (language or translation.get_language() or "en")[:2]
    return language == "fa" and not prefers_gregorian.get()


def format_date(value: dt.date | dt.datetime | None, style: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    language = (translation.get_language() or "en")[:2]
    return _format_date(value, style, language, uses_jalali(language))


# A page shows the same few dates many times (a chart's weeks on every tile, a
# column of due dates): the text depends only on these four values.
@lru_cache(maxsize=4096)
def _format_date(value: dt.date, style: str, language: str, jalali: bool) -> str:
    if jalali:
        try:
            jalali_date = jdatetime.date.fromgregorian(date=value, locale="fa_IR")
        except (ValueError, OverflowError):
            # Before the Jalali calendar's year 1 (an old typing mistake kept in the
            # data): show the ISO date rather than break the page.
            return persian_digits(value.isoformat())
        pattern = JALALI_FORMATS.get(style, JALALI_FORMATS["medium"])
        # jdatetime has no "%-d"; strip the leading zero ourselves.
        text = jalali_date.strftime(pattern.replace("%-d", str(jalali_date.day)))
        return persian_digits(text)
    # Month names come from the active translation, which is ``language`` here.
    pattern = GREGORIAN_FORMATS.get(language, GREGORIAN_FORMATS["en"]).get(style, "j M Y")
    text = formats.date_format(value, pattern)
    return persian_digits(text) if language == "fa" else text


def persian_page() -> bool:
    return (translation.get_language() or "")[:2] == "fa"


def format_number(value: object) -> str:
    # Fractions take the language's decimal separator (3,5 in Russian); whole numbers stay plain.
    text = formats.localize(value) if isinstance(value, (float, Decimal)) else str(value)
    return persian_digits(text) if persian_page() else text


def format_measure(value: object) -> str:
    """A measured value as people write it: two decimals at most and no trailing zeros
    ("81.2", "1.25", "80"; "81,2" in Russian), in the reader's digits."""
    text = floatformat(value, -2)
    separator = formats.get_format("DECIMAL_SEPARATOR")
    if separator in text:
        text = text.rstrip("0").removesuffix(separator)
    return format_number(text)


def format_time(value: dt.time | dt.datetime | None) -> str:
    """ "14:05" in the current time zone, in the reader's digits."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_number(value.strftime("%H:%M"))


def format_datetime(value: dt.datetime | None, style: str = "medium") -> str:
    """ "22 Nov 2026, 14:05"; on Persian pages «۱ آذر ۱۴۰۵، ۱۴:۰۵»."""
    if value is None:
        return ""
    comma = "، " if persian_page() else ", "
    return f"{format_date(value, style)}{comma}{format_time(value)}"


def format_percent(value: object) -> str:
    """60 → "60%"; on Persian pages "۶۰٪" (the Arabic percent sign)."""
    return f"{persian_digits(str(value))}٪" if persian_page() else f"{value}%"


def format_unit(unit: str) -> str:
    """A metric's unit for the reader: "%" is "٪" on Persian pages; words stay as they are.

    Only for text people read: the charts get the unit as data (``data-unit="%"``).
    """
    return "٪" if unit == "%" and persian_page() else unit


def numbers(values: Mapping[str, object]) -> dict[str, object]:
    """A message's values with its numbers written for the reader.

    ``_("Line %(line)s is empty.") % numbers({"line": 12})`` reads «خط ۱۲ …» on a
    Persian page. Numbers only: text (a title someone typed) keeps its digits.
    Messages that use it take ``%(name)s`` rather than ``%(name)d``.
    """
    return {
        name: format_number(value)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }
