from __future__ import annotations

import datetime as dt

from django import template

from ..core.i18n import format_date, format_number

register = template.Library()


@register.filter
def ldate(value: dt.date | dt.datetime | None, style: str = "medium") -> str:
    """``{{ task_date|ldate:"short" }}``: the reader's calendar and digits."""
    return format_date(value, style)


@register.filter
def digits(value: object) -> str:
    """Persian digits on Persian pages, as they are elsewhere."""
    return format_number(value)
