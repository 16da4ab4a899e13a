from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language, pgettext

from ..core import forms
from ..core.i18n import (
    format_date,
    format_datetime,
    format_measure,
    format_number,
    format_percent,
    format_time,
    format_unit,
)

register = template.Library()


@register.filter
def ldate(value: dt.date | dt.datetime | None, style: str = "medium") -> str:
    """``{{ task_date|ldate:"short" }}``: the reader's calendar and digits."""
    return format_date(value, style)


@register.filter
def ltime(value: dt.time | dt.datetime | None) -> str:
    """``{{ event.created_at|ltime }}``: "14:05" in the plan's time, the reader's digits."""
    return format_time(value)


@register.filter
def ldatetime(value: dt.datetime | None, style: str = "medium") -> str:
    """``{{ event.created_at|ldatetime }}``: the date and the time, as the reader writes them."""
    return format_datetime(value, style)


@register.filter
def digits(value: object) -> str:
    """Persian digits on Persian pages, as they are elsewhere."""
    return format_number(value)


@register.filter
def number(value: object, arg: str = "-1") -> str:
    """``{{ tile.latest|number:"-1" }}``: Django's floatformat, in the reader's digits."""
    return format_number(floatformat(value, arg))


@register.filter
def measure(value: object) -> str:
    """``{{ week.value|measure }}``: a measured value as people write it, two decimals at
    most and no trailing zeros ("81.2", "1.25", "80"; "81,2" in Russian), in the reader's
    digits. floatformat's "-2" would write "81.20" beside a tile's "81.2"."""
    return format_measure(value)


@register.simple_tag
def number_input_type() -> str:
    """A hand-written number box as Django's (``LocalNumberInput``) draws it: a text box on
    Persian pages, so ``min``/``max``/``step`` only when it is a number box::

        {% number_input_type as box %}<input type="{{ box }}" dir="ltr"{% if box == "number" %} min="0"{% endif %}>
    """
    return forms.number_input_type()


@register.filter
def percent(value: object) -> str:
    """``{{ 60|percent }}``: "60%", or "۶۰٪" on Persian pages."""
    return format_percent(value)


@register.filter
def unit(value: object) -> str:
    """``{{ tile.unit|unit }}``: a metric's unit, "٪" for "%" on Persian pages."""
    return format_unit(str(value))


@register.filter
def listing(values: Iterable[object]) -> str:
    """``{{ names|listing }}``: "a, b" joined with the reader's comma («a، b» in Persian).

    For plain text only (it is escaped as a whole); names in ``<bdi>`` use a loop.
    """
    return pgettext("list separator", ", ").join(str(value) for value in values)


@register.filter
def mid_sentence(value: object) -> str:
    """A weekday's name inside a sentence: «каждый понедельник» in Russian, whose lists write
    «Понедельник»; English keeps "Monday" (a proper noun) and Persian has no capitals."""
    text = str(value)
    if (get_language() or "").startswith("ru"):
        return text[:1].lower() + text[1:]
    return text
