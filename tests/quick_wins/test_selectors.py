"""Reads for the dashboard and the pages."""

from __future__ import annotations

import pytest

from roadmap.quick_wins import services
from roadmap.quick_wins.selectors import my_quick_wins, quick_win_board, quick_win_summary
from tests.quick_wins.helpers import make_quick_win

pytestmark = pytest.mark.django_db


def set_status(world, quick_win, status, note=""):
    services.quick_win_set_status(quick_win=quick_win, user=world.manager, status=status, note=note)


def test_summary_counts_committed_done_blocked_and_overdue_milestones(
    world, django_assert_num_queries
):
    proposed = make_quick_win(world, title="Idea")
    committed = make_quick_win(world, title="Committed", target_day=30)
    blocked = make_quick_win(world, title="Blocked", target_day=60)
    done = make_quick_win(world, title="Done")
    dropped = make_quick_win(world, title="Dropped")
    set_status(world, committed, "committed")
    set_status(world, blocked, "blocked", "Waiting for IT")
    set_status(world, done, "done")
    set_status(world, dropped, "dropped", "Too big")
    for quick_win, day in [(committed, 25), (committed, 35), (blocked, 28), (dropped, 20)]:
        services.milestone_add(quick_win=quick_win, user=world.manager, title="m", target_day=day)
    ticked = services.milestone_add(
        quick_win=blocked, user=world.manager, title="ticked", target_day=21
    )
    services.milestone_set_done(milestone=ticked, user=world.manager, done=True)
    services.milestone_add(quick_win=proposed, user=world.manager, title="m", target_day=5)

    with django_assert_num_queries(1):
        summary = quick_win_summary(world.plan, 32)

    assert summary.counts_by_status == {
        "proposed": 1,
        "committed": 1,
        "in_progress": 0,
        "blocked": 1,
        "done": 1,
        "dropped": 1,
    }
    assert [qw.title for qw in summary.committed] == ["Committed", "Done", "Blocked"]
    assert summary.committed_count == 3
    assert summary.done_count == 1
    # Open and past day 32, on quick wins being delivered: committed's day 25, blocked's 28.
    assert summary.overdue_milestones == 2
    assert [qw.title for qw in summary.blocked] == ["Blocked"]
    assert summary.blocked[0].status_reason == "Waiting for IT"
    assert [qw.title for qw in summary.overdue] == ["Committed"]  # target day 30 < 32
    assert [qw.title for qw in summary.to_announce] == ["Done"]
    assert summary.needs_commitment_warning is False
    assert summary.total == 5


@pytest.mark.parametrize(
    ("day", "committed", "warn"), [(24, 0, False), (25, 1, True), (25, 2, False), (60, 0, True)]
)
def test_summary_warns_from_day_25_while_fewer_than_two_are_committed(world, day, committed, warn):
    for n in range(committed):
        set_status(world, make_quick_win(world, title=f"QW {n}"), "in_progress")
    set_status(world, make_quick_win(world, title="Dropped"), "dropped", "No")
    make_quick_win(world, title="Proposed")
    summary = quick_win_summary(world.plan, day)
    assert summary.committed_count == committed
    assert summary.needs_commitment_warning is warn


def test_summary_of_a_plan_without_quick_wins(world):
    summary = quick_win_summary(world.plan, 30)
    assert summary.total == 0
    assert summary.committed == [] and summary.blocked == []
    assert summary.needs_commitment_warning is True


def test_the_board_and_my_quick_wins_see_only_their_plan(world):
    make_quick_win(world, title="Ours")
    services.quick_win_create(
        plan=world.other_plan, user=world.other_manager, title="Theirs", problem="x", target_day=40
    )
    board = quick_win_board(world.plan, world.manager)
    titles = [card.title for column in board.columns for card in column.cards]
    assert titles == ["Ours"]
    assert board.columns[0].status == "proposed"
    assert [qw.title for qw in my_quick_wins(world.plan, world.member).active] == ["Ours"]
    assert my_quick_wins(world.plan, world.executive).active == []
