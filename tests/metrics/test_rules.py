import datetime as dt
from typing import Any

from metrics.rules import expected_value, on_track, range_error
from onboarding.core.calendar import week_start


def test_weeks_start_on_monday():
    assert week_start(dt.date(2026, 11, 22)) == dt.date(2026, 11, 16)  # a Sunday
    assert week_start(dt.date(2026, 11, 16)) == dt.date(2026, 11, 16)


def test_expected_value_moves_in_a_straight_line():
    assert expected_value(baseline=60, baseline_day=0, target=80, target_day=100, day=50) == 70
    assert expected_value(baseline=60, baseline_day=0, target=80, target_day=100, day=120) == 80
    assert expected_value(baseline=60, baseline_day=10, target=80, target_day=100, day=5) == 60


def test_on_track_respects_the_direction():
    common: dict[str, Any] = {
        "baseline": 20.0,
        "baseline_day": 0,
        "target": 10.0,
        "target_day": 100,
        "day": 50,
    }
    # Lower is better: expected 15 on day 50.
    assert on_track(direction="lower", latest=14.0, **common) is True
    assert on_track(direction="lower", latest=16.0, **common) is False
    assert on_track(direction="lower", latest=None, **common) is None
    assert (
        on_track(
            direction="higher",
            latest=50.0,
            baseline=None,
            baseline_day=None,
            target=None,
            target_day=None,
            day=5,
        )
        is None
    )


def test_range_error_names_the_range():
    assert range_error(-100, 100, 120) == "This metric runs from -100 to 100."
    assert range_error(0, None, -1) == "This metric runs from 0 to ∞."
    assert range_error(0, 100, 50) is None
