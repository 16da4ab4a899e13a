"""Two saves of the same introduction, budget line or ranking at once: no silent loss."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from onboarding.core.versioning import StaleVersion
from roadmap.toolkit.budget.services import BudgetLineInput, budget_line_update
from roadmap.toolkit.challenges.services import challenge_move
from roadmap.toolkit.introduction.services import introduction_save
from roadmap.toolkit.models import BudgetLine, Challenge, SelfIntroduction
from tests.factories import make_world
from tests.toolkit.helpers import make_budget_line, make_challenge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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
        except Exception as error:  # a deadlock, say: the user would see an error page
            outcomes.append(f"failed: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(save,)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_tabs_saving_the_introduction_keep_one_version():
    world = make_world()
    introduction_save(plan=world.plan, user=world.manager, text="First words")

    def save(text):
        return lambda: introduction_save(
            plan=world.plan, user=world.manager, text=text, expected_version=2
        )

    assert sorted(race(save("From tab one"), save("From tab two"))) == ["saved", "stale"]
    introduction = SelfIntroduction.objects.get(plan=world.plan)
    assert introduction.version == 3
    assert list(introduction.versions.values_list("number", flat=True)) == [2, 1]
    assert introduction.versions.get(number=2).text == introduction.text


def test_two_edits_of_a_budget_line_are_not_both_saved():
    world = make_world()
    line = make_budget_line(world)

    def save(label):
        def run():
            budget_line_update(
                line=BudgetLine.objects.get(pk=line.pk),
                data=BudgetLineInput(category="people", label=label, amount=Decimal("1")),
                expected_version=1,
            )

        return run

    assert sorted(race(save("Mine"), save("Theirs"))) == ["saved", "stale"]
    line.refresh_from_db()
    assert line.version == 2 and line.label in {"Mine", "Theirs"}


def test_concurrent_moves_keep_the_ranks_unique_and_gap_free():
    world = make_world()
    items = [make_challenge(world, title=f"C{n}") for n in range(6)]

    def move(item, position):
        return lambda: challenge_move(
            challenge=Challenge.objects.get(pk=item.pk), position=position
        )

    for _round in range(5):  # a deadlock needs unlucky timing: give it several chances
        outcomes = race(move(items[5], 1), move(items[0], 6), move(items[2], 4))
        assert outcomes == ["saved"] * 3
    positions = sorted(Challenge.objects.filter(plan=world.plan).values_list("position", flat=True))
    assert positions == [1, 2, 3, 4, 5, 6]


def test_concurrent_additions_each_get_their_own_rank():
    world = make_world()
    make_challenge(world, title="Existing")

    def add(title):
        return lambda: make_challenge(world, title=title)

    assert race(add("A"), add("B"), add("C")) == ["saved"] * 3
    positions = sorted(Challenge.objects.filter(plan=world.plan).values_list("position", flat=True))
    assert positions == [1, 2, 3, 4]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_first_risk_checks_of_the_month_at_once_make_one_check_and_no_error():
    from django.test import Client

    from roadmap.toolkit.models import RiskCheck
    from tests.factories import make_world
    from tests.toolkit.helpers import risk_data

    world = make_world()
    url = f"/plans/{world.plan.pk}/toolkit/risk-checks/"
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def save(rating: int) -> None:
        client = Client()
        client.force_login(world.manager)
        try:
            barrier.wait()
            statuses.append(client.post(url, risk_data(rating)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n % 5 + 1,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 6  # each save is a clear outcome: saved (the last one wins)
    check = RiskCheck.objects.get(plan=world.plan)
    assert len({rating.rating for rating in check.ratings.all()}) == 1  # one save's ratings, whole
