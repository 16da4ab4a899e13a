from __future__ import annotations

import datetime as dt

import pytest
import time_machine

PLAN_START = dt.date(2026, 3, 1)  # the start of tests.factories.make_plan
DAY = 20  # assessing and planning: before the day-25 commitment warning


def at_day(day: int) -> dt.datetime:
    return dt.datetime.combine(PLAN_START + dt.timedelta(days=day), dt.time(12), tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _on_day_20():
    """Quick wins are about days; pin the clock so "overdue" does not depend on the date."""
    with time_machine.travel(at_day(DAY), tick=True):
        yield
