"""The quick-win rules, without a database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from roadmap.quick_wins.models import QuickWinStatus
from roadmap.quick_wins.rules import (
    COMMITTED_STATUSES,
    check_day,
    check_progress,
    check_score,
    check_status,
    commitment_warning,
    is_committed,
    progress_for_status,
)


@pytest.mark.parametrize(
    ("day", "committed", "warn"),
    [
        (10, 0, False),  # still assessing: too early to warn
        (24, 1, False),
        (25, 1, True),  # the warning starts on day 25
        (25, 2, False),
        (40, 0, True),
        (90, 3, False),
    ],
)
def test_commitment_warning_from_day_25_below_two(day, committed, warn):
    assert commitment_warning(day, committed) is warn


def test_committed_means_chosen_to_deliver_even_if_blocked_or_done():
    assert set(COMMITTED_STATUSES) == {"committed", "in_progress", "blocked", "done"}
    assert not is_committed(QuickWinStatus.PROPOSED)
    assert not is_committed(QuickWinStatus.DROPPED)


@pytest.mark.parametrize("status", ["blocked", "dropped"])
def test_blocked_and_dropped_need_a_reason(status):
    with pytest.raises(ValidationError) as error:
        check_status(status, "   ")
    assert "note" in error.value.message_dict
    check_status(status, "Waiting for the CRM licence")


def test_unknown_status_and_long_reasons_are_refused():
    with pytest.raises(ValidationError, match="Unknown status"):
        check_status("finished", "")
    with pytest.raises(ValidationError, match="under 500"):
        check_status("blocked", "x" * 501)


def test_done_means_all_of_it():
    assert progress_for_status("done", 40) == 100
    assert progress_for_status("in_progress", 40) == 40
    with pytest.raises(ValidationError):
        check_progress(60, "done")
    check_progress(100, "done")


@pytest.mark.parametrize("value", [-1, 101, 140])
def test_progress_is_a_percentage(value):
    with pytest.raises(ValidationError, match="0 to 100"):
        check_progress(value, "in_progress")


def test_scores_and_days():
    check_score(None, "impact")
    check_score(5, "impact")
    with pytest.raises(ValidationError):
        check_score(6, "effort")
    check_day(-10)
    check_day(100)
    with pytest.raises(ValidationError, match="-10 to 100"):
        check_day(101)
