"""Two people saving the same quick win at once: the second never silently wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from onboarding.core.versioning import StaleVersion
from roadmap.quick_wins import services
from roadmap.quick_wins.models import QuickWin, QuickWinEvent
from tests.factories import make_world
from tests.quick_wins.helpers import make_quick_win


def race(*saves) -> list[str]:
    """Run the saves in threads, each in its own connection and transaction, all at once."""
    barrier = threading.Barrier(len(saves))
    outcomes: list[str] = []

    def run(save) -> None:
        try:
            barrier.wait()
            save()
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(save,)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_status_changes_lose_no_update_and_keep_one_history_row():
    world = make_world()
    quick_win = make_quick_win(world, owner="member", team=["manager"])
    version = quick_win.version

    def move(user, status, note):
        def save():
            services.quick_win_set_status(
                quick_win=QuickWin.objects.get(pk=quick_win.pk),
                user=user,
                status=status,
                note=note,
                expected_version=version,
            )

        return save

    outcomes = race(
        move(world.member, "blocked", "No CRM access"),
        move(world.manager, "dropped", "Not worth it"),
    )

    quick_win.refresh_from_db()
    assert sorted(outcomes) == ["saved", "stale"]
    assert quick_win.version == version + 1
    changes = list(QuickWinEvent.objects.filter(quick_win=quick_win, kind="status"))
    assert len(changes) == 1  # the loser left no trace: its transaction rolled back
    (change,) = changes
    # The quick win holds exactly what the history says the winner wrote.
    assert (quick_win.status, quick_win.status_reason) == (change.to_value, change.note)
    assert change.from_value == "proposed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_progress_reports_on_a_stale_page_are_refused():
    world = make_world()
    quick_win = make_quick_win(world, owner="member", team=["manager"])

    def report(user, progress):
        def save():
            services.quick_win_set_progress(
                quick_win=QuickWin.objects.get(pk=quick_win.pk),
                user=user,
                progress=progress,
                note=f"{progress}% from {user.username}",
                expected_version=1,
            )

        return save

    outcomes = race(
        *(report(world.member if n % 2 else world.manager, 10 * (n + 1)) for n in range(4))
    )

    quick_win.refresh_from_db()
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    assert quick_win.version == 2
    progress = QuickWinEvent.objects.get(quick_win=quick_win, kind="progress")
    note = QuickWinEvent.objects.get(quick_win=quick_win, kind="note")
    assert (progress.from_value, progress.to_value) == ("0", str(quick_win.progress))
    assert note.to_value == quick_win.note == f"{quick_win.progress}% from {note.actor.username}"  # type: ignore[union-attr]
