"""The quick-win pages and updates run in a fixed number of queries."""

from __future__ import annotations

import pytest

from roadmap.quick_wins import services
from roadmap.quick_wins.models import QuickWinEvent
from tests.quick_wins.helpers import make_quick_win
from tests.support import BASE  # savepoint + release, session, user, membership

pytestmark = [pytest.mark.django_db]

CARDS = 3  # quick wins with owner, team annotation, then team and milestones
BOARD_QUERIES = BASE + CARDS
MINE_QUERIES = BASE + CARDS + 1  # + the open team pulse they may still answer
DETAIL_QUERIES = BASE + CARDS + 1  # + the history with its people
CHART_QUERIES = BASE + 1
# The update: load the quick win (1), the service's savepoint, conditional
# UPDATE, history INSERT and release (4), then the card the response swaps:
# the saved quick win is current, so only its team and milestones are read (2).
SAVED_CARD = 2
STATUS_ON_MY_PAGE = BASE + 1 + 4 + SAVED_CARD
# On the board: + the card after it in its column and the column counts (2).
STATUS_ON_BOARD = BASE + 1 + 4 + SAVED_CARD + 2
DONE_ON_BOARD = STATUS_ON_BOARD + 1  # + the team's names for the drafted announcement


def populate(world, count):
    for n in range(count):
        quick_win = make_quick_win(
            world, title=f"Quick win {n}", team=["manager"] if n % 2 else [], impact=1 + n % 5
        )
        services.milestone_add(
            quick_win=quick_win, user=world.manager, title=f"M{n}", target_day=30
        )
        if n % 3 == 0:
            services.quick_win_set_status(
                quick_win=quick_win, user=world.manager, status="committed"
            )


@pytest.fixture(params=[2, 25], ids=["small", "large"])
def sized(request, world):
    populate(world, request.param)
    return world


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("", BOARD_QUERIES),
        ("mine/", MINE_QUERIES),
        ("chart/", CHART_QUERIES),
    ],
)
def test_pages_do_not_grow_with_the_plan(
    client_for, sized, django_assert_num_queries, path, queries
):
    client = client_for(sized.member)
    page_url = f"/plans/{sized.plan.pk}/quick-wins/{path}"
    client.get(page_url)  # settles the session
    with django_assert_num_queries(queries):
        response = client.get(page_url)
    assert response.status_code == 200


def test_detail_does_not_grow_with_the_history(client_for, sized, django_assert_num_queries):
    quick_win = sized.plan.quick_wins.first()
    for progress in range(0, 60, 5):
        services.quick_win_set_progress(
            quick_win=quick_win, user=sized.member, progress=progress, note=f"At {progress}"
        )
    client = client_for(sized.manager)
    page_url = f"/plans/{sized.plan.pk}/quick-wins/{quick_win.pk}/"
    client.get(page_url)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(page_url)
    assert response.content.decode().count('class="qw-event ') == quick_win.events.count()


@pytest.mark.parametrize(
    ("target", "status", "queries"),
    [
        ("my-quick-win-{pk}", "in_progress", STATUS_ON_MY_PAGE),
        ("quick-win-item-{pk}", "in_progress", STATUS_ON_BOARD),
        ("quick-win-item-{pk}", "done", DONE_ON_BOARD),
    ],
)
def test_a_status_update_is_a_fixed_handful_of_queries_with_its_history(
    client_for, sized, django_assert_num_queries, target, status, queries
):
    quick_win = make_quick_win(sized, title="Measured", team=["manager"])
    client = client_for(sized.member)
    client.get(f"/plans/{sized.plan.pk}/quick-wins/mine/")
    with django_assert_num_queries(queries) as captured:
        response = client.post(
            f"/plans/{sized.plan.pk}/quick-wins/{quick_win.pk}/status/",
            {"status": status, "version": quick_win.version},
            headers={"HX-Request": "true", "HX-Target": target.format(pk=quick_win.pk)},
        )
    assert response.status_code == 200
    assert QuickWinEvent.objects.filter(quick_win=quick_win, kind="status").count() == 1
    # The history row is written between the service's savepoint and its release,
    # i.e. in the same transaction as the change itself.
    sql = [q["sql"] for q in captured.captured_queries]
    update = next(i for i, s in enumerate(sql) if s.startswith("UPDATE") and "quickwin" in s)
    insert = next(i for i, s in enumerate(sql) if s.startswith("INSERT") and "quickwinevent" in s)
    release = next(i for i, s in enumerate(sql) if i > insert and s.startswith("RELEASE"))
    savepoint = max(i for i, s in enumerate(sql) if i < update and s.startswith("SAVEPOINT"))
    assert savepoint < update < insert < release
