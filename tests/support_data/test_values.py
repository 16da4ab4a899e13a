"""Cells as each tool writes them: dates, durations, SLA marks, satisfaction, scores."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import zoneinfo

import pytest

from metrics.support_data.errors import ValueProblem
from metrics.support_data.values import (
    Naive,
    Unit,
    header_zone,
    jira_sla_met,
    parse_datetime,
    parse_duration,
    parse_satisfaction,
    parse_score,
    parse_signed_duration,
    requester_key,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "naive", "expected"),
    [
        ("2026-11-30 09:05:00", Naive.LOCAL, utc(2026, 11, 30, 8, 5)),  # Zendesk, Freshdesk
        ("2026-11-30T09:05:00Z", Naive.LOCAL, utc(2026, 11, 30, 9, 5)),  # ISO with zone wins
        ("2026-11-30T09:05:00-05:00", Naive.LOCAL, utc(2026, 11, 30, 14, 5)),
        ("30/Nov/26 9:05 AM", Naive.LOCAL, utc(2026, 11, 30, 8, 5)),  # Jira
        ("30/Nov/26 12:05 AM", Naive.LOCAL, utc(2026, 11, 29, 23, 5)),
        ("01/dic/26 23:00", Naive.LOCAL, utc(2026, 12, 1, 22, 0)),  # Jira in Spanish
        ("30/Nov/26 9:05 PM", Naive.LOCAL, utc(2026, 11, 30, 20, 5)),
        ("2026-11-30 09:05:00", Naive.UTC, utc(2026, 11, 30, 9, 5)),  # Typeform
        ("11/30/2026 09:05:00 AM", Naive.LOCAL, utc(2026, 11, 30, 8, 5)),  # SurveyMonkey
        ("30.11.2026 09:05", Naive.LOCAL, utc(2026, 11, 30, 8, 5)),
        ("1796029200", Naive.UNIX, utc(2026, 11, 30, 9, 0)),  # Delighted
    ],
)
def test_timestamps(text, naive, expected):
    assert parse_datetime(text, zone=BERLIN, naive=naive) == expected


def test_numeric_dates_are_month_first_unless_told_or_impossible():
    assert parse_datetime("03/04/2026 10:00", zone=BERLIN) == utc(2026, 3, 4, 9, 0)
    assert parse_datetime("03/04/2026 10:00", zone=BERLIN, day_first=True) == utc(2026, 4, 3, 8, 0)
    assert parse_datetime("13/04/2026 10:00", zone=BERLIN) == utc(2026, 4, 13, 8, 0)


def test_excel_datetimes_take_the_plan_zone():
    assert parse_datetime(dt.datetime(2026, 7, 1, 12, 0), zone=BERLIN) == utc(2026, 7, 1, 10, 0)


@pytest.mark.parametrize("text", ["yesterday", "31/31/2026 10:00", "2026-13-01", "30/Foo/26 9:05"])
def test_unreadable_timestamps_raise(text):
    with pytest.raises(ValueProblem):
        parse_datetime(text, zone=BERLIN)


@pytest.mark.parametrize(
    ("text", "naive"),
    [
        ("0001-01-01 00:00:00", Naive.LOCAL),
        ("9999-12-31 23:00:00", Naive.LOCAL),
        ("1970-01-01", Naive.LOCAL),
        ("0", Naive.UNIX),
        ("99999999999", Naive.UNIX),
    ],
)
def test_timestamps_decades_away_are_typing_mistakes(text, naive):
    with pytest.raises(ValueProblem) as problem:
        parse_datetime(text, zone=BERLIN, naive=naive)
    assert "years from today" in str(problem.value.reason)


def test_empty_cells_are_none():
    assert parse_datetime("  ", zone=BERLIN) is None
    assert parse_duration("", Unit.MINUTES) is None
    assert parse_satisfaction("") is None


@pytest.mark.parametrize(
    ("text", "unit", "hours"),
    [
        ("90", Unit.MINUTES, 1.5),
        ("1,5", Unit.HOURS, 1.5),
        ("5400", Unit.SECONDS, 1.5),
        ("01:30:00", Unit.HMS, 1.5),
        ("27:15:00", Unit.HMS, 27.25),
        ("1:30", Unit.HMS, 1.5),
        ("1h 30m", Unit.JIRA, 1.5),
        ("2d 4h", Unit.JIRA, 52),
        ("45m", Unit.JIRA, 0.75),
    ],
)
def test_durations_in_hours(text, unit, hours):
    assert parse_duration(text, unit) == pytest.approx(hours)


def test_jira_leading_minus_is_a_breach_and_keeps_its_sign():
    assert parse_signed_duration("-1h 30m", Unit.JIRA) == pytest.approx(-1.5)
    assert jira_sla_met("-1h 30m") is False
    assert jira_sla_met("-0h 20m") is False
    assert jira_sla_met("2h 15m") is True
    assert jira_sla_met("") is None


@pytest.mark.parametrize("text", ["-30", "abc", "1:75:00", "1h ten"])
def test_bad_or_negative_elapsed_durations_raise(text):
    unit = Unit.JIRA if "h" in text else Unit.HMS if ":" in text else Unit.MINUTES
    with pytest.raises(ValueProblem):
        parse_duration(text, unit)


@pytest.mark.parametrize(
    ("text", "good"),
    [
        ("Good", True),
        ("Bad", False),
        ("Offered", None),
        ("Not Offered", None),
        ("5", True),
        ("4", True),
        ("3", False),
        ("1", False),
        ("Awesome", True),
        ("Not Good", False),
        ("Neutral", False),
    ],
)
def test_satisfaction_scales(text, good):
    assert parse_satisfaction(text) is good


def test_unknown_satisfaction_raises():
    with pytest.raises(ValueProblem):
        parse_satisfaction("7")


def test_scores_with_labels_and_range():
    assert parse_score("10 - Extremely likely", 0, 10) == 10
    assert parse_score("9.0", 0, 10) == 9
    assert parse_score("", 0, 10) is None
    with pytest.raises(ValueProblem):
        parse_score("11", 0, 10)
    with pytest.raises(ValueProblem):
        parse_score("0", 1, 5)


def test_header_zone():
    assert header_zone("Conversation started at (America/New_York)") == (
        "Conversation started at",
        "America/New_York",
    )
    assert header_zone("Start Date (UTC)") == ("Start Date", "UTC")
    assert header_zone("First response time (seconds)") == ("First response time (seconds)", None)
    assert header_zone("Started (Mars/Olympus)") == ("Started (Mars/Olympus)", None)


def test_requester_key_hides_the_email_and_ignores_case():
    key = requester_key(" Ana@Example.com ", b"plan-7")
    assert key == requester_key("ana@example.com", b"plan-7")
    assert key is not None and "ana" not in key and "@" not in key
    assert key != requester_key("ana@example.com", b"plan-8")
    assert requester_key("", b"plan-7") is None


def test_requester_key_stays_the_one_stored_by_earlier_imports():
    """Stored tickets keep their keys: a re-upload must compute the same ones to line up."""
    stored = hmac.new(b"plan-7", b"ana@example.com", hashlib.sha256).hexdigest()[:20]
    assert requester_key("Ana@Example.com", b"plan-7") == stored
