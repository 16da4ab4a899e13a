"""The plan's tasks as an iCalendar feed (all-day events)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from onboarding.models import Plan

from .calendar_events import CalendarEntry
from .models import Task, TaskStatus


def plan_calendar(
    plan: Plan, tasks: Iterable[Task], entries: Iterable[CalendarEntry] = ()
) -> bytes:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//First 100 Days//roadmap//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", plan.title)
    calendar.add("x-wr-timezone", plan.timezone)
    stamp = timezone.now()
    for task in tasks:
        event = Event()
        event.add("uid", f"task-{task.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", task.updated_at)
        event.add("sequence", task.version)
        prefix = "✓ " if task.status == TaskStatus.DONE else ""
        event.add("summary", f"{prefix}{task.title}")
        event.add(
            "description", f"{task.phase.name} · {task.get_status_display()}\n\n{task.description}"
        )
        event.add("dtstart", plan.date_of_day(task.start_day))
        # All-day events end on the day after their last day.
        event.add("dtend", plan.date_of_day(task.end_day) + dt.timedelta(days=1))
        if task.status == TaskStatus.SKIPPED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("sequence", entry.sequence)
        event.add("summary", entry.summary)
        if entry.description:
            event.add("description", entry.description)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        calendar.add_component(event)
    return calendar.to_ical()
