"""Weeks in the plan's zone (Monday start, across DST), row errors, and a property check."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.support_data import Options, read_tickets

from .helpers import csv_bytes, monday

ZENDESK = (
    "Id,Requester email,Via,Group,Created at,Solved at,First reply time in minutes,"
    "Full resolution time in minutes,Satisfaction Score,Reopens"
)
FRESHDESK = (
    "Ticket ID,Source,Created time,Initial response time,Resolved time,"
    "First response time (in hrs),Resolution time (in hrs),Resolution status,Email"
)


def test_sunday_2330_local_belongs_to_the_week_that_ends_that_sunday():
    data = csv_bytes(ZENDESK, "1,a@x.com,Mail,S,2026-12-06 23:30:00,,10,,,0")
    result = read_tickets(data, Options(zone="America/Los_Angeles"))
    assert result.records[0].created == "2026-12-07T07:30:00+00:00"  # Monday in UTC
    assert [w.week for w in result.weeks] == [monday(2026, 11, 30)]
    in_utc = read_tickets(data, Options(zone="UTC"))
    assert [w.week for w in in_utc.weeks] == [monday(2026, 11, 30)]
    assert in_utc.records[0].created == "2026-12-06T23:30:00+00:00"


def test_weeks_across_the_autumn_dst_change_in_berlin():
    # Clocks go back at 03:00 on Sunday 25 October 2026.
    data = csv_bytes(
        FRESHDESK,
        # Monday 19 Oct 00:15 CEST is Sunday 18 Oct 22:15 UTC: still Berlin's week of the 19th
        "1,Email,2026-10-19 00:15:00,2026-10-19 01:15:00,,,,,a@x.com",
        # 01:30 CEST -> 03:30 CET on the night of the change is three hours, not two
        "2,Email,2026-10-25 01:30:00,,2026-10-25 03:30:00,,,,b@x.com",
        # Sunday 25 Oct 23:30 CET is 22:30 UTC: the same week
        "3,Email,2026-10-25 23:30:00,2026-10-26 00:30:00,,,,,c@x.com",
        # Monday 26 Oct 00:30 CET: the next week
        "4,Email,2026-10-26 00:30:00,2026-10-26 02:30:00,,,,,d@x.com",
    )
    result = read_tickets(data, Options(zone="Europe/Berlin"))
    assert result.rows_skipped == 0
    by_week = {w.week: w.values for w in result.weeks}
    assert set(by_week) == {monday(2026, 10, 19), monday(2026, 10, 26)}
    assert by_week[monday(2026, 10, 19)]["tickets"] == 3
    assert by_week[monday(2026, 10, 19)]["resolution_median"] == pytest.approx(3)
    assert by_week[monday(2026, 10, 19)]["frt_median"] == pytest.approx(1)
    assert by_week[monday(2026, 10, 26)]["frt_median"] == pytest.approx(2)


def test_weeks_across_the_spring_dst_change_in_berlin():
    # Clocks go forward at 02:00 on Sunday 29 March 2026; 23:30 CEST is 21:30 UTC.
    data = csv_bytes(
        FRESHDESK,
        "1,Email,2026-03-29 23:30:00,2026-03-30 00:30:00,,,,,a@x.com",
        "2,Email,2026-03-29 01:30:00,2026-03-29 03:30:00,,,,,b@x.com",
    )
    result = read_tickets(data, Options(zone="Europe/Berlin"))
    assert [w.week for w in result.weeks] == [monday(2026, 3, 23)]
    assert result.weeks[0].values["tickets"] == 2
    # 01:30 CET -> 03:30 CEST is one hour by the clock on the wall
    assert sorted(r.first_reply_hours or 0 for r in result.records) == pytest.approx([1, 1])


def test_rows_with_bad_dates_or_durations_are_listed_by_line_and_skipped():
    data = csv_bytes(
        ZENDESK,
        '1,a@x.com,Mail,S,2026-11-30 09:00:00,,"60",,Good,0',
        "2,b@x.com,Mail,S,yesterday,,60,,Good,0",
        '3,c@x.com,"Web\nform",S,2026-11-30 10:00:00,,sixty,,Good,0',
        "4,d@x.com,Mail,S,2026-11-30 11:00:00,2026-11-30 10:00:00,30,,Bad,0",
        "5,e@x.com,Mail,S,2026-11-30 12:00:00,,30,,Good,-1",
        ",f@x.com,Mail,S,2026-11-30 12:00:00,,30,,Good,0",
        "7,g@x.com,Mail,S,,,30,,Good,0",
        "8,h@x.com,Mail,S,2026-11-30 12:00:00,,30,,Meh,0",
        "9,i@x.com,Mail,S,2026-11-30 13:00:00,,90,,Bad,1",
    )
    result = read_tickets(data, Options(zone="UTC"))
    found = [(e.line, e.column, e.value) for e in result.errors]
    assert found == [
        (3, "Created at", "yesterday"),
        (4, "First reply time in minutes", "sixty"),  # the row starting on line 4 spans 2 lines
        (6, "Solved at", "2026-11-30 10:00:00"),  # solved before it was created
        (7, "Reopens", "-1"),
        (8, "Id", ""),
        (9, "Created at", ""),
        (10, "Satisfaction Score", "Meh"),
    ]
    messages = [e.message for e in result.errors]
    assert "not a date and time" in messages[0]
    assert "not a duration" in messages[1]
    assert "before the ticket was created" in messages[2]
    assert "no ticket id" in messages[4]
    assert str(result.errors[0]).startswith("3: ")
    assert (result.rows_read, result.rows_used, result.rows_skipped) == (9, 2, 7)
    assert result.weeks[0].values["tickets"] == 2
    assert result.weeks[0].values["frt_median"] == pytest.approx(1.25)  # 60 and 90 minutes


def test_a_ticket_listed_twice_counts_once_with_its_later_row():
    data = csv_bytes(
        ZENDESK,
        "1,a@x.com,Mail,S,2026-11-30 09:00:00,,60,,Offered,0",
        "1,a@x.com,Mail,S,2026-11-30 09:00:00,,120,,Good,0",
    )
    result = read_tickets(data, Options(zone="UTC"))
    assert result.duplicates == 1
    assert result.rows_used == 1
    assert result.weeks[0].values["tickets"] == 1
    assert result.weeks[0].values["frt_median"] == 2


START = dt.datetime(2026, 3, 2, 0, 0)  # a Monday; the range crosses both DST changes
ticket = st.tuples(
    st.integers(min_value=0, max_value=300 * 24 * 60),  # minutes after START, local time
    st.integers(min_value=0, max_value=10_000),  # first reply minutes
    st.one_of(st.none(), st.integers(min_value=0, max_value=50_000)),  # resolution minutes
)


@settings(max_examples=60, deadline=None)
@given(tickets=st.lists(ticket, min_size=1, max_size=40))
def test_weekly_medians_equal_a_plain_computation(tickets):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ZENDESK.split(","))
    expected_frt: dict[dt.date, list[float]] = {}
    expected_resolution: dict[dt.date, list[float]] = {}
    for number, (offset, reply, resolution) in enumerate(tickets, start=1):
        created = START + dt.timedelta(minutes=offset)
        writer.writerow(
            [number, f"r{number}@x.com", "Mail", "S", created.strftime("%Y-%m-%d %H:%M:%S"),
             "", reply, "" if resolution is None else resolution, "", 0]
        )  # fmt: skip
        # the local date of a local wall-clock time is its own date: no zone arithmetic
        start = created.date() - dt.timedelta(days=created.weekday())
        expected_frt.setdefault(start, []).append(reply / 60)
        if resolution is not None:
            expected_resolution.setdefault(start, []).append(resolution / 60)
    result = read_tickets(out.getvalue().encode(), Options(zone="Europe/Berlin"))
    assert result.rows_skipped == 0
    assert {w.week for w in result.weeks} == set(expected_frt)
    for week in result.weeks:
        assert week.values["tickets"] == len(expected_frt[week.week])
        assert week.values["frt_median"] == pytest.approx(
            statistics.median(expected_frt[week.week])
        )
        resolutions = expected_resolution.get(week.week)
        if resolutions:
            assert week.values["resolution_median"] == pytest.approx(statistics.median(resolutions))
        else:
            assert week.values["resolution_median"] is None
