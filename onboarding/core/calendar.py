"""Weeks and months as the whole app counts them (plan-local dates, weeks start on Monday)."""

from __future__ import annotations

import datetime as dt


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week: metrics, digests and the habits check all count weeks so."""
    return day - dt.timedelta(days=day.weekday())


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
