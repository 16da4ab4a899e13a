from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

PLAN_START = dt.date(2026, 3, 1)  # the start of tests.factories.make_plan
DAY = 20  # a Saturday, while assessing and planning


def at_day(day: int) -> dt.datetime:
    return dt.datetime.combine(PLAN_START + dt.timedelta(days=day), dt.time(12), tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _on_day_20():
    """Weeks, months and days of the tools depend on the date: pin it."""
    with time_machine.travel(at_day(DAY), tick=True):
        yield


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield
